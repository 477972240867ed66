import type { MemberKind, MemberRole, MemberStatus, OutboxStatus } from '../../shared/db/enums.js';
import { noticeMessage, type StoredMessage } from '../../shared/outbound.js';
import type { MaterialNotice } from './materials.notices.js';
import { preparers } from '../meetings/meetings.models.js';
import { pathIds } from '../org-units/org-units.models.js';
import { isActiveMember } from '../members/members.models.js';

export const FILE_EXTENSIONS = ['pdf', 'doc', 'docx'] as const;
export const MIME_TYPES: Record<(typeof FILE_EXTENSIONS)[number], string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
/** Keeps the caption (title + month + one line) well inside Telegram's 1024-character limit. */
export const TITLE_MAX = 200;
/** Rows per insert: a province fans out to ~100k members, and Postgres takes at most 65,535 parameters per statement. */
export const FAN_OUT_CHUNK = 1000;

export type FileExtension = (typeof FILE_EXTENSIONS)[number];

export function fileExtension(name: string): FileExtension | null {
  const ext = /\.([a-z0-9]+)$/i.exec(name.trim())?.[1]?.toLowerCase();
  return FILE_EXTENSIONS.find((e) => e === ext) ?? null;
}

export const isPeriod = (s: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

export function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s.trim());
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export type FormFields = { title: string; period: string; file?: { name: string } | undefined; linkUrl?: string | undefined };

/** What is wrong with the form itself, as stable codes (texts: materialsTexts.problems). */
export function formProblems(f: FormFields): string[] {
  const problems: string[] = [];
  const hasLink = f.linkUrl !== undefined && f.linkUrl.trim() !== '';
  if (!f.file && !hasLink) problems.push('no_file_or_link');
  if (f.file && hasLink) problems.push('both_file_and_link');
  if (!isPeriod(f.period)) problems.push('bad_period');
  if (f.title.trim() === '') problems.push('empty_title');
  else if (f.title.trim().length > TITLE_MAX) problems.push('title_too_long');
  if (hasLink && !isHttpUrl(f.linkUrl!)) problems.push('bad_link');
  if (f.file && !fileExtension(f.file.name)) problems.push('bad_file_type');
  return problems;
}

export const dedupeKeyFor = (materialId: number, memberId: number) => `material:${materialId}:${memberId}`;

/**
 * A branch is in scope when its path passes through a chosen unit, or through the publishing
 * unit when nothing was chosen (the whole subtree).
 */
export function branchInScope(branchPath: string, m: { orgUnitId: number; scopeUnitIds: readonly number[] }): boolean {
  const chain = pathIds(branchPath);
  if (!chain.includes(m.orgUnitId)) return false;
  return m.scopeUnitIds.length === 0 || m.scopeUnitIds.some((id) => chain.includes(id));
}

type RosterMember = { id: number; role: MemberRole; kind: MemberKind; status: MemberStatus };

/**
 * Who in one branch receives the material: active members; for 'committee', the active
 * preparers. Whether a chi ủy exists depends on the official members of the whole roster
 * (an exempt member is still an official member), so the roster passed in is complete.
 */
export function audienceOf<T extends RosterMember>(roster: readonly T[], audience: 'all' | 'committee'): T[] {
  const picked = audience === 'committee' ? preparers(roster) : roster;
  return picked.filter(isActiveMember);
}

export type DeliveryStatus = 'pending' | 'sent' | 'acknowledged' | 'failed';
export type DeliveryFacts = { acknowledged: boolean; failure: string | null; outboxStatus: OutboxStatus | null; lastError: string | null };

/** The gateway's error kind from an outbox lastError ("blocked: Forbidden: …" → 'blocked'). */
export function failureReason(lastError: string | null): string {
  if (!lastError) return 'error';
  const gaveUp = /^gave up after \d+ attempts: (\w+)/.exec(lastError);
  return gaveUp ? gaveUp[1]! : lastError.split(':')[0]!.trim() || 'error';
}

export function deliveryStatus(d: DeliveryFacts): { status: DeliveryStatus; reason?: string } {
  if (d.acknowledged) return { status: 'acknowledged' };
  if (d.failure) return { status: 'failed', reason: d.failure };
  if (d.outboxStatus === 'failed') return { status: 'failed', reason: failureReason(d.lastError) };
  return { status: d.outboxStatus === 'sent' ? 'sent' : 'pending' };
}

/** The four states are exclusive: recipients = pending + sent + acknowledged + failed. */
export type DeliveryCounts = {
  recipients: number;
  pending: number;
  sent: number;
  acknowledged: number;
  failed: number;
  failures: Record<string, number>;
};

export const emptyCounts = (): DeliveryCounts => ({ recipients: 0, pending: 0, sent: 0, acknowledged: 0, failed: 0, failures: {} });

export function addToCounts(c: DeliveryCounts, facts: DeliveryFacts, n = 1): void {
  const { status, reason } = deliveryStatus(facts);
  c.recipients += n;
  c[status] += n;
  if (reason) c.failures[reason] = (c.failures[reason] ?? 0) + n;
}

export function chunked<T>(items: readonly T[], size = FAN_OUT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What every recipient gets: the document (resolved to a file at delivery) or the link. */
export function materialMessage(m: { id: number; title: string; period: string; linkUrl: string | null }): StoredMessage {
  return noticeMessage({
    type: 'material.delivery',
    material: { id: m.id, title: m.title, period: m.period, linkUrl: m.linkUrl },
  } satisfies MaterialNotice);
}
