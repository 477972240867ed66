import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { acknowledgeMaterial, currentMaterialsForBranch, materialReport, resendFailed } from '../../modules/materials/publish.usecases.js';
import { nextPeriod, periodOf, vnDate } from '../../shared/vn-time.js';
import { bot, materialsFlowTexts as f, materialsTexts as mt } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { CommandEvent } from '../flow-module.js';
import { latestMaterialId, propagandaUnits } from './materials-flow.shared.js';
import { answer, onButton } from './flow.shared.js';
import { ackCodec, resendCodec } from '../buttons/materials.buttons.js';

// After publishing: members press "Đã nhận", officers read the delivery report and resend to
// the failed ones, and each bí thư sees their own branch. Permissions are the use cases'.

// Telegram's limit is 4096 characters; a province has hundreds of units, so the list is cut.
const REPORT_MAX_CHARS = 3800;

type Report = Extract<Awaited<ReturnType<typeof materialReport>>, { status: 'ok' }>;

/** The report text, with as many units as fit (those with failures first: they need action). */
function reportText(r: Report): string {
  const units = [...r.byUnit].sort((a, b) => b.failed - a.failed);
  const render = (n: number) =>
    mt.report({ title: r.material.title, period: r.material.period, byUnit: units.slice(0, n), totals: r.totals }) +
    (n < units.length ? `\n${f.reportMore(units.length - n)}` : '');
  let n = units.length;
  while (n > 0 && render(n).length > REPORT_MAX_CHARS) n = Math.max(0, n - Math.max(1, Math.ceil(n * 0.1)));
  return render(n);
}

/** "mack:<materialId>": the member confirms receipt. A stale or forged press changes nothing. */
export const onAckButton = onButton(ackCodec, async (_e, member, { materialId }, deps) => {
  const r = await acknowledgeMaterial({ materialId, memberId: member.id, now: deps.clock.now() }, deps);
  if (r === 'not_recipient') return { replies: [], buttonAnswer: mt.notRecipient };
  return { replies: [], buttonAnswer: r === 'acknowledged' ? f.ackToast : mt.alreadyAcknowledged };
});

/** /baocaotailieu: the officer's newest material, unit by unit, with "resend to the failed". */
export async function onReportCommand(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const materialId = await latestMaterialId(deps.db, member.id);
  if (materialId === undefined) {
    const officer = (await propagandaUnits(deps.db, member.id)).length > 0;
    return reply(text(officer ? f.noMaterialYet : f.onlyPropaganda));
  }
  const r = await materialReport({ materialId, actor: { kind: 'member', memberId: member.id } }, deps);
  if (r.status !== 'ok') return reply(text(f.onlyPropaganda));
  const buttons = r.totals.failed > 0 ? [[{ text: mt.buttonResend, data: resendCodec.encode({ materialId }) }]] : undefined;
  return reply(text(reportText(r), buttons ? { buttons } : {}));
}

/** "mres:<materialId>": resend to every recipient whose delivery failed. */
export const onResendButton = onButton(resendCodec, async (_e, member, { materialId }, deps) => {
  const r = await resendFailed({ materialId, actor: { kind: 'member', memberId: member.id }, now: deps.clock.now() }, deps);
  if (r.status !== 'resent') return answer(mt.forbidden, bot.buttons.stale);
  // The rows put back to pending are picked up by the outbox sweep at the broadcast pace.
  return answer(mt.resent(r.count));
});

/**
 * /tailieuchibo: the bí thư's own branch, for the materials of this month and next (the
 * department publishes a month's material ahead of the meetings, often late the month before).
 */
export async function onBranchReportCommand(
  _e: CommandEvent,
  member: MemberWithBranch,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  if (member.role !== 'secretary' && member.role !== 'deputy') return reply(text(f.onlySecretary));
  const period = periodOf(vnDate(deps.clock.now()));
  const sections: string[] = [];
  for (const p of [period, nextPeriod(period)]) {
    const current = await currentMaterialsForBranch({ branchId: member.branchId, period: p }, deps);
    if (current.length)
      sections.push([f.branchHeader(member.branchName, p), ...current.map((m) => f.branchLine(m.material.title, m.counts))].join('\n'));
  }
  return reply(text(sections.length ? sections.join('\n\n') : mt.noMaterials(period)));
}
