import type { FlowModule } from '../flow-module.js';
import { rsvpTexts as t } from '../../texts/index.js';
import { onProxyPick, onProxyStart, onReasonText, onRsvpButton, onSummary, PICK_FLOW, REASON_FLOW } from './rsvp.flow.js';

// Notice answers (đăng ký tham dự) and the bí thư's view of them.
export const rsvpModule: FlowModule = {
  commands: {
    tinhhinh: { menu: t.commands.tinhhinh, run: onSummary },
    dangkythay: { menu: t.commands.dangkythay, run: onProxyStart },
  },
  buttons: { rsvp: onRsvpButton },
  textFlows: { [REASON_FLOW]: onReasonText, [PICK_FLOW]: onProxyPick },
};
