import type { DbOrTx } from '../../shared/db/db.js';
import type { Clock } from '../../shared/clock.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { normalizePhone } from '../members/members.models.js';
import { createMembersRepository, type Member, type MemberWithBranch } from '../members/members.repository.js';
import { createOrgUnitsRepository } from '../org-units/org-units.repository.js';
import { createUnitRolesRepository } from '../unit-roles/unit-roles.repository.js';
import { createInvitesRepository } from './invites.repository.js';

type Deps = { db: DbOrTx; clock: Clock };
const DAY_MS = 86_400_000;

/** One fresh single-use invite per member of a branch (CLI, run by an admin). */
export async function issueBranchInvites(
  { branchId, ttlDays }: { branchId: number; ttlDays: number },
  { db, clock }: Deps,
): Promise<{ member: Member; token: string }[]> {
  const members = await createMembersRepository({ db }).listByBranch(branchId);
  const invites = createInvitesRepository({ db });
  const expiresAt = new Date(clock.now().getTime() + ttlDays * DAY_MS);
  const out: { member: Member; token: string }[] = [];
  for (const member of members) out.push({ member, token: await invites.issue({ memberId: member.id, purpose: 'invite', expiresAt }) });
  await createAuditRepository({ db }).record({
    actorKind: 'cli',
    action: 'invite.issue_branch',
    subjectType: 'org_unit',
    subjectId: branchId,
    details: { count: out.length, ttlDays },
  });
  return out;
}

export type RelinkActor = { kind: 'cli' } | { kind: 'member'; memberId: number };
export type RelinkResult =
  | { status: 'ok'; member: MemberWithBranch; token: string; expiresAt: Date }
  /** CLI only: the phone is not in the roster. */
  | { status: 'unknown_phone' }
  /** A member asked for someone outside what they may manage (or not in the roster at all). */
  | { status: 'not_in_scope' };

/**
 * A link that moves a member to a new chat account (lost phone). Only the bí thư of the
 * member's branch or an admin of a unit above it may issue one; the CLI counts as admin.
 */
export async function issueRelink(
  { actor, phone, ttlHours = 48 }: { actor: RelinkActor; phone: string; ttlHours?: number },
  { db, clock }: Deps,
): Promise<RelinkResult> {
  const normalized = normalizePhone(phone);
  const membersRepo = createMembersRepository({ db });
  const target = normalized ? await membersRepo.findByPhone(normalized) : undefined;
  if (actor.kind === 'member' && !(await mayRelink(actor.memberId, target, db))) return { status: 'not_in_scope' };
  if (!target) return { status: 'unknown_phone' };
  const expiresAt = new Date(clock.now().getTime() + ttlHours * 3_600_000);
  const token = await createInvitesRepository({ db }).issue({
    memberId: target.id,
    purpose: 'relink',
    expiresAt,
    createdByMemberId: actor.kind === 'member' ? actor.memberId : null,
  });
  await createAuditRepository({ db }).record({
    actorMemberId: actor.kind === 'member' ? actor.memberId : null,
    actorKind: actor.kind,
    action: 'invite.issue_relink',
    subjectType: 'member',
    subjectId: target.id,
  });
  return { status: 'ok', member: target, token, expiresAt };
}

// An unknown phone and a member of another branch get the same answer, so a bí thư
// cannot probe other branches' rosters through this command.
async function mayRelink(actorId: number, target: Member | undefined, db: DbOrTx): Promise<boolean> {
  const actor = await createMembersRepository({ db }).findById(actorId);
  if (!actor || !target) return false;
  if (actor.role === 'secretary' && actor.branchId === target.branchId) return true;
  const branch = await createOrgUnitsRepository({ db }).findById(target.branchId);
  return !!branch && createUnitRolesRepository({ db }).holdsOver(actorId, 'admin', branch);
}
