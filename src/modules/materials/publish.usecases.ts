import type { Clock } from '../../shared/clock.js';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { isAppError } from '../../shared/errors.js';
import { createAuditRepository } from '../audit/audit.repository.js';
import { reachableRecipients } from '../identities/recipients.repository.js';
import { pathIds } from '../org-units/org-units.models.js';
import { createOrgUnitsRepository, type OrgUnit } from '../org-units/org-units.repository.js';
import { countBranchesInScope, recipientsInScope } from './audience.repository.js';
import { extractFirstPageText } from './extract.js';
import { fanOutMaterial } from './fanout.usecases.js';
import { auditActor, isPropagandaOfficer, sourceOf, type PublishActor } from './materials.access.js';
import { chunked, fileExtension, formProblems, MIME_TYPES } from './materials.models.js';
import { createMaterialsRepository, type Material } from './materials.repository.js';
import { classifyMarking, type Marking, type MarkPlace, type SecretMark } from './secrecy.models.js';

// The whole materials API for the edges (chat flow, HTTP endpoint, CLI, sweeps) is importable from here.
export type { PublishActor } from './materials.access.js';
export type { Material } from './materials.repository.js';
export type { Marking, MarkPlace, SecretMark } from './secrecy.models.js';
export { fanOutMaterial, deliverMaterialToLateMember, dueScheduledMaterials, type FanOutResult } from './fanout.usecases.js';
export { acknowledgeMaterial, resendFailed, materialReport, currentMaterialsForBranch } from './tracking.usecases.js';
export type { MaterialReport, UnitReport, BranchMaterial } from './tracking.usecases.js';
export type { DeliveryCounts } from './materials.models.js';

export type MaterialFileInput = {
  name: string;
  size: number;
  mimeType?: string;
  /** The bytes, from the HTTP upload or the CLI: stored until every platform has a file id. */
  content?: Buffer;
  /** A document sent in chat: the platform already has it. */
  platformFile?: { platform: Platform; fileId: string };
  /** The first page's text when the caller already has it (else read from `content`). */
  firstPageText?: string;
};

export type PublishInput = {
  actor: PublishActor;
  unitId: number;
  /** 'YYYY-MM': the month of meetings the material is for. */
  period: string;
  title: string;
  caption?: string;
  audience: 'all' | 'committee';
  /** Units inside the publisher's subtree; [] = the whole subtree. */
  scopeUnitIds: number[];
  file?: MaterialFileInput;
  linkUrl?: string;
  /** Default: now. Later than now: scheduled; the sweep fans it out. */
  sendAt?: Date;
  /** The sender's second confirmation for "Lưu hành nội bộ" material. */
  confirmInternal?: boolean;
  now: Date;
};

export type PreviewResult =
  | { status: 'ok'; marking: Marking; recipients: { total: number; reachable: number; notLinked: number }; branches: number }
  | { status: 'forbidden' }
  | { status: 'invalid'; problems: string[] };

export type PublishResult =
  | { status: 'refused_secret'; mark: SecretMark; place: MarkPlace }
  | { status: 'needs_internal_confirmation'; place: MarkPlace }
  | { status: 'forbidden' }
  | { status: 'invalid'; problems: string[] }
  | { status: 'published'; material: Material; recipients: number; scheduled: boolean; outboxIds: number[] };

type Checked = { status: 'forbidden' } | { status: 'checked'; unit: OrgUnit | undefined; marking: Marking; problems: string[] };

/** Who may publish, what the secrecy guard sees, and what is wrong with the form. */
async function check(input: PublishInput, { db }: { db: DbOrTx }): Promise<Checked> {
  const units = createOrgUnitsRepository({ db });
  const unit = await units.findById(input.unitId);
  if (input.actor.kind === 'member' && (!unit || !(await isPropagandaOfficer(input.actor, unit, { db })))) return { status: 'forbidden' };
  const problems = formProblems({ title: input.title, period: input.period, file: input.file, linkUrl: input.linkUrl });
  if (!unit) problems.push('unit_not_found');
  let firstPage = input.file?.firstPageText;
  if (firstPage === undefined && input.file?.content) {
    try {
      firstPage = await extractFirstPageText(input.file.name, input.file.content);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'materials.unreadable_file') throw e;
      // Unreadable means unchecked: refused as invalid, never sent unread.
      problems.push('unreadable_file');
    }
  }
  // A PDF or DOCX whose first page nobody read is unchecked: refused rather than trusted.
  const readable = input.file && ['pdf', 'docx'].includes(fileExtension(input.file.name) ?? '');
  if (readable && firstPage === undefined && !problems.includes('unreadable_file')) problems.push('first_page_unread');
  if (unit) {
    for (const id of new Set(input.scopeUnitIds)) {
      const scoped = await units.findById(id);
      if (!scoped || !pathIds(scoped.path).includes(unit.id)) {
        problems.push('scope_outside');
        break;
      }
    }
  }
  const marking = classifyMarking({ title: input.title, caption: input.caption, fileName: input.file?.name, firstPage });
  return { status: 'checked', unit, marking, problems };
}

