import type { Update } from 'telegraf/types';
import type { InboundEvent, InboundUser } from '../../conversation/inbound.js';

// A webhook body is untrusted JSON that passed only the secret check and an update_id test: every
// field is read as unknown and checked, so a body of any shape gives an event or null, never an
// exception (a 500 would make Telegram send it again and again). Chat and user ids are safe
// integers or the update is ignored: nothing is ever sent to an id no valid update carried.

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const has = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const safeId = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

const userOf = (v: unknown): InboundUser | null => {
  const u = rec(v);
  const id = safeId(u.id);
  if (id === null) return null;
  return { externalId: String(id), displayName: [str(u.first_name), str(u.last_name)].filter(Boolean).join(' ') };
};

const privateChatId = (v: unknown): number | null => {
  const c = rec(v);
  return c.type === 'private' ? safeId(c.id) : null;
};

/**
 * Telegram update → platform-neutral event. Only private chats are conversations with
 * the bot; group messages and update kinds we do not use give null (acknowledged, ignored).
 */
export function parseTelegramUpdate(update: Update | unknown): InboundEvent | null {
  const u = rec(update);
  const id = safeId(u.update_id);
  if (id === null) return null;
  const updateId = String(id);
  if (has(u.message)) return messageEvent(rec(u.message), updateId);
  if (has(u.callback_query)) {
    const q = rec(u.callback_query);
    const from = userOf(q.from);
    const callbackId = str(q.id);
    if (!from || !callbackId) return null;
    const chatId = safeId(rec(rec(q.message).chat).id) ?? Number(from.externalId);
    return { platform: 'telegram', updateId, chatId: String(chatId), user: from, type: 'button', callbackId, data: str(q.data) ?? '' };
  }
  if (has(u.poll_answer)) {
    const a = rec(u.poll_answer);
    // Only non-anonymous polls sent by the bot produce these; they always name the voter.
    const voter = userOf(a.user);
    const pollId = str(a.poll_id);
    const options = Array.isArray(a.option_ids) ? a.option_ids : null;
    if (!voter || !pollId || !options || !options.every((o) => safeId(o) !== null && (o as number) >= 0)) return null;
    return {
      platform: 'telegram',
      updateId,
      chatId: voter.externalId,
      user: voter,
      type: 'poll_answer',
      platformPollId: pollId,
      optionIds: options as number[],
    };
  }
  if (has(u.my_chat_member)) {
    const c = rec(u.my_chat_member);
    const chatId = privateChatId(c.chat);
    const from = userOf(c.from);
    const status = str(rec(c.new_chat_member).status);
    if (chatId === null || !from || !status) return null;
    return {
      platform: 'telegram',
      updateId,
      chatId: String(chatId),
      user: from,
      type: 'reachability',
      reachable: status !== 'kicked' && status !== 'left',
    };
  }
  return null;
}

function messageEvent(m: Rec, updateId: string): InboundEvent | null {
  const chatId = privateChatId(m.chat);
  const from = userOf(m.from);
  if (chatId === null || !from || rec(m.from).is_bot === true) return null;
  const base = { platform: 'telegram' as const, updateId, chatId: String(chatId), user: from };
  if (has(m.contact)) {
    const c = rec(m.contact);
    const phone = str(c.phone_number);
    if (!phone) return null;
    const owner = safeId(c.user_id);
    return { ...base, type: 'contact', phone, ownerExternalId: owner === null ? null : String(owner) };
  }
  // Keep Telegram's file_id only: the file stays on Telegram (never downloaded or re-hosted).
  const text = str(m.caption);
  const caption = text && text.trim() ? { caption: text } : {};
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    // Telegram sends several sizes of one photo; the largest is the one worth keeping.
    const sizes = m.photo.map(rec).filter((p) => str(p.file_id));
    if (sizes.length === 0) return null;
    const area = (p: Rec) => (Number(p.width) || 0) * (Number(p.height) || 0);
    const largest = sizes.reduce((a, b) => (area(b) >= area(a) ? b : a));
    return { ...base, type: 'attachment', kind: 'photo', fileId: str(largest.file_id)!, ...caption };
  }
  if (has(m.document)) {
    const d = rec(m.document);
    const fileId = str(d.file_id);
    if (!fileId) return null;
    const name = str(d.file_name);
    return { ...base, type: 'attachment', kind: 'document', fileId, ...(name ? { fileName: name } : {}), ...caption };
  }
  const said = str(m.text);
  if (said !== null) {
    const cmd = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(said.trim());
    if (cmd) return { ...base, type: 'command', command: cmd[1]!.toLowerCase(), args: (cmd[2] ?? '').trim() };
    return { ...base, type: 'text', text: said };
  }
  return null;
}

/** Cheap shape check before anything else reads a webhook body. */
export function isTelegramUpdate(body: unknown): body is Update {
  return typeof body === 'object' && body !== null && Number.isSafeInteger((body as { update_id?: unknown }).update_id);
}
