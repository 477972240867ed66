import { lt } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { processedUpdates } from './updates.table.js';

export function createUpdatesRepository({ db }: { db: DbOrTx }) {
  return {
    /** True the first time an update is seen; false for a redelivery. Call inside the handling transaction. */
    async claim(platform: Platform, updateId: string, outcome: 'handled' | 'failed' = 'handled'): Promise<boolean> {
      const rows = await db
        .insert(processedUpdates)
        .values({ platform, updateId, outcome })
        .onConflictDoNothing()
        .returning({ id: processedUpdates.updateId });
      return rows.length === 1;
    },
    /** Telegram keeps undelivered updates 24 h and Zalo retries for minutes: a month is plenty. */
    async pruneOlderThan(before: Date): Promise<number> {
      const rows = await db
        .delete(processedUpdates)
        .where(lt(processedUpdates.processedAt, before))
        .returning({ id: processedUpdates.updateId });
      return rows.length;
    },
  };
}
