import type { FlowModule } from '../flow-module.js';
import { checkinTexts as t } from '../../texts/index.js';
import { CODE_FLOW, onCheckinButton, onCodeCommand, onCodeText } from './checkin-member.flow.js';
import { onClose, onDecide, onEnd, onList, onMarkAbsent, onMarkPresent, onOpen } from './checkin.flow.js';

// Check-in at the meeting (điểm danh): the bí thư's commands and the members' answers.
export const checkinModule: FlowModule = {
  commands: {
    diemdanh: { menu: t.commands.diemdanh, run: onOpen },
    danhsach: { menu: t.commands.danhsach, run: onList },
    dongdiemdanh: { menu: t.commands.dongdiemdanh, run: onClose },
    ketthuchop: { menu: t.commands.ketthuchop, run: onEnd },
    comat: { run: onMarkPresent },
    vang: { run: onMarkAbsent },
    chapnhan: { run: onDecide(true) },
    khongchapnhan: { run: onDecide(false) },
    ma: { menu: t.commands.ma, run: onCodeCommand },
  },
  buttons: { ci: onCheckinButton },
  textFlows: { [CODE_FLOW]: onCodeText },
};
