import { describe, expect, test } from 'vitest';
import { renderForZalo, splitZaloText, ZALO_TEXT_LIMIT } from './zalo.render.js';
import { zaloTexts } from '../../texts/index.js';
import { pollVoteCodec } from '../../conversation/buttons/polls.buttons.js';

const U = '2468458835296197922';

describe('texts fit Zalo', () => {
  test('a text over 2000 characters is split on a line boundary, nothing lost', () => {
    const para = (c: string) => `${c.repeat(900)}\n`;
    const long = para('a') + para('b') + para('c');
    const bodies = renderForZalo(U, { kind: 'text', text: long });
    for (const b of bodies) expect(b.message.text!.length).toBeLessThanOrEqual(ZALO_TEXT_LIMIT);
    expect(bodies.map((b) => b.message.text)).toEqual([`${'a'.repeat(900)}\n${'b'.repeat(900)}`, `${'c'.repeat(900)}\n`]);
    expect(bodies[0]!.recipient).toEqual({ user_id: U });
  });

  test('a text without any boundary is cut hard at 2000', () => {
    expect(splitZaloText('x'.repeat(4500)).map((p) => p.length)).toEqual([2000, 2000, 500]);
  });

  test('a short text is one message with no attachment', () => {
    expect(renderForZalo(U, { kind: 'text', text: 'Xin chào' })).toEqual([{ recipient: { user_id: U }, message: { text: 'Xin chào' } }]);
  });
});

describe('buttons become hidden queries carrying our button data', () => {
  test('a text with two buttons is one message whose buttons send back our data', () => {
    const [b, ...rest] = renderForZalo(U, {
      kind: 'text',
      text: 'Đồng chí có dự họp?',
      buttons: [
        [
          { text: 'Có', data: 'rsvp:4:y' },
          { text: 'Không', data: 'rsvp:4:n' },
        ],
      ],
    });
    expect(rest).toEqual([]);
    expect(b!.message).toEqual({
      text: 'Đồng chí có dự họp?',
      attachment: {
        type: 'template',
        payload: {
          buttons: [
            { title: 'Có', type: 'oa.query.hide', payload: 'rsvp:4:y' },
            { title: 'Không', type: 'oa.query.hide', payload: 'rsvp:4:n' },
          ],
        },
      },
    });
  });

  test('seven buttons go out as two messages of at most five', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => [{ text: `Việc ${i + 1}`, data: `tr:${i + 1}` }]);
    const bodies = renderForZalo(U, { kind: 'text', text: 'Chọn việc để báo cáo', buttons });
    expect(bodies.length).toBe(2);
    const payloads = bodies.map((b) => (b.message.attachment?.payload as { buttons: { payload: string }[] }).buttons.map((x) => x.payload));
    expect(payloads).toEqual([
      ['tr:1', 'tr:2', 'tr:3', 'tr:4', 'tr:5'],
      ['tr:6', 'tr:7'],
    ]);
    expect(bodies[0]!.message.text).toBe('Chọn việc để báo cáo');
    expect(bodies[1]!.message.text).toBe(zaloTexts.moreChoices);
  });

  test('buttons go under the last piece of a long text', () => {
    const bodies = renderForZalo(U, {
      kind: 'text',
      text: `${'a'.repeat(1500)}\n${'b'.repeat(1500)}`,
      buttons: [[{ text: 'OK', data: 'mack:1' }]],
    });
    expect(bodies.map((b) => b.message.attachment !== undefined)).toEqual([false, true]);
  });

  test('a link button opens the URL', () => {
    const [b] = renderForZalo(U, { kind: 'text', text: 'Tài liệu', buttons: [[{ text: 'Mở', url: 'https://x.vn/d/1' }]] });
    expect(b!.message.attachment).toEqual({
      type: 'template',
      payload: { buttons: [{ title: 'Mở', type: 'oa.open.url', payload: { url: 'https://x.vn/d/1' } }] },
    });
  });
});

const withPollButtons = { pollOptionData: (pollId: number, option: number) => pollVoteCodec.encode({ pollId, option }) };

