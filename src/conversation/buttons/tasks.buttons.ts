import { TASK_STATUSES } from '../../modules/tasks/assign.models.js';
import { tasksTexts as t } from '../../texts/index.js';
import { buttonCodec, choiceCodec, id, int, nonceCodec, oneOf } from './codec.js';

/** "tr:<taskId>": report on this task. */
export const reportCodec = buttonCodec('tr', { taskId: id });
/** "ts:<taskId>:<status>": the status chosen in the report. */
export const statusCodec = buttonCodec('ts', { taskId: id, status: oneOf(...TASK_STATUSES) });
/** "tp:<taskId>:<percent>": the progress chosen in the report. */
export const percentCodec = buttonCodec('tp', { taskId: id, percent: int(0, 100) });

/** The report button every task notice carries. */
export const reportButtons = (taskId: number) => [[{ text: t.buttonReport, data: reportCodec.encode({ taskId }) }]];

/** Assigning a task: the due date chosen, confirm, cancel. */
export const assignDueCodec = choiceCodec('gvd');
export const assignConfirmCodec = nonceCodec('gvok');
export const assignCancelCodec = nonceCodec('gvno');
/** Recording a resolution: confirm, cancel. */
export const resolutionConfirmCodec = nonceCodec('nqok');
export const resolutionCancelCodec = nonceCodec('nqno');
