import { findLinkedMember } from '../modules/identities/onboarding.usecases.js';
import { bot } from '../texts/index.js';
import type { InboundEvent } from './inbound.js';
import { reply, text, type ConversationDeps, type ConversationResult } from './conversation.types.js';
import { onContact, onStart, onUnlinked } from './flows/onboarding.flow.js';
import { onHelp, onMe, onRelink } from './flows/account.flow.js';

/** The Vietnamese command menu, registered on each platform that has one. */
export const COMMAND_MENU = Object.entries(bot.commands).map(([command, description]) => ({ command, description }));

/** Route one inbound event to its flow. Runs inside the event's transaction. */
export async function handleEvent(e: InboundEvent, deps: ConversationDeps): Promise<ConversationResult> {
  if (e.type === 'reachability') return reply();
  if (e.type === 'command' && e.command === 'start') return onStart(e, deps);
  if (e.type === 'contact') return onContact(e, deps);

  const member = await findLinkedMember({ platform: e.platform, externalId: e.user.externalId }, deps);
  if (!member) {
    return e.type === 'button' ? { replies: onUnlinked().replies, buttonAnswer: bot.buttons.stale } : onUnlinked();
  }
  if (e.type === 'command') {
    switch (e.command) {
      case 'trogiup': case 'help': return onHelp(member);
      case 'toi': return onMe(member);
      case 'doitaikhoan': return onRelink(e, member, deps);
    }
  }
  // No flow claims this button (an old message, or forged data): say so, change nothing.
  if (e.type === 'button') return { replies: [], buttonAnswer: bot.buttons.stale };
  return reply(text(bot.account.notUnderstood));
}
