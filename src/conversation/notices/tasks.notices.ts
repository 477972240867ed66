import type { TaskNotice } from '../../modules/tasks/tasks.notices.js';
import { digestTexts as d, tasksTexts as t } from '../../texts/index.js';
import { viDate } from '../../shared/vn-time.js';
import { text } from '../conversation.types.js';
import { reportButtons, reportCodec } from '../buttons/tasks.buttons.js';
import type { NoticeRenderers } from './notice-renderers.js';

// Buttons under the ask before a meeting; past this many tasks, /viec lists them all.
const MAX_TASK_BUTTONS = 5;

export const taskNotices: NoticeRenderers<TaskNotice> = {
  'task.assigned': (n) =>
    text(t.taskAssigned({ branchName: n.branchName, assigner: n.assigner, description: n.task.description, due: viDate(n.task.dueDate) }), {
      buttons: reportButtons(n.task.id),
    }),
  'task.imported': (n) =>
    text(d.assigned({ branchName: n.branchName, ...n.task, wholeBranch: n.wholeBranch, resolution: n.resolution }), {
      buttons: reportButtons(n.task.id),
    }),
  'task.due_soon': (n) => text(d.dueSoon(n.task, n.daysLeft), { buttons: reportButtons(n.task.id) }),
  'task.due_today': (n) => text(d.dueToday(n.task), { buttons: reportButtons(n.task.id) }),
  'task.overdue': (n) => text(d.overdue(n.task), { buttons: reportButtons(n.task.id) }),
  'task.overdue_secretary': (n) => text(d.overdueToSecretary(n.task, n.names, n.unreachable)),
  'task.ask_report': (n) =>
    text(d.askToReport(n), {
      buttons: n.tasks
        .slice(0, MAX_TASK_BUTTONS)
        .map((task) => [{ text: d.reportTaskButton(task.description), data: reportCodec.encode({ taskId: task.id }) }]),
    }),
  'task.digest': (n) => text(d.digest(n)),
};
