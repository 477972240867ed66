import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { extractFirstPageText } from '../../modules/materials/extract.js';
import { fileExtension, MIME_TYPES, TITLE_MAX } from '../../modules/materials/materials.models.js';
import { nextPeriod, periodOf, vnDate } from '../../shared/vn-time.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { AttachmentEvent, ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import { answer, newNonce, pending, save } from './flow.shared.js';
import { asLink, childUnits, parseSendAt, propagandaUnits } from './materials-flow.shared.js';
import { guardSecrecy, showPreview, type PublishData, PUBLISH_FLOW } from './materials-publish.confirm.js';
import { publishSteps } from '../buttons/materials.buttons.js';

// /tailieu (or a document sent out of the blue by a propaganda officer): unit → document or
// link → month → title → audience → scope → when → preview. Each answer fills one field of the
// stored state; `advance` asks for the first one still missing, so the order of arrival is free.
type Sender = TextEvent | ButtonEvent | CommandEvent | AttachmentEvent;

export async function onPublishCommand(e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const units = await propagandaUnits(deps.db, member.id);
  if (units.length === 0) return reply(text(f.onlyPropaganda));
  const only = units.length === 1 ? { unitId: units[0]!.id, unitName: units[0]!.name } : { units };
  const link = asLink(e.args);
  return advance(e, member, { step: 'unit', nonce: newNonce(), ...only, ...(link ? { linkUrl: link } : {}) }, deps);
}

/** A document with no flow waiting for it starts publishing, but only for a propaganda officer. */
export async function onUnsolicitedDocument(
  e: AttachmentEvent,
  member: MemberWithBranch,
  deps: ConversationDeps,
): Promise<ConversationResult | null> {
  if (e.kind !== 'document') return null;
  const units = await propagandaUnits(deps.db, member.id);
  if (units.length === 0) return null;
  const only = units.length === 1 ? { unitId: units[0]!.id, unitName: units[0]!.name } : { units };
  return withDocument(e, member, { step: 'source', nonce: newNonce(), ...only }, deps);
}

/** Ask for the first missing answer (and remember which one is awaited). */
async function advance(e: Sender, member: MemberWithBranch, data: PublishData, deps: ConversationDeps): Promise<ConversationResult> {
  const n = data.nonce;
  const ask = async (step: PublishData['step'], said: ReturnType<typeof text>) => {
    await save(e, PUBLISH_FLOW, { ...data, step }, deps);
    return reply(said);
  };
  if (data.unitId === undefined) {
    return ask(
      'unit',
      text(f.askUnit, {
        buttons: (data.units ?? []).map((u) => [{ text: u.name, data: publishSteps.mtu.encode({ nonce: n, value: String(u.id) }) }]),
      }),
    );
  }
  if (!data.file && !data.linkUrl) return ask('source', text(f.askSource(data.unitName ?? '')));
  if (!data.period) {
    const thisMonth = periodOf(vnDate(deps.clock.now()));
    const month = (p: string, label: string) => ({ text: label, data: publishSteps.mtm.encode({ nonce: n, value: String(p) }) });
    return ask(
      'month',
      text(f.askMonth, {
        buttons: [[month(thisMonth, f.buttonThisMonth(thisMonth)), month(nextPeriod(thisMonth), f.buttonNextMonth(nextPeriod(thisMonth)))]],
      }),
    );
  }
  if (data.title === undefined) {
    const suggested = data.file ? data.file.name.replace(/\.(pdf|docx?)$/i, '') : null;
    const keep = suggested ? { buttons: [[{ text: f.buttonKeepTitle, data: publishSteps.mtt.encode({ nonce: n }) }]] } : {};
    return ask('title', text(f.askTitle(suggested), keep));
  }
  if (!data.audience) {
    return ask(
      'audience',
      text(f.askAudience, {
        buttons: [
          [{ text: f.buttonAllMembers, data: publishSteps.mta.encode({ nonce: n, value: 'all' }) }],
          [{ text: f.buttonCommittees, data: publishSteps.mta.encode({ nonce: n, value: 'committee' }) }],
        ],
      }),
    );
  }
  if (!data.scopeUnitIds) {
    return ask(
      'scope',
      text(f.askScope(data.unitName ?? ''), {
        buttons: [
          [{ text: f.buttonWholeSubtree, data: publishSteps.mts.encode({ nonce: n, value: 'all' }) }],
          [{ text: f.buttonPickUnits, data: publishSteps.mts.encode({ nonce: n, value: 'pick' }) }],
        ],
      }),
    );
  }
  if (data.sendAt === undefined)
    return ask('when', text(f.askWhen, { buttons: [[{ text: f.buttonNow, data: publishSteps.mtw.encode({ nonce: n }) }]] }));
  return showPreview(e, member, data, deps);
}

const withoutLink = ({ linkUrl: _drop, ...rest }: PublishData): PublishData => rest;

