import { expect } from 'vitest';
import type { FakeUser } from '../fakes/telegram/index.js';
import type { Harness } from './app-harness.js';

/** The callback data of every inline button on a message the fake recorded. */
export const buttonsOf = (m: { reply_markup?: unknown }) =>
  ((m.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.callback_data ?? '');

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
    return h.fake
      .sent(user.id)
      .slice(before)
      .map((m) => m.text ?? m.caption ?? '')
      .join('\n');
  }
  const say = (user: FakeUser, s: string) => deliver(user, harness().fake.sendText(user, s));
  let nextMessageId = 900_000;
  /** A private message with these fields (a photo, a document, a caption), as the user's phone sends it. */
  const sendMessage = (user: FakeUser, fields: Record<string, unknown>) =>
    deliver(
      user,
      harness().fake.injectUpdate({
        message: {
          message_id: ++nextMessageId,
          date: Math.floor(Date.now() / 1000),
          from: { id: user.id, is_bot: false, first_name: user.first_name },
          chat: { id: user.id, type: 'private', first_name: user.first_name },
          ...fields,
        },
      }),
    );
  /**
   * Tap a button on the newest message that shows it (`data`, or the first button `data` picks),
   * or on `messageId`: what the bot said, and the acknowledgement's toast.
   */
  async function tap(user: FakeUser, data: string | ((d: string) => boolean), { messageId }: { messageId?: number } = {}) {
    const h = harness();
    const pick = typeof data === 'string' ? (d: string) => d === data : data;
    const msg = messageId === undefined ? h.fake.sent(user.id).findLast((m) => buttonsOf(m).some(pick)) : undefined;
    expect(messageId ?? msg, `a message with the button ${String(data)} for ${user.first_name}`).toBeDefined();
    const pressed = typeof data === 'string' ? data : buttonsOf(msg!).find(pick)!;
    const acks = h.fake.callsTo('answerCallbackQuery').length;
    const said = await deliver(user, h.fake.pressButton(user, pressed, messageId ?? msg!.message_id));
    const toast = (await h.fake.waitForCalls('answerCallbackQuery', acks + 1)).at(-1)!.params.text as string | undefined;
    return { said, toast };
  }
  /** The same, for what the bot said. */
  const press = async (user: FakeUser, data: string | ((d: string) => boolean)) => (await tap(user, data)).said;
  /** Forged or stale data, pressed on whatever the user last saw: the acknowledgement's toast. */
  async function forge(user: FakeUser, data: string): Promise<string | undefined> {
    const h = harness();
    const acks = h.fake.callsTo('answerCallbackQuery').length;
    expect((await h.fake.deliverToWebhook(h.fake.pressButton(user, data))).status).toBe(200);
    return (await h.fake.waitForCalls('answerCallbackQuery', acks + 1)).at(-1)!.params.text as string | undefined;
  }
  return { deliver, say, sendMessage, tap, press, forge };
}
