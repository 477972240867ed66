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
import { publishCancelCodec, publishConfirmCodec, publishInternalCodec, publishSteps } from '../buttons/materials.buttons.js';
import { onButton } from './flow.shared.js';

// Monthly meeting materials: propaganda officers publish and follow delivery, members confirm
// receipt, each bí thư sees their own branch.
const step = (prefix: keyof typeof publishSteps) =>
  onButton(publishSteps[prefix], (e, member, value, deps) => onPublishStepButton(e, member, prefix, value, deps));

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
    mtok: onButton(publishConfirmCodec, (e, m, { nonce }, deps) => onPublishConfirm(e, m, nonce, deps, false)),
    mtin: onButton(publishInternalCodec, (e, m, { nonce }, deps) => onPublishConfirm(e, m, nonce, deps, true)),
    mtno: onButton(publishCancelCodec, (e, m, { nonce }, deps) => onPublishCancel(e, m, nonce, deps)),
    mack: onAckButton,
    mres: onResendButton,
  },
  textFlows: { [PUBLISH_FLOW]: onPublishText },
  attachmentFlows: { [PUBLISH_FLOW]: onPublishAttachment },
  onAttachment: onUnsolicitedDocument,
};