describe('polls, documents and the phone request', () => {
  test('a poll is its question with one button per option, its data written by the codec the conversation reads it with', () => {
    const [b, ...rest] = renderForZalo(
      U,
      { kind: 'poll', pollId: 12, question: 'Chọn ngày sinh hoạt?', options: ['Thứ 3', 'Thứ 5'], multipleChoice: false },
      withPollButtons,
    );
    expect(rest).toEqual([]);
    expect(b!.message).toEqual({
      text: 'Chọn ngày sinh hoạt?',
      attachment: {
        type: 'template',
        payload: {
          buttons: [
            { title: 'Thứ 3', type: 'oa.query.hide', payload: 'pv:12:0' },
            { title: 'Thứ 5', type: 'oa.query.hide', payload: 'pv:12:1' },
          ],
        },
      },
    });
  });

  test("a poll is not shown without the conversation's button data: the channel does not make up its own", () => {
    expect(() => renderForZalo(U, { kind: 'poll', pollId: 1, question: 'Q?', options: ['a'], multipleChoice: false })).toThrow(
      /pollOptionData/,
    );
  });

  test('a multiple-choice poll says so under the question', () => {
    const [b] = renderForZalo(U, { kind: 'poll', pollId: 1, question: 'Q?', options: ['a', 'b'], multipleChoice: true }, withPollButtons);
    expect(b!.message.text).toBe(`Q?\n${zaloTexts.pollMultipleHint}`);
  });

  test('closing a poll says the vote has ended', () => {
    expect(renderForZalo(U, { kind: 'stop_poll', pollId: 1, messageId: 'm1' })).toEqual([
      { recipient: { user_id: U }, message: { text: 'Biểu quyết đã kết thúc.' } },
    ]);
  });

  test('an uploaded document is sent by its token, its caption and acknowledgement button after it', () => {
    const bodies = renderForZalo(U, {
      kind: 'document',
      file: { fileId: 'TOKEN1' },
      caption: 'Tài liệu tháng 3',
      buttons: [[{ text: 'Đã đọc', data: 'mack:3' }]],
    });
    expect(bodies[0]!.message).toEqual({ attachment: { type: 'file', payload: { token: 'TOKEN1' } } });
    expect(bodies[1]!.message).toMatchObject({ text: 'Tài liệu tháng 3', attachment: { payload: { buttons: [{ payload: 'mack:3' }] } } });
    expect(renderForZalo(U, { kind: 'document', file: { fileId: 'T' } })).toHaveLength(1);
  });

  test('a document given as a link is a text naming the file and the link', () => {
    const [b] = renderForZalo(U, {
      kind: 'document',
      file: { url: 'https://x.vn/d/9', fileName: 'nghi-quyet.pdf' },
      caption: 'Nghị quyết',
    });
    expect(b!.message.text).toBe('Nghị quyết\n\nTài liệu nghi-quyet.pdf: https://x.vn/d/9');
  });

  test('bytes and materials must be resolved before rendering', () => {
    expect(() => renderForZalo(U, { kind: 'document', file: { upload: Buffer.from('x'), fileName: 'a.pdf' } })).toThrow(/uploaded/);
    expect(() => renderForZalo(U, { kind: 'document', file: { materialId: 3 } })).toThrow(/resolved/);
  });

  test("asking for the phone sends the text, then Zalo's request_user_info card", () => {
    const bodies = renderForZalo(
      U,
      { kind: 'text', text: 'Xin số điện thoại', requestContact: { buttonText: 'Chia sẻ số điện thoại' } },
      { requestInfoImageUrl: 'https://x.vn/logo.png' },
    );
    expect(bodies).toEqual([
      { recipient: { user_id: U }, message: { text: 'Xin số điện thoại' } },
      {
        recipient: { user_id: U },
        message: {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'request_user_info',
              elements: [{ title: zaloTexts.requestInfoTitle, subtitle: 'Chia sẻ số điện thoại', image_url: 'https://x.vn/logo.png' }],
            },
          },
        },
      },
    ]);
  });
});
