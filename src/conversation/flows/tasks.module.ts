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
    gvd: onAssignDueButton,
    gvok: onAssignConfirm,
    gvno: onAssignCancel,
    nqok: onResolutionConfirm,
    nqno: onResolutionCancel,
  },
  textFlows: { [RESOLUTION_FLOW]: onResolutionText, [ASSIGN_FLOW]: onAssignText, [REPORT_FLOW]: onReportText },
  attachmentFlows: { [REPORT_FLOW]: onReportAttachment },
};
