import type { Platform } from '../../shared/db/enums.js';

/** To a branch's leaders: the bot cannot reach this member on this platform (its reply window closed). */
export type OutboxNotice = { type: 'outbox.unreachable'; memberId: number; fullName: string; platform: Platform };
