import { createConversationStateRepository } from '../../modules/conversation-state/conversation-state.repository.js';
import { findLinkedMember } from '../../modules/identities/onboarding.usecases.js';
import { bot } from '../../texts/index.js';
import type { InboundEvent } from '../inbound.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { FlowModule } from '../flow-module.js';
import { onContact, onInviteCode, onStart, onUnlinked } from '../flows/onboarding.flow.js';
import { accountOf } from '../flows/flow.shared.js';

const CANCEL_COMMANDS = new Set(['huy']);

export type Router = ReturnType<typeof createRouter>;

/**
 * The conversation of these modules (every feature's, in menu order: src/features/). A command
 * or button prefix claimed twice is a mistake in the feature list, refused at start-up.
 */
export function createRouter(modules: readonly FlowModule[]) {
  const commands = uniqueMap(
    modules.flatMap((m) => Object.entries(m.commands ?? {})),
    'command',
  );
  const buttons = uniqueMap(
    modules.flatMap((m) => Object.entries(m.buttons ?? {})),
    'button prefix',
  );
  const textFlows = uniqueMap(
    modules.flatMap((m) => Object.entries(m.textFlows ?? {})),
    'text flow',
  );
  const attachmentFlows = new Map(modules.flatMap((m) => Object.entries(m.attachmentFlows ?? {})));
  const attachmentStarters = modules.flatMap((m) => (m.onAttachment ? [m.onAttachment] : []));
  const pollAnswerHandlers = modules.flatMap((m) => (m.pollAnswers ? [m.pollAnswers] : []));
  return {
    /** The Vietnamese command menu, registered on each platform that has one. */
    commandMenu: [
      { command: 'start', description: bot.commands.start },
      ...[...commands].filter(([, c]) => c.menu).map(([command, c]) => ({ command, description: c.menu! })),
    ],
    /** Every button prefix a flow owns: on Zalo a tap arrives as text, and only these count as taps. */
    buttonPrefixes: new Set(buttons.keys()) as ReadonlySet<string>,
    handleEvent: (e: InboundEvent, deps: ConversationDeps) =>
      handleEvent(e, deps, { commands, buttons, textFlows, attachmentFlows, attachmentStarters, pollAnswerHandlers }),
  };
}

function uniqueMap<V>(entries: [string, V][], what: string): Map<string, V> {
  const map = new Map<string, V>();
  for (const [k, v] of entries) {
    if (map.has(k)) throw new Error(`two conversation modules claim the ${what} "${k}"`);
    map.set(k, v);
  }
  return map;
}

type Routes = {
  commands: Map<string, NonNullable<FlowModule['commands']>[string]>;
  buttons: Map<string, NonNullable<FlowModule['buttons']>[string]>;
  textFlows: Map<string, NonNullable<FlowModule['textFlows']>[string]>;
  attachmentFlows: Map<string, NonNullable<FlowModule['attachmentFlows']>[string]>;
  attachmentStarters: NonNullable<FlowModule['onAttachment']>[];
  pollAnswerHandlers: NonNullable<FlowModule['pollAnswers']>[];
};

/** Route one inbound event to its flow. Runs inside the event's transaction. */
async function handleEvent(
  e: InboundEvent,
  deps: ConversationDeps,
  { commands, buttons, textFlows, attachmentFlows, attachmentStarters, pollAnswerHandlers }: Routes,
): Promise<ConversationResult> {
  if (e.type === 'reachability') return reply();
  if (e.type === 'command' && e.command === 'start') return onStart(e, deps);
  if (e.type === 'contact') return onContact(e, deps);

  const member = await findLinkedMember(accountOf(e), deps);
  if (e.type === 'poll_answer') {
    // A vote from an account we do not know counts for nothing and gets no answer.
    if (!member) return reply();
    for (const handle of pollAnswerHandlers) {
      const r = await handle(e, member, deps);
      if (r.replies.length || r.dispatch?.length) return r;
    }
    return reply();
  }
  if (!member) {
    if (e.type === 'text') return (await onInviteCode(e, deps)) ?? onUnlinked();
    return e.type === 'button' ? { replies: onUnlinked().replies, buttonAnswer: bot.buttons.stale } : onUnlinked();
  }
  const key = accountOf(e);
  const states = createConversationStateRepository({ db: deps.db });

  if (e.type === 'command') {
    // A command always starts afresh: it abandons any half-finished flow.
    const cancel = CANCEL_COMMANDS.has(e.command);
    const pending = cancel ? await states.get(key, deps.clock.now()) : null;
    await states.clear(key);
    // "Đã hủy" only when something was in progress: otherwise it would suggest an action undone.
    if (cancel) return reply(text(pending ? bot.account.cancelled : bot.account.nothingToCancel));
    const command = commands.get(e.command);
    return command ? command.run(e, member, deps) : reply(text(bot.account.notUnderstood));
  }
  if (e.type === 'button') {
    const [prefix = '', ...args] = e.data.split(':');
    const handler = buttons.get(prefix);
    // No module claims this button (forged data): say so, change nothing.
    return handler ? handler(e, member, args, deps) : { replies: [], buttonAnswer: bot.buttons.stale };
  }
  const state = await states.get(key, deps.clock.now());
  if (e.type === 'attachment') {
    // A photo or file means something as the answer a flow is waiting for, or when a module
    // starts a flow with it (a propaganda officer sending the month's material).
    const flow = state && attachmentFlows.get(state.flow);
    if (state && flow) return flow(e, member, state, deps);
    for (const start of attachmentStarters) {
      const started = await start(e, member, deps);
      if (started) return started;
    }
    return reply(text(bot.account.notUnderstood));
  }
  const flow = state && textFlows.get(state.flow);
  if (state && flow) return flow(e, member, state, deps);
  return reply(text(bot.account.notUnderstood));
}

export type { FlowModule };
