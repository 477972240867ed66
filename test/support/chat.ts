import { expect } from 'vitest';
import type { FakeUser } from '../fakes/telegram/index.js';
import type { Harness } from './app-harness.js';

/** The callback data of every inline button on a message the fake recorded. */
export const buttonsOf = (m: { reply_markup?: unknown }) =>
  ((m.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

/**
 * A member talking to the service in webhook mode: each update is processed before the call
 * returns, and the answer is what the bot sent that member for it. `harness` is a getter
 * because test files create the harness in beforeAll.
 */
export function chatWith(harness: () => Harness) {
  async function deliver(user: FakeUser, update: ReturnType<Harness['fake']['sendText']>): Promise<string> {
    const h = harness();
    const before = h.fake.sent(user.id).length;
    expect((await h.fake.deliverToWebhook(update)).status).toBe(200);
    return h.fake.sent(user.id).slice(before).map((m) => m.text ?? m.caption ?? '').join('\n');
  }
  const say = (user: FakeUser, s: string) => deliver(user, harness().fake.sendText(user, s));
  return { deliver, say };
}
