import type { DbOrTx } from '../../shared/db/db.js';
import { auditLog } from './audit.table.js';

export type AuditEntry = {
  actorMemberId?: number | null;
  actorKind: 'member' | 'cli' | 'system' | 'http';
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  /** Ids and codes only: never message text, phone numbers or tokens. */
  details?: Record<string, unknown>;
};

export function createAuditRepository({ db }: { db: DbOrTx }) {
  return {
    async record(e: AuditEntry): Promise<void> {
      await db.insert(auditLog).values({
        actorMemberId: e.actorMemberId ?? null,
        actorKind: e.actorKind,
        action: e.action,
        subjectType: e.subjectType ?? null,
        subjectId: e.subjectId === undefined ? null : String(e.subjectId),
        details: e.details ?? null,
      });
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
