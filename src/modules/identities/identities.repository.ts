import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { chatIdentities } from './identities.table.js';

export type ChatIdentity = typeof chatIdentities.$inferSelect;

export function createIdentitiesRepository({ db }: { db: DbOrTx }) {
  async function findByExternal(platform: Platform, externalId: string): Promise<ChatIdentity | undefined> {
    const [row] = await db
      .select()
      .from(chatIdentities)
      .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.externalId, externalId)));
    return row;
  }

  async function findForMember(memberId: number, platform: Platform): Promise<ChatIdentity | undefined> {
    const [row] = await db
      .select()
      .from(chatIdentities)
      .where(and(eq(chatIdentities.memberId, memberId), eq(chatIdentities.platform, platform)));
    return row;
  }

  async function listForMember(memberId: number): Promise<ChatIdentity[]> {
    return db.select().from(chatIdentities).where(eq(chatIdentities.memberId, memberId));
  }

  /** Link an account; replaces the member's previous account on that platform (a relink). */
  async function link(input: { memberId: number; platform: Platform; externalId: string; chatId: string; at: Date }): Promise<void> {
    await db.delete(chatIdentities).where(and(eq(chatIdentities.memberId, input.memberId), eq(chatIdentities.platform, input.platform)));
    await db.insert(chatIdentities).values({
      memberId: input.memberId,
      platform: input.platform,
      externalId: input.externalId,
      chatId: input.chatId,
      linkedAt: input.at,
      lastInteractionAt: input.at,
    });
  }

  /** Record that the account wrote to us (Zalo's reply window) and can be reached again. */
  async function touch(platform: Platform, externalId: string, at: Date): Promise<void> {
    await db
      .update(chatIdentities)
      .set({ lastInteractionAt: at, blockedAt: null })
      .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.externalId, externalId)));
  }

  async function markBlocked(platform: Platform, externalId: string, at: Date): Promise<void> {
    await db
      .update(chatIdentities)
      .set({ blockedAt: at })
      .where(and(eq(chatIdentities.platform, platform), eq(chatIdentities.externalId, externalId)));
  }

  return { findByExternal, findForMember, listForMember, link, touch, markBlocked };
}

export type IdentitiesRepository = ReturnType<typeof createIdentitiesRepository>;
