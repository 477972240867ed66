import { materialsFlowTexts as t } from '../../texts/index.js';
import type { FlowModule } from '../flow-module.js';
import {
  onPublishAttachment,
  onPublishCommand,
  onPublishStepButton,
  onPublishText,
  onUnsolicitedDocument,
} from './materials-publish.flow.js';
import { onPublishCancel, onPublishConfirm, PUBLISH_FLOW } from './materials-publish.confirm.js';
import { onAckButton, onBranchReportCommand, onReportCommand, onResendButton } from './materials-report.flow.js';

// Monthly meeting materials: propaganda officers publish and follow delivery, members confirm
// receipt, each bí thư sees their own branch.
const step =
  (prefix: string): NonNullable<FlowModule['buttons']>[string] =>
  (e, member, args, deps) =>
    onPublishStepButton(e, member, prefix, args, deps);

export const materialsModule: FlowModule = {
  commands: {
    tailieu: { menu: t.commands.tailieu, run: onPublishCommand },
    baocaotailieu: { menu: t.commands.baocaotailieu, run: onReportCommand },
    tailieuchibo: { menu: t.commands.tailieuchibo, run: onBranchReportCommand },
  },
  buttons: {
    mtu: step('mtu'),
    mtm: step('mtm'),
    mtt: step('mtt'),
    mta: step('mta'),
    mts: step('mts'),
    mtw: step('mtw'),
    mtok: (e, m, args, deps) => onPublishConfirm(e, m, args, deps, false),
    mtin: (e, m, args, deps) => onPublishConfirm(e, m, args, deps, true),
    mtno: onPublishCancel,
    mack: onAckButton,
    mres: onResendButton,
  },
  textFlows: { [PUBLISH_FLOW]: onPublishText },
  attachmentFlows: { [PUBLISH_FLOW]: onPublishAttachment },
  onAttachment: onUnsolicitedDocument,
};
