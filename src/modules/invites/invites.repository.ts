import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import { hashInviteToken, newInviteToken } from './invites.models.js';
import { inviteTokens } from './invites.table.js';

export type InvitePurpose = 'invite' | 'relink';
export type InviteToken = typeof inviteTokens.$inferSelect;

export function createInvitesRepository({ db }: { db: DbOrTx }) {
  async function issue(input: {
    memberId: number;
    purpose: InvitePurpose;
    expiresAt: Date;
    createdByMemberId?: number | null;
  }): Promise<string> {
    const token = newInviteToken();
    await db.insert(inviteTokens).values({
      tokenHash: hashInviteToken(token),
      memberId: input.memberId,
      purpose: input.purpose,
      expiresAt: input.expiresAt,
      createdByMemberId: input.createdByMemberId ?? null,
    });
    return token;
  }

  async function find(token: string): Promise<InviteToken | undefined> {
    const [row] = await db
      .select()
      .from(inviteTokens)
      .where(eq(inviteTokens.tokenHash, hashInviteToken(token)));
    return row;
  }

  /** Mark used, only if still unused and unexpired: of two racing uses, exactly one wins. */
  async function consume(token: string, now: Date): Promise<boolean> {
    const rows = await db
      .update(inviteTokens)
      .set({ usedAt: now })
      .where(and(eq(inviteTokens.tokenHash, hashInviteToken(token)), isNull(inviteTokens.usedAt), gt(inviteTokens.expiresAt, now)))
      .returning({ memberId: inviteTokens.memberId });
    return rows.length === 1;
  }

  return { issue, find, consume };
}

export type InvitesRepository = ReturnType<typeof createInvitesRepository>;
