import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../test/support/test-db.js';
import { errorText, scrubSecrets } from './logger.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

describe('what an error may put in a log line', () => {
  test("a failed query's parameters never reach the log, whatever they hold", async () => {
    const phone = '84912345678';
    const reason = 'Ốm\nnằm viện';
    const err = await t.db.execute(sql`select ${phone}::int, ${reason}`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String((err as Error).message)).toContain(phone); // drizzle does put them in the message
    const logged = errorText(err);
    expect(logged).toContain('Failed query');
    expect(logged).toContain('params: [not logged]');
    expect(logged).not.toContain(phone);
    expect(logged).not.toContain('nằm viện');
  });

  test('a bot token in a URL is replaced, the rest of the message kept', () => {
    expect(scrubSecrets('request to https://api.example/bot123456:AAbb-cc_dd/sendMessage failed')).toBe(
      'request to https://api.example/bot<token>/sendMessage failed',
    );
    expect(errorText('plain')).toBe('plain');
  });
});
