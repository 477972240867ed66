import { createHash } from 'node:crypto';
import type { InboundEvent } from '../../conversation/inbound.js';
import { idString, isRecord, parseJsonKeepingBigInts } from './zalo.json.js';

/** What our button `data` looks like (see src/conversation/flows): prefix, colon, ids. */
export const BUTTON_DATA_RE = /^[a-z]{1,8}:[\w:-]{0,56}$/;

export type ZaloParseOptions = {
  /**
   * A tap on an `oa.query.hide` button reaches us as plain `user_send_text` (reference §1.2 [U]),
   * so a typed "abc:1" looks the same. When given, only these prefixes count as button taps.
   */
  buttonPrefixes?: ReadonlySet<string>;
};

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** A Zalo user id: digits only, or the event is ignored (nothing is sent to an id no valid event carried). */
const userIdOf = (v: unknown): string | null => {
  const id = idString(v);
  return id !== null && /^\d{1,32}$/.test(id) ? id : null;
};

/** Events that count as an interaction: they (re)open the 7-day customer-service window. */
export function zaloInteractingUserId(event: unknown): string | null {
  const e = rec(event);
  const name = str(e.event_name) ?? '';
  if (name === 'follow' || name === 'user_follow') return userIdOf(rec(e.follower).id);
  if (name.startsWith('user_') && !['user_received_message', 'user_seen_message', 'user_unfollow'].includes(name)) {
    return userIdOf(rec(e.sender).id);
  }
  return null;
}

/**
 * A webhook body (raw bytes, so ids never pass through a JS number) → platform-neutral event.
 * Null for what we do not act on: the OA's own `oa_send_*` echoes (answering them would loop),
 * receipts, stickers, locations, malformed bodies. A `follow` is a /start (greeting and phone
 * request); an `unfollow` makes the user unreachable.
 */
export function parseZaloWebhook(rawBody: Buffer | string, options: ZaloParseOptions = {}): InboundEvent | null {
  let body: unknown;
  try {
    body = parseJsonKeepingBigInts(rawBody);
  } catch {
    return null;
  }
  return zaloEventToInbound(body, { ...options, rawBody });
}

export function zaloEventToInbound(body: unknown, options: ZaloParseOptions & { rawBody?: Buffer | string } = {}): InboundEvent | null {
  const e = rec(body);
  const name = str(e.event_name);
  if (!name || name.startsWith('oa_send_')) return null;
  const timestamp = idString(e.timestamp) ?? '';
  const fallbackId = () =>
    `sha256:${createHash('sha256')
      .update(options.rawBody ?? JSON.stringify(body))
      .digest('hex')
      .slice(0, 40)}`;

  if (name === 'follow' || name === 'unfollow' || name === 'user_follow' || name === 'user_unfollow') {
    // Follow events name the user in `follower`, not `sender` (some fixtures use sender).
    const userId = userIdOf(rec(e.follower).id) ?? userIdOf(rec(e.sender).id);
    if (!userId) return null;
    const updateId = timestamp ? `${name}:${userId}:${timestamp}` : fallbackId();
    // Following the OA is Zalo's "start": the greeting and the request for the phone.
    if (name === 'follow' || name === 'user_follow') return { ...base(userId, updateId), type: 'command', command: 'start', args: '' };
    return { ...base(userId, updateId), type: 'reachability', reachable: false };
  }

  const userId = userIdOf(rec(e.sender).id);
  if (!userId) return null;
  const message = rec(e.message);
  const msgId = idString(message.msg_id) ?? idString(message.message_id);
  const updateId = msgId ?? (timestamp ? `${name}:${userId}:${timestamp}` : fallbackId());
  const b = base(userId, updateId);

  if (name === 'user_send_text') {
    const text = str(message.text);
    if (text === null || text.trim() === '') return null;
    const trimmed = text.trim();
    if (isButtonData(trimmed, options)) return { ...b, type: 'button', callbackId: null, data: trimmed };
    const cmd = /^\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/.exec(trimmed);
    if (cmd) return { ...b, type: 'command', command: cmd[1]!.toLowerCase(), args: (cmd[2] ?? '').trim() };
    return { ...b, type: 'text', text };
  }
  if (name === 'user_click_button') {
    // Only a weak source documents this event; if it exists, it is a tap whatever it carries.
    const data = str(message.payload) ?? str(message.text) ?? str(e.payload);
    return data ? { ...b, type: 'button', callbackId: null, data: data.trim() } : null;
  }
  if (name === 'user_send_image' || name === 'user_send_file') {
    // One event may carry several attachments; the conversation takes one, so the first.
    const attachments = Array.isArray(message.attachments) ? message.attachments : [];
    const payload = rec(rec(attachments[0]).payload);
    // Zalo hands us a download URL (there is no file id on inbound); it is kept, never fetched here.
    const fileId = str(payload.url) ?? str(payload.token) ?? str(payload.attachment_id);
    if (!fileId) return null;
    const caption = str(message.text)?.trim();
    const fileName = str(payload.name)?.trim();
    return {
      ...b,
      type: 'attachment',
      kind: name === 'user_send_image' ? 'photo' : 'document',
      fileId,
      ...(fileName ? { fileName } : {}),
      ...(caption ? { caption } : {}),
    };
  }
  if (name === 'user_submit_info') {
    const info = rec(e.info);
    const phone = idString(info.phone);
    if (!phone) return null;
    // Zalo only ever submits the user's own profile, so the phone belongs to the sender.
    const displayName = str(info.name)?.trim() ?? '';
    return { ...b, user: { externalId: userId, displayName }, type: 'contact', phone, ownerExternalId: userId };
  }
  return null;
}

function base(userId: string, updateId: string) {
  // Webhooks carry no display name (only user_submit_info does); the chat is the user id.
  return { platform: 'zalo' as const, updateId, chatId: userId, user: { externalId: userId, displayName: '' } };
}

function isButtonData(text: string, { buttonPrefixes }: ZaloParseOptions): boolean {
  if (!BUTTON_DATA_RE.test(text)) return false;
  return !buttonPrefixes || buttonPrefixes.has(text.slice(0, text.indexOf(':')));
}
