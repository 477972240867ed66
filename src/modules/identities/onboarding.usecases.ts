import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { Clock } from '../../shared/clock.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { createInvitesRepository } from '../invites/invites.repository.js';
import { looksLikeInviteToken } from '../invites/invites.models.js';
import { normalizePhone } from '../members/members.models.js';
import { createMembersRepository, type MemberWithBranch } from '../members/members.repository.js';
import { createIdentitiesRepository } from './identities.repository.js';

type Deps = { db: DbOrTx; clock: Clock };
type Account = { platform: Platform; externalId: string; chatId: string };

export type LinkResult =
  | { status: 'linked' | 'relinked' | 'already_linked'; member: MemberWithBranch }
  /** The shared contact is someone else's (forwarded), not the sender's own number. */
  | { status: 'not_own_contact' }
  /** Not in the roster — the answer reveals nothing more about the roster. */
  | { status: 'unknown_phone' }
  /** The member already uses another account on this platform; only bí thư or admin can move it. */
  | { status: 'member_has_other_account' }
  /** This account is already linked to a different member than the invite names. */
  | { status: 'account_linked_to_other'; member: MemberWithBranch }
  | { status: 'invalid_invite' };

/** The member behind a chat account, if linked. */
export async function findLinkedMember({ platform, externalId }: { platform: Platform; externalId: string }, { db }: { db: DbOrTx }) {
  const identity = await createIdentitiesRepository({ db }).findByExternal(platform, externalId);
  return identity ? createMembersRepository({ db }).findById(identity.memberId) : undefined;
}

/** Onboarding by a shared contact: the phone proves who the sender is. */
export async function linkByContact(
  { account, phone, ownerExternalId }: { account: Account; phone: string; ownerExternalId: string | null },
  { db, clock }: Deps,
): Promise<LinkResult> {
  if (ownerExternalId !== account.externalId) return { status: 'not_own_contact' };
  const already = await findLinkedMember(account, { db });
  if (already) return { status: 'already_linked', member: already };
  const normalized = normalizePhone(phone);
  const member = normalized ? await createMembersRepository({ db }).findByPhone(normalized) : undefined;
  if (!member) return { status: 'unknown_phone' };
  const identities = createIdentitiesRepository({ db });
  if (await identities.findForMember(member.id, account.platform)) return { status: 'member_has_other_account' };
  await identities.link({ memberId: member.id, ...account, at: clock.now() });
  await createAuditRepository({ db }).record({
    actorMemberId: member.id,
    actorKind: 'member',
    action: 'identity.link',
    subjectType: 'member',
    subjectId: member.id,
    details: { platform: account.platform, method: 'contact' },
  });
  return { status: 'linked', member };
}

/** Onboarding by a deep-link token (an invite, or a relink issued by the bí thư or an admin). */
export async function linkByInvite({ account, token }: { account: Account; token: string }, { db, clock }: Deps): Promise<LinkResult> {
  if (!looksLikeInviteToken(token)) return { status: 'invalid_invite' };
  const invites = createInvitesRepository({ db });
  const invite = await invites.find(token);
  const now = clock.now();
  if (!invite || invite.usedAt || invite.expiresAt <= now) {
    const already = await findLinkedMember(account, { db });
    // A member re-opening their used link is simply greeted.
    if (already && invite && already.id === invite.memberId) return { status: 'already_linked', member: already };
    return { status: 'invalid_invite' };
  }
  const members = createMembersRepository({ db });
  const already = await findLinkedMember(account, { db });
  if (already) {
    return already.id === invite.memberId
      ? { status: 'already_linked', member: already }
      : { status: 'account_linked_to_other', member: already };
  }
  const identities = createIdentitiesRepository({ db });
  const previous = await identities.findForMember(invite.memberId, account.platform);
  if (previous && invite.purpose !== 'relink') return { status: 'member_has_other_account' };
  if (!(await invites.consume(token, now))) return { status: 'invalid_invite' };
  await identities.link({ memberId: invite.memberId, ...account, at: now });
  await createAuditRepository({ db }).record({
    actorMemberId: invite.memberId,
    actorKind: 'member',
    action: previous ? 'identity.relink' : 'identity.link',
    subjectType: 'member',
    subjectId: invite.memberId,
    details: { platform: account.platform, method: invite.purpose, issuedBy: invite.createdByMemberId },
  });
  const member = (await members.findById(invite.memberId))!;
  return { status: previous ? 'relinked' : 'linked', member };
}
