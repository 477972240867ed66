import {
  createConversationStateRepository,
  type ConversationState,
} from '../../modules/conversation-state/conversation-state.repository.js';
import type { Platform } from '../../shared/db/enums.js';
import type { ConversationDeps, ConversationResult } from '../conversation.types.js';
import { text } from '../conversation.types.js';
import { bot } from '../../texts/index.js';
import type { ButtonCodec } from '../buttons/codec.js';
import type { ButtonEvent, ButtonHandler } from '../flow-module.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';

// Helpers every flow shares: whose chat this is, its pending state, untrusted ids, kind answers.
type Sender = { platform: Platform; user: { externalId: string } };

export const accountOf = (e: Sender) => ({ platform: e.platform, externalId: e.user.externalId });
export const statesOf = (deps: ConversationDeps) => createConversationStateRepository({ db: deps.db });

export { parseId } from '../buttons/codec.js';

/** A short random tag tying a confirm button to the flow that showed it (an old button confirms nothing). */
export const newNonce = () => Math.random().toString(36).slice(2, 8);

/** The stored state of one flow, or undefined when another (or none) is pending. */
export async function pending<T>(e: Sender, flow: string, deps: ConversationDeps): Promise<T | undefined> {
  const state: ConversationState | undefined = await statesOf(deps).get(accountOf(e), deps.clock.now());
  return state?.flow === flow ? (state.data as T) : undefined;
}

export const save = (e: Sender, flow: string, data: object, deps: ConversationDeps) =>
  statesOf(deps).set(accountOf(e), { flow, data: data as Record<string, unknown> }, deps.clock.now());

/** The one answer to button data that is forged, malformed or from an old message: a toast, no change. */
export const stale = (): ConversationResult => ({ replies: [], buttonAnswer: bot.buttons.stale });

/**
 * A button handler that gets the button's data read by its codec; data that does not read
 * (forged, malformed, another version's) is refused the one way, with no change.
 */
export function onButton<V>(
  codec: ButtonCodec<V>,
  handle: (e: ButtonEvent, member: MemberWithBranch, value: V, deps: ConversationDeps) => Promise<ConversationResult>,
): ButtonHandler {
  return (e, member, args, deps) => {
    const value = codec.decode(args);
    return value === null ? Promise.resolve(stale()) : handle(e, member, value, deps);
  };
}

/** A kind answer to a button press: in the chat and as the toast. */
export const answer = (said: string, toast = said): ConversationResult => ({ replies: [text(said)], buttonAnswer: toast });
