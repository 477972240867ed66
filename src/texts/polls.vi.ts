import type { ResultsView } from '../modules/polls/polls.notices.js';
// Quick polls (biểu quyết nhanh), the core's sentences: problems with a draft, what a voter is
// told, and the results (the chat flows' own sentences are in polls-flow.vi.ts).
// Short lines: many members read this on small, cheap phones.
import { viInstant } from './when.js';
import type { PollProblem, VoteOutcome } from '../modules/polls/polls.models.js';

const when = viInstant;

const problems: Record<PollProblem, string> = {
  question_empty: 'Xin gõ nội dung câu hỏi.',
  question_too_long: 'Câu hỏi dài quá (tối đa 300 ký tự). Xin gõ gọn lại.',
  too_few_options: 'Cần ít nhất 2 phương án để biểu quyết.',
  too_many_options: 'Tối đa 10 phương án. Xin bớt phương án.',
  option_empty: 'Có phương án để trống. Xin gõ nội dung cho mỗi phương án.',
  option_too_long: 'Có phương án dài quá (tối đa 100 ký tự). Xin gõ gọn lại.',
  duplicate_options: 'Có hai phương án trùng nhau. Xin sửa lại.',
  deadline_past: 'Hạn biểu quyết phải sau thời điểm hiện tại. Xin chọn hạn khác.',
  group_not_found: 'Không tìm thấy tổ đảng này trong chi bộ. Xin chọn lại.',
  audience_empty: 'Không có đảng viên đang sinh hoạt nào để gửi biểu quyết.',
};

const voteOutcome: Record<VoteOutcome, string> = {
  recorded: 'Đã ghi nhận lựa chọn của đồng chí. Đồng chí có thể đổi lại trước khi hết hạn.',
  retracted: 'Đã rút lại phiếu của đồng chí.',
  closed: 'Biểu quyết đã kết thúc, không nhận thêm phiếu.',
  not_in_audience: 'Biểu quyết này không gửi tới đồng chí nên phiếu không được tính.',
  bad_option: 'Lựa chọn không hợp lệ. Xin đồng chí chọn lại.',
  unknown_poll: 'Không tìm thấy biểu quyết này.',
};

const pollsTextsEnded = 'Biểu quyết đã kết thúc.';

function results(r: ResultsView): string {
  const lines = [
    'KẾT QUẢ BIỂU QUYẾT',
    r.closed ? pollsTextsEnded : `Đang biểu quyết, hạn ${when(new Date(r.deadline))}.`,
    `Câu hỏi: ${r.question}`,
    '',
  ];
  r.options.forEach((option, i) => {
    lines.push(`${i + 1}. ${option}: ${r.counts[i] ?? 0} phiếu`);
    const names = r.named?.find((n) => n.option === i)?.names ?? [];
    if (names.length) lines.push(`   ${names.join(', ')}`);
  });
  lines.push('', `Đã biểu quyết: ${r.voters}/${r.audience} đồng chí (${r.turnout}%)`);
  if (r.multipleChoice) lines.push('Mỗi đồng chí được chọn nhiều phương án.');
  if (r.anonymous) lines.push('Biểu quyết kín: chỉ có số phiếu, không ai biết ai chọn gì.');
  return lines.join('\n');
}

export const pollsTexts = {
  problems,
  /** Every problem of a draft, one per line. */
  problemsText: (codes: readonly PollProblem[]) => codes.map((c) => `• ${problems[c]}`).join('\n'),
  /** What a voter is told where a platform expects an answer (Zalo buttons). */
  voteOutcome,
  ended: pollsTextsEnded,
  results,
};
