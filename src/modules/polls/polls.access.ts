import type { DbOrTx } from '../../shared/db/db.js';
import { createMembersRepository, type MemberWithBranch } from '../members/members.repository.js';
import { mayRunPolls } from './polls.models.js';

/** Who acts on a poll: a member (checked on every call), or the service itself (the deadline). */
export type PollActor = { kind: 'member'; memberId: number } | { kind: 'system' };

/**
 * The member, re-read now, when they may run polls of `branchId` (their own branch's bí thư or
 * phó bí thư, active): a role lost since the conversation began no longer counts.
 */
export async function pollLeader(db: DbOrTx, memberId: number, branchId?: number): Promise<MemberWithBranch | undefined> {
  const m = await createMembersRepository({ db }).findById(memberId);
  if (!m || !mayRunPolls(m)) return undefined;
  return branchId === undefined || m.branchId === branchId ? m : undefined;
}

/** The system, or a leader of the poll's branch. */
export async function mayManagePoll(db: DbOrTx, actor: PollActor, branchId: number): Promise<boolean> {
  return actor.kind === 'system' || (await pollLeader(db, actor.memberId, branchId)) !== undefined;
}
