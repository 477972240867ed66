import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { pollCopies } from './polls.table.js';

// Called by the outbox delivery once a poll copy is on the platform: its platform poll id is
// how the answers find their way back to the member and the poll.
export async function recordPollCopy(
  db: DbOrTx,
  copy: {
    pollId: number;
    memberId: number;
    platform: Platform;
    chatId: string;
    messageId: string;
    platformPollId: string | null;
  },
): Promise<void> {
  await db
    .insert(pollCopies)
    .values(copy)
    .onConflictDoUpdate({
      target: [pollCopies.pollId, pollCopies.memberId, pollCopies.platform],
      set: { messageId: copy.messageId, platformPollId: copy.platformPollId, chatId: copy.chatId },
    });
}

export async function markPollCopyStopped(
  db: DbOrTx,
  { pollId, platform, messageId, at }: { pollId: number; platform: Platform; messageId: string; at: Date },
): Promise<void> {
  await db
    .update(pollCopies)
    .set({ stoppedAt: at })
    .where(and(eq(pollCopies.pollId, pollId), eq(pollCopies.platform, platform), eq(pollCopies.messageId, messageId)));
}
