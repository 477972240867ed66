import type { ConversationState } from '../../modules/conversation-state/conversation-state.repository.js';
import type { MemberWithBranch } from '../../modules/members/members.repository.js';
import { listMyOpenTasks, reportProgress, taskForAssignee } from '../../modules/tasks/report.usecases.js';
import type { TaskStatus } from '../../modules/tasks/tasks.models.js';
import type { TaskAttachment } from '../../modules/tasks/tasks.table.js';
import { viDate, vnDate } from '../../shared/vn-time.js';
import { tasksTexts as t } from '../../texts/index.js';
import { reply, text, type ConversationDeps, type ConversationResult } from '../conversation.types.js';
import type { AttachmentEvent, ButtonEvent, CommandEvent, TextEvent } from '../flow-module.js';
import { percentCodec, reportCodec, statusCodec } from '../buttons/tasks.buttons.js';
import { accountOf, answer, onButton, pending, save, statesOf } from './flow.shared.js';

// A member's progress report: tr:<task> → ts:<task>:<status> → [percent] → note → photo or file.
// Nothing is written until the last answer; reportProgress checks the task is theirs again then.
export const REPORT_FLOW = 'task_report';
type ReportData = { taskId: number; status: TaskStatus; step: 'percent' | 'note' | 'file'; percent: number | null; note: string | null };

const refused = (status: 'not_assignee' | 'task_cancelled' | 'bad_percent'): ConversationResult =>
  status === 'task_cancelled'
    ? answer(t.taskCancelled)
    : status === 'bad_percent'
      ? answer(t.badPercent)
      : answer(t.notYours, t.notYoursToast);

/** /viec: the member's open tasks, each with its report button. */
export async function onMyTasks(_e: CommandEvent, member: MemberWithBranch, deps: ConversationDeps): Promise<ConversationResult> {
  const open = await listMyOpenTasks({ memberId: member.id }, deps);
  if (open.length === 0) return reply(text(t.noOpenTasks));
  const today = vnDate(deps.clock.now());
  const lines = open.map(({ task, latest }, i) =>
    t.taskLine(i + 1, {
      description: task.description,
      due: viDate(task.dueDate),
      overdue: task.dueDate < today,
      latest: latest ? t.statusWithPercent(latest.status, latest.percent) : null,
    }),
  );
  return reply(
    text(t.myTasks(lines), {
      buttons: open.map(({ task }, i) => [{ text: t.buttonReportNumber(i + 1), data: reportCodec.encode({ taskId: task.id }) }]),
    }),
  );
}

/** "tr:<taskId>": show the task and the four status buttons. */
export const onReportButton = onButton(reportCodec, async (_e, member, { taskId }, deps) => {
  const access = await taskForAssignee({ taskId, memberId: member.id }, deps);
  if (access.status !== 'ok') return refused(access.status);
  const b = (status: TaskStatus) => ({ text: t.statusButtons[status], data: statusCodec.encode({ taskId, status }) });
  return reply(
    text(t.chooseStatus(access.task.description, viDate(access.task.dueDate)), {
      buttons: [
        [b('not_started'), b('in_progress')],
        [b('done'), b('blocked')],
      ],
    }),
  );
});

/** "ts:<taskId>:<status>": the chosen status; then the percentage (in progress) or the note. */
export const onStatusButton = onButton(statusCodec, async (e, member, { taskId, status }, deps) => {
  const access = await taskForAssignee({ taskId, memberId: member.id }, deps);
  if (access.status !== 'ok') return refused(access.status);
  const inProgress = status === 'in_progress';
  await save(
    e,
    REPORT_FLOW,
    { taskId, status, step: inProgress ? 'percent' : 'note', percent: null, note: null } satisfies ReportData,
    deps,
  );
  if (!inProgress) return { replies: [text(t.askNote)], buttonAnswer: t.statusName[status] };
  const p = (percent: number) => ({ text: `${percent}%`, data: percentCodec.encode({ taskId, percent }) });
  return { replies: [text(t.askPercent, { buttons: [[p(25), p(50), p(75)]] })], buttonAnswer: t.statusName[status] };
});

async function withPercent(
  e: TextEvent | ButtonEvent,
  data: ReportData,
  percent: number,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  await save(e, REPORT_FLOW, { ...data, percent, step: 'note' } satisfies ReportData, deps);
  return reply(text(t.askNote));
}

/** "tp:<taskId>:<percent>": a quick-pick percentage, valid only while that task's report waits for it. */
export const onPercentButton = onButton(percentCodec, async (e, _m, { taskId, percent }, deps) => {
  const data = await pending<ReportData>(e, REPORT_FLOW, deps);
  if (!data || data.step !== 'percent' || data.taskId !== taskId) return answer(t.flowGone);
  return { ...(await withPercent(e, data, percent, deps)), buttonAnswer: `${percent}%` };
});

async function finish(
  e: TextEvent | AttachmentEvent,
  member: MemberWithBranch,
  data: ReportData,
  attachment: TaskAttachment | null,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  await statesOf(deps).clear(accountOf(e));
  const r = await reportProgress(
    {
      taskId: data.taskId,
      memberId: member.id,
      status: data.status,
      percent: data.percent,
      note: data.note,
      attachment,
      now: deps.clock.now(),
      via: e.platform,
    },
    deps,
  );
  if (r.status !== 'saved') return reply(...refused(r.status).replies);
  const file = attachment === null ? null : attachment.kind === 'photo' ? t.filePhoto : t.fileDocument(attachment.fileName);
  return reply(
    text(
      t.reported({
        description: r.task.description,
        status: t.statusWithPercent(r.report.status, r.report.percent),
        note: r.report.note,
        file,
      }),
    ),
  );
}

export async function onReportText(
  e: TextEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as ReportData;
  const skip = e.text.trim() === '0';
  switch (data.step) {
    case 'percent': {
      const n = /^\s*(\d{1,3})\s*%?\s*$/.exec(e.text)?.[1];
      const percent = Number(n);
      return n !== undefined && percent <= 100 ? withPercent(e, data, percent, deps) : reply(text(t.badPercent));
    }
    case 'note':
      await save(e, REPORT_FLOW, { ...data, note: skip ? null : e.text.trim(), step: 'file' } satisfies ReportData, deps);
      return reply(text(t.askFile));
    case 'file':
      return skip ? finish(e, member, data, null, deps) : reply(text(t.askFileAgain));
  }
}

/** A photo or file as the answer: at the file step, or at the note step (its caption is the note). */
export async function onReportAttachment(
  e: AttachmentEvent,
  member: MemberWithBranch,
  state: ConversationState,
  deps: ConversationDeps,
): Promise<ConversationResult> {
  const data = state.data as ReportData;
  if (data.step === 'percent') return reply(text(t.fileNotAsked));
  const attachment: TaskAttachment = {
    platform: e.platform,
    kind: e.kind,
    fileId: e.fileId,
    ...(e.fileName ? { fileName: e.fileName } : {}),
  };
  const note = data.step === 'note' ? e.caption?.trim() || null : data.note;
  return finish(e, member, { ...data, note }, attachment, deps);
}
