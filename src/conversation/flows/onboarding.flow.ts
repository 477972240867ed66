import { findLinkedMember, linkByContact, linkByInvite, type LinkResult } from '../../modules/identities/onboarding.usecases.js';
import { looksLikeInviteToken } from '../../modules/invites/invites.models.js';
import { deliverMaterialToLateMember } from '../../modules/materials/publish.usecases.js';
import { bot } from '../../texts/index.js';
import type { InboundEvent } from '../inbound.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';

const t = bot.onboarding;
const askPhone = () => text(t.askPhone, { requestContact: { buttonText: t.shareButton } });
const account = (e: InboundEvent) => ({ platform: e.platform, externalId: e.user.externalId, chatId: e.chatId });

/** /start and /start <invite token>. */
export async function onStart(e: Extract<InboundEvent, { type: 'command' }>, deps: ConversationDeps): Promise<ConversationResult> {
  const token = e.args.trim();
  if (token) return withLateMaterials(await linkByInvite({ account: account(e), token }, deps), deps);
  const member = await findLinkedMember(account(e), deps);
  return member ? reply(text(t.greetAgain(member))) : reply(askPhone());
}

export async function onContact(e: Extract<InboundEvent, { type: 'contact' }>, deps: ConversationDeps): Promise<ConversationResult> {
  return withLateMaterials(await linkByContact({ account: account(e), phone: e.phone, ownerExternalId: e.ownerExternalId }, deps), deps);
}

/** A member who links now still gets this month's meeting material, after the greeting. */
async function withLateMaterials(r: LinkResult, deps: ConversationDeps): Promise<ConversationResult> {
  const result = answer(r);
  if (r.status !== 'linked' && r.status !== 'relinked') return result;
  const { outboxIds } = await deliverMaterialToLateMember({ memberId: r.member.id }, deps);
  return outboxIds.length ? { ...result, dispatch: outboxIds } : result;
}

/** Anything an unlinked person writes leads back to sharing the phone. */
export const onUnlinked = (): ConversationResult => reply(askPhone());

/**
 * An invite code typed as a message (Zalo has no deep links carrying a payload): the same as
 * opening the invite link. Null when the text holds no code, so the caller asks for the phone.
 */
export async function onInviteCode(e: Extract<InboundEvent, { type: 'text' }>, deps: ConversationDeps): Promise<ConversationResult | null> {
  const token = e.text.split(/\s+/).find(looksLikeInviteToken);
  return token ? withLateMaterials(await linkByInvite({ account: account(e), token }, deps), deps) : null;
}

function answer(r: LinkResult): ConversationResult {
  switch (r.status) {
    case 'linked':
      return reply(text(t.linked(r.member), { removeKeyboard: true }));
    case 'relinked':
      return reply(text(t.relinked(r.member), { removeKeyboard: true }));
    case 'already_linked':
      return reply(text(t.greetAgain(r.member), { removeKeyboard: true }));
    case 'not_own_contact':
      return reply(text(t.notOwnContact, { requestContact: { buttonText: t.shareButton } }));
    case 'unknown_phone':
      return reply(text(t.unknownPhone, { removeKeyboard: true }));
    case 'member_has_other_account':
      return reply(text(t.memberHasOtherAccount, { removeKeyboard: true }));
    case 'account_linked_to_other':
      return reply(text(t.accountLinkedToOther(r.member)));
    case 'invalid_invite':
      return reply(text(t.invalidInvite, { requestContact: { buttonText: t.shareButton } }));
  }
}