/** What publishing would do, before anything is stored or sent: marking, recipients, branches. */
export async function previewMaterial(input: PublishInput, { db }: { db: DbOrTx }): Promise<PreviewResult> {
  const c = await check(input, { db });
  if (c.status === 'forbidden') return c;
  if (c.problems.length) return { status: 'invalid', problems: c.problems };
  const spec = { orgUnitId: input.unitId, scopeUnitIds: input.scopeUnitIds, audience: input.audience };
  const recipients = await recipientsInScope(db, spec);
  let reachable = 0;
  for (const chunk of chunked(recipients.map((r) => r.memberId))) reachable += (await reachableRecipients(db, chunk)).length;
  return {
    status: 'ok',
    marking: c.marking,
    branches: await countBranchesInScope(db, spec),
    recipients: { total: recipients.length, reachable, notLinked: recipients.length - reachable },
  };
}

/**
 * Publish a material. A state-secret mark refuses it (audited; nothing stored); "Lưu hành nội
 * bộ" needs `confirmInternal`. Due now: fanned out at once; later: scheduled for the sweep.
 */
export async function publishMaterial(input: PublishInput, { db, clock }: { db: DbOrTx; clock: Clock }): Promise<PublishResult> {
  const c = await check(input, { db });
  if (c.status === 'forbidden') return c;
  const { marking } = c;
  if (marking.level === 'secret') {
    // The attempt is recorded, the material is not: no title, no file name, no content here.
    await createAuditRepository({ db }).record({
      ...auditActor(input.actor),
      action: 'material.refused_secret',
      subjectType: 'org_unit',
      subjectId: input.unitId,
      details: { mark: marking.mark, place: marking.place, unitId: input.unitId, source: sourceOf(input.actor) },
    });
    return { status: 'refused_secret', mark: marking.mark, place: marking.place };
  }
  if (c.problems.length) return { status: 'invalid', problems: c.problems };
  if (marking.level === 'internal' && input.confirmInternal !== true)
    return { status: 'needs_internal_confirmation', place: marking.place };

  const sendAt = input.sendAt ?? input.now;
  const scheduled = sendAt.getTime() > input.now.getTime();
  const file = input.file;
  const ext = file ? fileExtension(file.name) : null;
  const material = await db.transaction(async (tx) => {
    const repo = createMaterialsRepository({ db: tx });
    const m = await repo.insert({
      orgUnitId: input.unitId,
      publishedByMemberId: input.actor.kind === 'member' ? input.actor.memberId : null,
      source: sourceOf(input.actor),
      period: input.period,
      title: input.title.trim(),
      audience: input.audience,
      scopeUnitIds: [...new Set(input.scopeUnitIds)],
      fileName: file?.name ?? null,
      fileSize: file?.size ?? null,
      mimeType: file ? (file.mimeType ?? (ext ? MIME_TYPES[ext] : null)) : null,
      linkUrl: input.linkUrl?.trim() || null,
      internalConfirmed: marking.level === 'internal',
      status: scheduled ? 'scheduled' : 'sending',
      sendAt,
      createdAt: input.now,
    });
    if (file?.content) await repo.storeFile(m.id, file.content);
    if (file?.platformFile) await repo.storePlatformFile(m.id, file.platformFile.platform, file.platformFile.fileId);
    await createAuditRepository({ db: tx }).record({
      ...auditActor(input.actor),
      action: 'material.published',
      subjectType: 'material',
      subjectId: m.id,
      details: {
        unitId: m.orgUnitId,
        period: m.period,
        audience: m.audience,
        scopeUnitIds: m.scopeUnitIds,
        internalConfirmed: m.internalConfirmed,
        scheduled,
        link: m.linkUrl !== null,
      },
    });
    return m;
  });
  if (scheduled) {
    return { status: 'published', material, recipients: (await recipientsInScope(db, material)).length, scheduled: true, outboxIds: [] };
  }
  const { outboxIds } = await fanOutMaterial({ materialId: material.id }, { db, clock });
  const repo = createMaterialsRepository({ db });
  return {
    status: 'published',
    material: (await repo.findById(material.id)) ?? material,
    recipients: (await repo.deliveredMemberIds(material.id)).size,
    scheduled: false,
    outboxIds,
  };
}
