import { describe, expect, test } from 'vitest';
import { parseTelegramUpdate } from './telegram.parse.js';

describe('reading photos and files sent to the bot', () => {
  const from = { id: 7, is_bot: false, first_name: 'A' };
  const chat = { id: 7, type: 'private' as const, first_name: 'A' };

  test('a photo keeps the file_id of its largest size and its caption, nothing is downloaded', () => {
    const photo = [
      { file_id: 'small', file_unique_id: 's', width: 90, height: 67, file_size: 1200 },
      { file_id: 'large', file_unique_id: 'l', width: 1280, height: 960, file_size: 98000 },
      { file_id: 'medium', file_unique_id: 'm', width: 320, height: 240, file_size: 12000 },
    ];
    const e = parseTelegramUpdate({
      update_id: 10,
      message: { message_id: 10, date: 1, chat, from, photo, caption: 'Ảnh buổi dọn vệ sinh' },
    } as never);
    expect(e).toEqual({
      platform: 'telegram',
      updateId: '10',
      chatId: '7',
      user: { externalId: '7', displayName: 'A' },
      type: 'attachment',
      kind: 'photo',
      fileId: 'large',
      caption: 'Ảnh buổi dọn vệ sinh',
    });
  });

  test('a document keeps its file_id and file name', () => {
    const document = { file_id: 'BQACdoc1', file_unique_id: 'u1', file_name: 'bao-cao.pdf', mime_type: 'application/pdf' };
    const e = parseTelegramUpdate({ update_id: 11, message: { message_id: 11, date: 1, chat, from, document } } as never);
    expect(e).toMatchObject({ type: 'attachment', kind: 'document', fileId: 'BQACdoc1', fileName: 'bao-cao.pdf' });
    expect(e).not.toHaveProperty('caption');
  });

  test('a photo sent in a group is not a conversation with the bot', () => {
    const photo = [{ file_id: 'x', file_unique_id: 'x', width: 1, height: 1 }];
    expect(
      parseTelegramUpdate({
        update_id: 12,
        message: { message_id: 12, date: 1, chat: { id: -5, type: 'group', title: 'g' }, from, photo },
      } as never),
    ).toBeNull();
  });
});
