import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FakeZaloUser } from '../../fakes/zalo/index.js';
import { startHarness, type Harness } from '../../support/app-harness.js';
import { seedBranch, seedMember } from '../../support/seed.js';
import { zaloChatWith } from '../../support/zalo-chat.js';

// A committee whose members all use Zalo runs the service with no Telegram bot at all.
let h: Harness;
const chat = zaloChatWith(() => h);
let bich: FakeZaloUser;

beforeAll(async () => {
  h = await startHarness({ zalo: true, telegram: false });
  const { branch } = await seedBranch(h.tdb.db);
  await seedMember(h.tdb.db, branch, { fullName: 'Võ Thị Bích', phone: '0977000111', role: 'secretary' });
  await seedMember(h.tdb.db, branch, { fullName: 'Đỗ Văn Cường', phone: '0966000222' });
});
afterAll(async () => h?.close());

describe('a deployment on Zalo alone', () => {
  test('starts without a Telegram bot and never calls Telegram', () => {
    expect(h.app.telegram).toBeUndefined();
    expect(h.fake.calls).toHaveLength(0);
  });

  test('members join and are answered on Zalo', async () => {
    bich = h.zalo.user('Bích');
    await chat.submitPhone(bich, '84977000111');
    expect(await chat.say(bich, '/toi')).toContain('Võ Thị Bích');
  });

  test('/huy with nothing in progress says there is nothing to cancel', async () => {
    expect(await chat.say(bich, '/huy')).toBe('Không có thao tác nào đang làm dở để hủy.');
  });

  test("the bí thư's link for a member's new account is a code for the OA, with no Telegram link, and it works", async () => {
    const said = await chat.say(bich, '/doitaikhoan 0966000222');
    expect(said).not.toContain('t.me');
    const code = /Zalo: mở https:\/\/zalo\.me\/\d+, bấm «Quan tâm», rồi gửi mã ([A-Za-z0-9_-]{32})/.exec(said)?.[1];
    expect(code).toBeDefined();
    const cuong = h.zalo.user('Cường');
    expect(await chat.say(cuong, code!)).toContain('Đỗ Văn Cường');
  });
});
