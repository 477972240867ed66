import { and, eq, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import { chatIdentities } from '../identities/identities.table.js';
import { unitRoles } from '../unit-roles/unit-roles.table.js';
import { createOutboxRepository } from '../outbox/outbox.repository.js';

/**
 * Tell every admin (unit role 'admin', at any unit) something only an operator can fix, on
 * every chat account they have except the platform that is broken: a dead Zalo consent must
 * not be announced over Zalo. Idempotent per `key`: one alert per admin account per key.
 */
export async function alertAdmins(
  { message, key, now, avoidPlatform }: { message: OutboundMessage; key: string; now: Date; avoidPlatform?: Platform },
  { db }: { db: DbOrTx },
): Promise<{ outboxIds: number[] }> {
  const accounts = await db
    .selectDistinct({ memberId: chatIdentities.memberId, platform: chatIdentities.platform, chatId: chatIdentities.chatId })
    .from(unitRoles)
    .innerJoin(chatIdentities, eq(chatIdentities.memberId, unitRoles.memberId))
    .where(
      and(
        eq(unitRoles.role, 'admin'),
        isNull(chatIdentities.blockedAt),
        ...(avoidPlatform ? [ne(chatIdentities.platform, avoidPlatform)] : []),
      ),
    );
  const outboxIds = await createOutboxRepository({ db }).add(
    accounts.map((a) => ({
      platform: a.platform,
      chatId: a.chatId,
      memberId: a.memberId,
      message,
      dedupeKey: `admin-alert:${key}:${a.platform}:${a.memberId}`,
    })),
    now,
  );
  return { outboxIds };
}
