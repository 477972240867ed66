import { tasksTexts as t } from '../../texts/index.js';
import type { FlowModule } from '../flow-module.js';
import { ASSIGN_FLOW, onAssignCancel, onAssignCommand, onAssignConfirm, onAssignDueButton, onAssignText } from './tasks-assign.flow.js';
import {
  onMyTasks,
  onPercentButton,
  onReportAttachment,
  onReportButton,
  onReportText,
  onStatusButton,
  REPORT_FLOW,
} from './tasks-report.flow.js';
import {
  onResolutionCancel,
  onResolutionCommand,
  onResolutionConfirm,
  onResolutionText,
  RESOLUTION_FLOW,
} from './tasks-resolution.flow.js';
import {
  assignCancelCodec,
  assignConfirmCodec,
  assignDueCodec,
  resolutionCancelCodec,
  resolutionConfirmCodec,
} from '../buttons/tasks.buttons.js';
import { onButton } from './flow.shared.js';

// Resolutions and assigned tasks: the leaders record and assign, members report progress.
export const tasksModule: FlowModule = {
  commands: {
    viec: { menu: t.commands.viec, run: onMyTasks },
    nghiquyet: { menu: t.commands.nghiquyet, run: onResolutionCommand },
    giaoviec: { menu: t.commands.giaoviec, run: onAssignCommand },
  },
  buttons: {
    tr: onReportButton,
    ts: onStatusButton,
    tp: onPercentButton,
    gvd: onButton(assignDueCodec, (e, m, value, deps) => onAssignDueButton(e, m, value, deps)),
    gvok: onButton(assignConfirmCodec, (e, m, { nonce }, deps) => onAssignConfirm(e, m, nonce, deps)),
    gvno: onButton(assignCancelCodec, (e, m, { nonce }, deps) => onAssignCancel(e, m, nonce, deps)),
    nqok: onButton(resolutionConfirmCodec, (e, m, { nonce }, deps) => onResolutionConfirm(e, m, nonce, deps)),
    nqno: onButton(resolutionCancelCodec, (e, m, { nonce }, deps) => onResolutionCancel(e, m, nonce, deps)),
  },
  textFlows: { [RESOLUTION_FLOW]: onResolutionText, [ASSIGN_FLOW]: onAssignText, [REPORT_FLOW]: onReportText },
  attachmentFlows: { [REPORT_FLOW]: onReportAttachment },
};
