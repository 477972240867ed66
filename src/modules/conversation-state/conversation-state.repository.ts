import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { conversationStates } from './conversation-state.table.js';

export type ConversationState = { flow: string; data: Record<string, unknown> };
type Key = { platform: Platform; externalId: string };

// A half-finished flow expires: a reply a day later is a new conversation.
const TTL_MS = 6 * 3_600_000;

export function createConversationStateRepository({ db }: { db: DbOrTx }) {
  return {
    async get(k: Key, now: Date): Promise<ConversationState | undefined> {
      const [row] = await db
        .select()
        .from(conversationStates)
        .where(
          and(
            eq(conversationStates.platform, k.platform),
            eq(conversationStates.externalId, k.externalId),
            gt(conversationStates.expiresAt, now),
          ),
        );
      return row && { flow: row.flow, data: row.data };
    },
    async set(k: Key, state: ConversationState, now: Date): Promise<void> {
      const values = { ...k, ...state, expiresAt: new Date(now.getTime() + TTL_MS), updatedAt: now };
      await db
        .insert(conversationStates)
        .values(values)
        .onConflictDoUpdate({ target: [conversationStates.platform, conversationStates.externalId], set: values });
    },
    async clear(k: Key): Promise<void> {
      await db
        .delete(conversationStates)
        .where(and(eq(conversationStates.platform, k.platform), eq(conversationStates.externalId, k.externalId)));
    },
  };
}
