import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { previewMaterial, publishMaterial, type PublishInput } from '../../modules/materials/publish.usecases.js';
import { classifyMarking } from '../../modules/materials/secrecy.models.js';
import type { Platform } from '../../shared/db/enums.js';
import { periodOf, vnDate } from '../../shared/vn-time.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { ButtonEvent } from '../flow-module.js';
import type { UnitChoice } from './materials-flow.shared.js';
import { accountOf, answer, pending, save, statesOf } from './flow.shared.js';
import { publishCancelCodec, publishConfirmCodec, publishInternalCodec } from '../buttons/materials.buttons.js';

// The end of the publishing flow: the secrecy guard on each guarded answer, the preview with
// the recipient count, the confirmation(s) and publishMaterial, which decides everything again.
export const PUBLISH_FLOW = 'material_publish';

export type PublishData = {
  step: 'unit' | 'source' | 'month' | 'title' | 'audience' | 'scope' | 'scope_pick' | 'when' | 'confirm' | 'confirm_internal';
  /** Ties the buttons to this run of the flow: an old button confirms nothing. */
  nonce: string;
  units?: UnitChoice[];
  unitId?: number;
  unitName?: string;
  file?: { platform: Platform; fileId: string; name: string; size: number; mimeType?: string; firstPageText?: string };
  caption?: string;
  linkUrl?: string;
  period?: string;
  title?: string;
  audience?: 'all' | 'committee';
  scopeUnitIds?: number[];
  children?: UnitChoice[];
  /** ISO instant; null: send now. */
  sendAt?: string | null;
};

type Sender = Parameters<typeof accountOf>[0];
/** The sent document itself, fetched again at publishing: members on the other platform need its bytes. */
type SourceFile = { content?: Buffer; resendable?: boolean };

/**
 * The document's bytes are kept with the material (the platform it came from may not let us
 * send it on: a Zalo file is only a URL; and members on the other platform need an upload).
 * Undefined when it can no longer be read.
 */
async function sourceFile(d: PublishData, deps: ConversationDeps): Promise<SourceFile | undefined> {
  if (!d.file) return {};
  const gateway = deps.gateways?.[d.file.platform];
  try {
    if (!gateway?.download) return undefined;
    return { content: await gateway.download(d.file.fileId), resendable: gateway.resendsInboundFiles === true };
  } catch {
    return undefined;
  }
}

function inputOf(member: MemberWithBranch, d: PublishData, now: Date, confirmInternal = false, file: SourceFile = {}): PublishInput {
  return {
    actor: { kind: 'member', memberId: member.id },
    unitId: d.unitId ?? 0,
    period: d.period ?? '',
    title: d.title ?? '',
    audience: d.audience ?? 'all',
    scopeUnitIds: d.scopeUnitIds ?? [],
    confirmInternal,
    now,
    ...(d.caption ? { caption: d.caption } : {}),
    ...(d.linkUrl ? { linkUrl: d.linkUrl } : {}),
    ...(d.sendAt ? { sendAt: new Date(d.sendAt) } : {}),
    ...(d.file
      ? {
          file: {
            name: d.file.name,
            size: d.file.size,
            ...(file.resendable ? { platformFile: { platform: d.file.platform, fileId: d.file.fileId } } : {}),
            ...(file.content ? { content: file.content } : {}),
            ...(d.file.mimeType ? { mimeType: d.file.mimeType } : {}),
            ...(d.file.firstPageText !== undefined ? { firstPageText: d.file.firstPageText } : {}),
          },
        }
      : {}),
  };
}

/** Nothing of refused material is kept: the stored answers (file id, title) go with the state. */
async function refuse(e: Sender, said: string, deps: ConversationDeps, toast?: string): Promise<ConversationResult> {
  await statesOf(deps).clear(accountOf(e));
  return { replies: [text(said)], ...(toast ? { buttonAnswer: toast } : {}) };
}

class NotRefused extends Error {}

/**
 * Stop as soon as a guarded answer (file, caption, title) carries a secret mark, instead of after
 * six more questions. The refusal and its audit record are publishMaterial's: it is asked inside
 * a savepoint that is rolled back unless it refuses, so a disagreement can never publish early.
 */
