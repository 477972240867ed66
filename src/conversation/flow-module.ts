import type { MemberWithBranch } from '../modules/members/members.repository.js';
import type { ConversationState } from '../modules/conversation-state/conversation-state.repository.js';
import type { InboundEvent } from './inbound.js';
import type { ConversationDeps, ConversationResult } from './conversation.types.js';

export type CommandEvent = Extract<InboundEvent, { type: 'command' }>;
export type ButtonEvent = Extract<InboundEvent, { type: 'button' }>;
export type TextEvent = Extract<InboundEvent, { type: 'text' }>;
export type PollAnswerEvent = Extract<InboundEvent, { type: 'poll_answer' }>;
export type AttachmentEvent = Extract<InboundEvent, { type: 'attachment' }>;

/**
 * A feature's share of the conversation: the commands it answers, the button prefixes it
 * owns (button data is "<prefix>:<arg>:<arg>", at most 64 bytes), and its multi-step text
 * flows (the flow name stored in conversation_states). The router knows nothing else.
 */
export type ButtonHandler = (
  e: ButtonEvent,
  member: MemberWithBranch,
  args: string[],
  deps: ConversationDeps,
) => Promise<ConversationResult>;

export type FlowModule = {
  /** Command → handler; listed in the platform menu in this order when `menu` is true. */
  commands?: Record<
    string,
    { menu?: string; run: (e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps) => Promise<ConversationResult> }
  >;
  buttons?: Record<string, ButtonHandler>;
  textFlows?: Record<
    string,
    (e: TextEvent, member: MemberWithBranch, state: ConversationState, deps: ConversationDeps) => Promise<ConversationResult>
  >;
  /** Flows (by the same state name) that accept a photo or document as the next answer. */
  attachmentFlows?: Record<
    string,
    (e: AttachmentEvent, member: MemberWithBranch, state: ConversationState, deps: ConversationDeps) => Promise<ConversationResult>
  >;
  /** A photo or document no flow waits for: return null to leave it to the next module. */
  /** Answers to native polls (no chat reply: a vote is silent). */
  pollAnswers?: (e: PollAnswerEvent, member: MemberWithBranch, deps: ConversationDeps) => Promise<ConversationResult>;
  onAttachment?: (e: AttachmentEvent, member: MemberWithBranch, deps: ConversationDeps) => Promise<ConversationResult | null>;
};