async function withDocument(
  e: AttachmentEvent,
  member: MemberWithBranch,
  data: PublishData,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const name = e.fileName ?? '';
  const ext = fileExtension(name);
  if (e.kind !== 'document' || !ext) return reply(text(f.onlyDocuments));
  const gateway = deps.gateways?.[e.platform];
  // The secrecy guard must read the first page; a file that cannot be read is not published.
  let bytes: Buffer;
  try {
    if (!gateway?.download) throw new Error('no download on this platform');
    bytes = await gateway.download(e.fileId);
  } catch {
    return reply(text(f.cannotRead));
  }
  let firstPageText: string;
  try {
    firstPageText = await extractFirstPageText(name, bytes);
  } catch {
    return reply(text(mt.unreadableFile));
  }
  // Only the first page's text is kept (for publishMaterial's own check); the bytes stay on the platform.
  const next: PublishData = {
    ...withoutLink(data),
    file: { platform: e.platform, fileId: e.fileId, name, size: bytes.length, mimeType: MIME_TYPES[ext], firstPageText },
    ...(e.caption?.trim() ? { caption: e.caption.trim() } : {}),
  };
  return (await guardSecrecy(e, member, next, deps)) ?? advance(e, member, next, deps);
}

export async function onPublishAttachment(
  e: AttachmentEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as PublishData;
  if (data.step !== 'source') return reply(text(f.fileNotAsked));
  return withDocument(e, member, data, deps);
}

export async function onPublishText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as PublishData;
  const typed = e.text.trim();
  switch (data.step) {
    case 'source': {
      const linkUrl = asLink(typed);
      return linkUrl ? advance(e, member, { ...data, linkUrl }, deps) : reply(text(f.askSourceAgain));
    }
    case 'month': {
      const m = /^(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(typed);
      const iso = /^(\d{4})-(\d{1,2})$/.exec(typed);
      const [month, year] = m ? [Number(m[1]), Number(m[2])] : iso ? [Number(iso[2]), Number(iso[1])] : [0, 0];
      if (month < 1 || month > 12 || year < 2000) return reply(text(f.badMonth));
      return advance(e, member, { ...data, period: `${year}-${String(month).padStart(2, '0')}` }, deps);
    }
    case 'title': {
      if (!typed) return reply(text(f.titleEmpty));
      if (typed.length > TITLE_MAX) return reply(text(f.titleTooLong(TITLE_MAX)));
      const next = { ...data, title: typed };
      return (await guardSecrecy(e, member, next, deps)) ?? advance(e, member, next, deps);
    }
    case 'scope_pick': {
      const children = data.children ?? [];
      if (typed === '0') return advance(e, member, { ...data, scopeUnitIds: [] }, deps);
      const picks = typed
        .split(/[\s,;.]+/)
        .filter(Boolean)
        .map(Number);
      if (picks.length === 0 || picks.some((p) => !Number.isInteger(p) || p < 1 || p > children.length)) return reply(text(f.badNumbers));
      return advance(e, member, { ...data, scopeUnitIds: [...new Set(picks.map((p) => children[p - 1]!.id))] }, deps);
    }
    case 'when': {
      const at = parseSendAt(typed, deps.clock.now());
      if (!at) return reply(text(f.badWhen));
      if (at <= deps.clock.now()) return reply(text(f.whenInPast));
      return advance(e, member, { ...data, sendAt: at.toISOString() }, deps);
    }
    case 'confirm':
    case 'confirm_internal':
      return reply(text(f.pressConfirm));
    default:
      return reply(text(f.pressButton));
  }
}

/** The step buttons: "<prefix>:<nonce>[:<value>]", valid only while that step is awaited. */
export async function onPublishStepButton(
  e: ButtonEvent,
  member: MemberWithBranch,
  prefix: keyof typeof publishSteps,
  { nonce, value = '' }: { nonce: string; value?: string },
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<PublishData>(e, PUBLISH_FLOW, deps);
  const expected: Record<string, PublishData['step']> = {
    mtu: 'unit',
    mtm: 'month',
    mtt: 'title',
    mta: 'audience',
    mts: 'scope',
    mtw: 'when',
  };
  if (!data || data.nonce !== nonce || data.step !== expected[prefix]) return answer(f.flowGone, f.flowGone);
  switch (prefix) {
    case 'mtu': {
      const unit = (data.units ?? []).find((u) => String(u.id) === value);
      return unit ? advance(e, member, { ...data, unitId: unit.id, unitName: unit.name }, deps) : answer(f.flowGone);
    }
    case 'mtm':
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(value) ? advance(e, member, { ...data, period: value }, deps) : answer(f.flowGone);
    case 'mtt': {
      const next = { ...data, title: data.file?.name.replace(/\.(pdf|docx?)$/i, '') ?? '' };
      return (await guardSecrecy(e, member, next, deps)) ?? advance(e, member, next, deps);
    }
    case 'mta':
      return value === 'all' || value === 'committee' ? advance(e, member, { ...data, audience: value }, deps) : answer(f.flowGone);
    case 'mts': {
      if (value === 'all') return advance(e, member, { ...data, scopeUnitIds: [] }, deps);
      const children = await childUnits(deps.db, data.unitId!);
      if (children.length === 0) return advance(e, member, { ...data, scopeUnitIds: [] }, deps);
      await save(e, PUBLISH_FLOW, { ...data, children, step: 'scope_pick' }, deps);
      return reply(text(f.askPickUnits(children.map((c, i) => `${i + 1}. ${c.name}`).join('\n'))));
    }
    default: // mtw: now
      return advance(e, member, { ...data, sendAt: null }, deps);
  }
}