export async function guardSecrecy(
  e: Sender,
  member: MemberWithBranch,
  data: PublishData,
  deps: ConversationDeps,
): Promise<ConversationResult | null> {
  const marking = classifyMarking({
    title: data.title,
    caption: data.caption,
    fileName: data.file?.name,
    firstPage: data.file?.firstPageText,
  });
  if (marking.level !== 'secret') return null;
  const now = deps.clock.now();
  // Answers not given yet get harmless defaults: only the refusal matters here.
  const probe: PublishData = {
    ...data,
    unitId: data.unitId ?? data.units?.[0]?.id ?? 0,
    title: data.title ?? data.file?.name ?? '',
    period: data.period ?? periodOf(vnDate(now)),
    audience: data.audience ?? 'all',
    scopeUnitIds: data.scopeUnitIds ?? [],
  };
  try {
    const r = await deps.db.transaction(async (tx) => {
      const result = await publishMaterial(inputOf(member, probe, now), { db: tx, clock: deps.clock });
      if (result.status !== 'refused_secret') throw new NotRefused();
      return result;
    });
    return refuse(e, mt.refusedSecret(r.mark, r.place), deps);
  } catch (err) {
    if (err instanceof NotRefused) return null;
    throw err;
  }
}

export async function showPreview(
  e: Sender,
  member: MemberWithBranch,
  data: PublishData,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const p = await previewMaterial(inputOf(member, data, deps.clock.now()), { db: deps.db });
  if (p.status === 'forbidden') return refuse(e, mt.forbidden, deps);
  if (p.status === 'invalid') return refuse(e, f.invalid(p.problems), deps);
  const next: PublishData = { ...data, step: 'confirm' };
  await save(e, PUBLISH_FLOW, next, deps);
  const scope = data.scopeUnitIds?.length
    ? (data.children ?? []).filter((c) => data.scopeUnitIds!.includes(c.id)).map((c) => c.name)
    : null;
  const [heading = '', ...lines] = mt
    .preview({
      title: data.title ?? '',
      period: data.period ?? '',
      audience: data.audience ?? 'all',
      branches: p.branches,
      total: p.recipients.total,
      reachable: p.recipients.reachable,
      notLinked: p.recipients.notLinked,
      sendAt: data.sendAt ? new Date(data.sendAt) : null,
    })
    .split('\n');
  // The shared preview does not know the chat's own answers (unit, file or link, chosen units): they go under its heading.
  const mine = f.previewHead({
    unit: data.unitName ?? '',
    source: data.file ? f.sourceFile(data.file.name) : f.sourceLink(data.linkUrl ?? ''),
    scope,
  });
  return reply(
    text([heading, mine, ...lines].join('\n'), {
      buttons: [
        [
          { text: mt.buttonPublish, data: publishConfirmCodec.encode({ nonce: data.nonce }) },
          { text: f.buttonCancel, data: publishCancelCodec.encode({ nonce: data.nonce }) },
        ],
      ],
    }),
  );
}

/** "mtok:<nonce>" (first confirmation) and "mtin:<nonce>" (the second, for internal material). */
export async function onPublishConfirm(
  e: ButtonEvent,
  member: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
  internal: boolean,
): Promise<ConversationResult> {
  const data = await pending<PublishData>(e, PUBLISH_FLOW, deps);
  if (!data || data.nonce !== nonce || data.step !== (internal ? 'confirm_internal' : 'confirm')) return answer(f.flowGone);
  const file = await sourceFile(data, deps);
  // The flow stays where it is: tapping the button again tries again.
  if (!file) return answer(f.cannotRead);
  const r = await publishMaterial(inputOf(member, data, deps.clock.now(), internal, file), { db: deps.db, clock: deps.clock });
  switch (r.status) {
    case 'refused_secret':
      return refuse(e, mt.refusedSecret(r.mark, r.place), deps, f.refusedToast);
    case 'forbidden':
      return refuse(e, mt.forbidden, deps, f.refusedToast);
    case 'invalid':
      return refuse(e, f.invalid(r.problems), deps, f.refusedToast);
    case 'needs_internal_confirmation': {
      await save(e, PUBLISH_FLOW, { ...data, step: 'confirm_internal' }, deps);
      return {
        replies: [
          text(mt.confirmInternal(r.place), {
            buttons: [
              [{ text: mt.buttonConfirmInternal, data: publishInternalCodec.encode({ nonce: data.nonce }) }],
              [{ text: f.buttonCancel, data: publishCancelCodec.encode({ nonce: data.nonce }) }],
            ],
          }),
        ],
        buttonAnswer: f.secondConfirmToast,
      };
    }
    case 'published': {
      await statesOf(deps).clear(accountOf(e));
      const said = r.scheduled && data.sendAt ? mt.scheduled(new Date(data.sendAt)) : mt.published(r.recipients);
      return { replies: [text(said)], buttonAnswer: f.publishedToast, dispatch: r.outboxIds };
    }
  }
}

/** "mtno:<nonce>": cancel at any step; nothing was written. */
export async function onPublishCancel(
  e: ButtonEvent,
  _m: MemberWithBranch,
  nonce: string,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = await pending<PublishData>(e, PUBLISH_FLOW, deps);
  if (!data || data.nonce !== nonce) return answer(f.flowGone);
  await statesOf(deps).clear(accountOf(e));
  return answer(f.cancelled, f.buttonCancel);
}
