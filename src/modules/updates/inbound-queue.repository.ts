import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { inboundQueue } from './inbound-queue.table.js';

export type QueuedInbound = { platform: Platform; updateId: string; event: Record<string, unknown>; attempts: number };

/** Events accepted from a webhook and not yet handled (see inbound-queue.table.ts). */
export function createInboundQueueRepository({ db }: { db: DbOrTx }) {
  return {
    /** False when the event is already queued (a redelivery while the first is still waiting). */
    async add(platform: Platform, updateId: string, event: Record<string, unknown>, now: Date): Promise<boolean> {
      const rows = await db
        .insert(inboundQueue)
        .values({ platform, updateId, event, receivedAt: now, notBefore: now })
        .onConflictDoNothing()
        .returning({ id: inboundQueue.updateId });
      return rows.length === 1;
    },
    async remove(platform: Platform, updateId: string): Promise<void> {
      await db.delete(inboundQueue).where(and(eq(inboundQueue.platform, platform), eq(inboundQueue.updateId, updateId)));
    },
    /** Handling failed (Postgres trouble): try again later, a little later each time. */
    async postpone(platform: Platform, updateId: string, until: Date): Promise<void> {
      await db
        .update(inboundQueue)
        .set({ attempts: sql`${inboundQueue.attempts} + 1`, notBefore: until })
        .where(and(eq(inboundQueue.platform, platform), eq(inboundQueue.updateId, updateId)));
    },
    /** Waiting events due by `dueBy`, in the order they arrived. */
    async due(dueBy: Date, limit: number): Promise<QueuedInbound[]> {
      return db
        .select({
          platform: inboundQueue.platform,
          updateId: inboundQueue.updateId,
          event: inboundQueue.event,
          attempts: inboundQueue.attempts,
        })
        .from(inboundQueue)
        .where(lte(inboundQueue.notBefore, dueBy))
        .orderBy(asc(inboundQueue.receivedAt), asc(inboundQueue.updateId))
        .limit(limit);
    },
  };
}
