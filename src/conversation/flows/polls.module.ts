import { pollsFlowTexts as t } from '../../texts/index.js';
import type { FlowModule } from '../flow-module.js';
import { onPollCancel, onPollConfirm } from './polls-create.confirm.js';
import { onPollCommand, onPollText, pollStepButton } from './polls-create.flow.js';
import { POLL_FLOW } from './polls-flow.shared.js';
import { onPollOptionButton } from './polls-buttons.flow.js';
import { onCloseCommand, onPollAnswer, onResultsCommand } from './polls-results.flow.js';
import { pollCancelCodec, pollConfirmCodec } from '../buttons/polls.buttons.js';
import { onButton } from './flow.shared.js';

// Quick polls: the bí thư creates and closes them in chat; members answer the native poll
// (Telegram) or its option buttons (Zalo).
export const pollsModule: FlowModule = {
  commands: {
    bieuquyet: { menu: t.commands.bieuquyet, run: onPollCommand },
    ketqua: { menu: t.commands.ketqua, run: onResultsCommand },
    dongbieuquyet: { menu: t.commands.dongbieuquyet, run: onCloseCommand },
  },
  buttons: {
    bqm: pollStepButton('bqm'),
    bqa: pollStepButton('bqa'),
    bqd: pollStepButton('bqd'),
    bqg: pollStepButton('bqg'),
    bqs: pollStepButton('bqs'),
    bqok: onButton(pollConfirmCodec, (e, m, { nonce }, deps) => onPollConfirm(e, m, nonce, deps)),
    bqno: onButton(pollCancelCodec, (e, m, { nonce }, deps) => onPollCancel(e, m, nonce, deps)),
    pv: onPollOptionButton,
  },
  textFlows: { [POLL_FLOW]: onPollText },
  pollAnswers: onPollAnswer,
};
