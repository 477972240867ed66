import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { members } from '../members/members.table.js';
import { chatIdentities } from './identities.table.js';

export type Recipient = { memberId: number; platform: Platform; chatId: string };

/**
 * Where to reach members: one chat account each — the preferred platform when set, else the
 * account linked first — skipping accounts that blocked the bot. Members missing from the
 * result have no reachable account (the bí thư answers for them).
 */
export async function reachableRecipients(db: DbOrTx, memberIds: number[]): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  const rows = await db
    .select({
      memberId: chatIdentities.memberId,
      platform: chatIdentities.platform,
      chatId: chatIdentities.chatId,
      preferred: members.preferredPlatform,
    })
    .from(chatIdentities)
    .innerJoin(members, eq(members.id, chatIdentities.memberId))
    .where(and(inArray(chatIdentities.memberId, memberIds), isNull(chatIdentities.blockedAt)))
    .orderBy(asc(chatIdentities.linkedAt), asc(chatIdentities.id));
  const chosen = new Map<number, Recipient>();
  for (const r of rows) {
    const current = chosen.get(r.memberId);
    if (!current || (r.preferred === r.platform && current.platform !== r.platform)) {
      chosen.set(r.memberId, { memberId: r.memberId, platform: r.platform, chatId: r.chatId });
    }
  }
  return memberIds.map((id) => chosen.get(id)).filter((r): r is Recipient => r !== undefined);
}
