import type { Update } from 'telegraf/types';
import type { InboundEvent, InboundUser } from '../../conversation/inbound.js';

type TgUser = { id: number; first_name: string; last_name?: string };

const user = (u: TgUser): InboundUser => ({
  externalId: String(u.id),
  displayName: [u.first_name, u.last_name].filter(Boolean).join(' '),
});

/**
 * Telegram update → platform-neutral event. Only private chats are conversations with
 * the bot; group messages and update kinds we do not use give null (acknowledged, ignored).
 */
export function parseTelegramUpdate(update: Update): InboundEvent | null {
  const updateId = String(update.update_id);
  if ('message' in update && update.message) {
    const m = update.message;
    if (m.chat.type !== 'private' || !m.from || m.from.is_bot) return null;
    const base = { platform: 'telegram' as const, updateId, chatId: String(m.chat.id), user: user(m.from) };
    if ('contact' in m && m.contact) {
      const owner = m.contact.user_id;
      return { ...base, type: 'contact', phone: m.contact.phone_number, ownerExternalId: owner === undefined ? null : String(owner) };
    }
    // Keep Telegram's file_id only: the file stays on Telegram (never downloaded or re-hosted).
    const caption = 'caption' in m && typeof m.caption === 'string' && m.caption.trim() ? { caption: m.caption } : {};
    if ('photo' in m && Array.isArray(m.photo) && m.photo.length > 0) {
      // Telegram sends several sizes of one photo; the largest is the one worth keeping.
      const largest = m.photo.reduce((a, b) => (b.width * b.height >= a.width * a.height ? b : a));
      return { ...base, type: 'attachment', kind: 'photo', fileId: largest.file_id, ...caption };
    }
    if ('document' in m && m.document) {
      const fileName = m.document.file_name ? { fileName: m.document.file_name } : {};
      return { ...base, type: 'attachment', kind: 'document', fileId: m.document.file_id, ...fileName, ...caption };
    }
    if ('text' in m && typeof m.text === 'string') {
      const cmd = /^\/([A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]+)?(?:\s+([\s\S]*))?$/.exec(m.text.trim());
      if (cmd) return { ...base, type: 'command', command: cmd[1]!.toLowerCase(), args: (cmd[2] ?? '').trim() };
      return { ...base, type: 'text', text: m.text };
    }
    return null;
  }
  if ('callback_query' in update && update.callback_query) {
    const q = update.callback_query;
    const data = 'data' in q && typeof q.data === 'string' ? q.data : '';
    const chatId = q.message?.chat.id ?? q.from.id;
    return { platform: 'telegram', updateId, chatId: String(chatId), user: user(q.from), type: 'button', callbackId: q.id, data };
  }
  if ('poll_answer' in update && update.poll_answer) {
    const a = update.poll_answer;
    // Only non-anonymous polls sent by the bot produce these; they always name the voter.
    if (!a.user) return null;
    return {
      platform: 'telegram',
      updateId,
      chatId: String(a.user.id),
      user: user(a.user),
      type: 'poll_answer',
      platformPollId: a.poll_id,
      optionIds: [...a.option_ids],
    };
  }
  if ('my_chat_member' in update && update.my_chat_member) {
    const c = update.my_chat_member;
    if (c.chat.type !== 'private') return null;
    const status = c.new_chat_member.status;
    return {
      platform: 'telegram',
      updateId,
      chatId: String(c.chat.id),
      user: user(c.from),
      type: 'reachability',
      reachable: status !== 'kicked' && status !== 'left',
    };
  }
  return null;
}

/** Cheap shape check before anything else reads a webhook body. */
export function isTelegramUpdate(body: unknown): body is Update {
  return typeof body === 'object' && body !== null && Number.isSafeInteger((body as { update_id?: unknown }).update_id);
}
