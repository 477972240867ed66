import { and, asc, eq } from 'drizzle-orm';
import { orgUnits } from '../../modules/org-units/org-units.table.js';
import type { DbOrTx } from '../../shared/db/db.js';
import { viDate, vnDate } from '../../shared/vn-time.js';

// What the /bieuquyet flow keeps between messages, and the read-only lookups that shape its
// questions. Who may create, and whether the draft is sound, is decided by the polls use cases.
export const POLL_FLOW = 'poll_create';

export type PollFlowData = {
  step: 'question' | 'options' | 'multiple' | 'anonymous' | 'deadline' | 'audience' | 'share' | 'confirm';
  nonce: string;
  /** The branch's party groups when the flow started, in the order they were numbered. */
  groups: { id: number; name: string }[];
  question?: string;
  options?: string[];
  multipleChoice?: boolean;
  anonymous?: boolean;
  /** ISO instant. */
  deadline?: string;
  /** null: the whole branch. */
  groupId?: number | null;
  shareResults?: boolean;
};

/** The party groups (tổ đảng) of a branch, for "choose a group by number". */
export async function partyGroups(db: DbOrTx, branchId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.parentId, branchId), eq(orgUnits.kind, 'group')))
    .orderBy(asc(orgUnits.name), asc(orgUnits.id));
}

/** Options typed one per line; bullets and numbering a person adds out of habit are dropped. */
export const optionLines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.replace(/^[\s•\-*]*(\d{1,2}[.)]\s*)?/, '').trim())
    .filter(Boolean);

/** 'HH:MM dd/mm/yyyy' in Vietnam time. */
export function viDateTime(at: Date): string {
  const hhmm = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);
  return `${hhmm} ${viDate(vnDate(at))}`;
}

/** The two quick deadlines offered as buttons: 24 hours (the default) and 3 days from now. */
export const QUICK_DEADLINES = { d1: 24 * 3_600_000, d3: 3 * 24 * 3_600_000 } as const;
export type QuickDeadline = keyof typeof QUICK_DEADLINES;
export const isQuickDeadline = (s: unknown): s is QuickDeadline => s === 'd1' || s === 'd3';
