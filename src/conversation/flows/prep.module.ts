import { prepTexts as t } from '../../texts/index.js';
import type { FlowModule } from '../flow-module.js';
import { onPrepButton, onPrepCancel, onPrepCommand, onPrepConfirm, onPrepText } from './prep.flow.js';
import { onMove, onSchedule, onThematic } from './schedule.flow.js';

export const prepModule: FlowModule = {
  commands: {
    lich: { menu: t.commands.lich, run: onSchedule },
    hopchiuy: { menu: t.commands.hopchiuy, run: onPrepCommand },
    doilich: { menu: t.commands.doilich, run: onMove },
    chuyende: { menu: t.commands.chuyende, run: onThematic },
  },
  buttons: { prep: onPrepButton, prepok: onPrepConfirm, prepno: onPrepCancel },
  textFlows: { prep: onPrepText },
};
