import { expect } from 'vitest';
import type { FakeZaloUser, SentMessage, ZaloEvent } from '../fakes/zalo/index.js';
import type { Harness } from './app-harness.js';

/** The payload of every button on a message the fake Zalo recorded (our button data). */
export const zaloButtonsOf = (m: SentMessage | undefined): string[] =>
  ((m?.buttons ?? []) as { payload?: unknown }[]).map((b) => (typeof b.payload === 'string' ? b.payload : ''));

/** Every text the bot sent, one message per entry (file messages have none). */
export const zaloTexts = (msgs: SentMessage[]): string =>
  msgs
    .map((m) => m.text ?? '')
    .filter(Boolean)
    .join('\n');

/**
 * A member talking to the service on Zalo: the fake signs and posts the event, the service
 * answers 200 at once and handles it after; `deliver` returns when it has been handled, with
 * what the bot sent that user meanwhile. Events carry the service's (fake) clock.
 */
export function zaloChatWith(harness: () => Harness) {
  async function deliver(user: FakeZaloUser, event: ZaloEvent): Promise<SentMessage[]> {
    const h = harness();
    const before = h.zalo.sent(user.id).length;
    const r = await h.zalo.deliver(event);
    expect(r.status).toBe(200);
    await h.app.idle();
    return h.zalo.sent(user.id).slice(before);
  }
  /** A typed message; a button tap is the same (Zalo posts its hidden payload as text). */
  const say = async (user: FakeZaloUser, s: string) => zaloTexts(await deliver(user, harness().zalo.userSendText(user, s)));
  const follow = (user: FakeZaloUser) => deliver(user, harness().zalo.follow(user));
  const submitPhone = (user: FakeZaloUser, phone: string) =>
    deliver(user, harness().zalo.userSubmitInfo(user, { phone, name: user.displayName }));
  return { deliver, say, tap: say, follow, submitPhone };
}
