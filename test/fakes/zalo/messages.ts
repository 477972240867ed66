// Validation of POST v3.0/oa/message/cs bodies (zalo.md §1.2). Returns what to record, or throws
// the error envelope the real API answers.
//
// Uncertain points and the fake's choices:
// - Text length: "max 2000 chars" — the fake counts Unicode code points (not UTF-16 units or bytes).
// - More than 5 buttons: -210 "Parameter exceeds allowable limit" (the limit is [P], the code is
//   a guess consistent with the other over-limit cases). Zero buttons or a malformed one: -201.
// - Button titles: no documented limit; the fake only requires a non-empty string.
// - Text with buttons: whether `text` is mandatory is undocumented; the fake requires it.
// - `recipient.user_id` as a JSON number: the fake REFUSES it (-201), stricter than Zalo
//   probably is, because such an id has already lost precision in a JS client.
// - Unknown user id: undocumented; the fake answers -201 "user_id is invalid!".
// - `template_type: "list"` and the transaction/promotion templates on /message/cs: -233
//   "message type invalid or not supported" (SPEC: treat list as unavailable on v3).
// - File payload: `token` (official) or `attachment_id` (GOCLAW) both accepted (zalo.md §7 #5).
import type { FakeZaloState } from './state.js';
import { oaError, type SentKind } from './types.js';

export const MAX_TEXT = 2000;
export const MAX_BUTTONS = 5;
const invalid = (field: string) => oaError(-201, `${field} is invalid!`);
const tooLong = () => oaError(-210, 'Parameter exceeds allowable limit');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

export type ValidatedMessage = { userId: string; kind: SentKind; text?: string; buttons?: unknown[]; message: Obj };

function checkText(text: unknown): string {
  if (!nonEmpty(text)) throw invalid('text');
  if ([...text].length > MAX_TEXT) throw tooLong();
  return text;
}

function checkButton(b: unknown): void {
  if (!isObj(b) || !nonEmpty(b.title)) throw invalid('buttons');
  const p = b.payload;
  switch (b.type) {
    case 'oa.open.url':
      if (!isObj(p) || !nonEmpty(p.url)) throw invalid('buttons');
      return;
    case 'oa.query.show':
    case 'oa.query.hide':
      if (!nonEmpty(p)) throw invalid('buttons');
      return;
    case 'oa.open.sms':
      if (!isObj(p) || !nonEmpty(p.content) || !nonEmpty(p.phone_code)) throw invalid('buttons');
      return;
    case 'oa.open.phone':
      if (!isObj(p) || !nonEmpty(p.phone_code)) throw invalid('buttons');
      return;
    default:
      throw invalid('buttons');
  }
}

function checkMedia(state: FakeZaloState, payload: Obj): void {
  const elements = payload.elements;
  if (!Array.isArray(elements) || elements.length !== 1 || !isObj(elements[0])) throw invalid('elements');
  const e = elements[0];
  const hasUrl = e.url !== undefined;
  const hasId = e.attachment_id !== undefined;
  if (e.media_type === 'sticker') {
    if (!nonEmpty(e.attachment_id)) throw invalid('attachment_id');
    return;
  }
  if (e.media_type !== 'image' && e.media_type !== 'gif') throw invalid('media_type');
  if (hasUrl === hasId) throw invalid('url'); // url XOR attachment_id
  if (hasUrl && !nonEmpty(e.url)) throw invalid('url');
  if (hasId) checkUpload(state, e.attachment_id, e.media_type);
  if (e.media_type === 'gif' && (e.width === undefined || e.height === undefined)) throw invalid('width');
}

function checkUpload(state: FakeZaloState, id: unknown, kind: 'image' | 'gif' | 'file'): void {
  const upload = state.uploads.find((u) => u.id === id && u.kind === kind);
  if (!upload) throw invalid(kind === 'file' ? 'token' : 'attachment_id');
  if (upload.expired) throw oaError(-100, 'attachment_id was expired');
}

export function validateCs(state: FakeZaloState, body: unknown): ValidatedMessage {
  if (!isObj(body) || !isObj(body.recipient)) throw invalid('recipient');
  const userId = body.recipient.user_id;
  if (!nonEmpty(userId) || !/^\d+$/.test(userId) || !state.users.has(userId)) throw invalid('user_id');
  const message = body.message;
  if (!isObj(message)) throw invalid('message');
  const attachment = message.attachment;
  if (attachment === undefined) return { userId, kind: 'text', text: checkText(message.text), message };
  if (!isObj(attachment) || !isObj(attachment.payload)) throw invalid('attachment');
  const payload = attachment.payload;
  if (attachment.type === 'file') {
    checkUpload(state, payload.token ?? payload.attachment_id, 'file');
    return { userId, kind: 'file', message };
  }
  if (attachment.type !== 'template') throw invalid('attachment.type');
  const text = message.text === undefined ? undefined : checkText(message.text);
  const withText = (v: ValidatedMessage): ValidatedMessage => (text === undefined ? v : { ...v, text });
  switch (payload.template_type) {
    case undefined: {
      const buttons = payload.buttons;
      if (text === undefined) throw invalid('text');
      if (!Array.isArray(buttons) || buttons.length === 0) throw invalid('buttons');
      if (buttons.length > MAX_BUTTONS) throw tooLong();
      buttons.forEach(checkButton);
      return { userId, kind: 'buttons', text, buttons, message };
    }
    case 'media':
      checkMedia(state, payload);
      return withText({ userId, kind: 'media', message });
    case 'request_user_info': {
      const els = payload.elements;
      if (!Array.isArray(els) || els.length !== 1 || !isObj(els[0])) throw invalid('elements');
      const e = els[0];
      if (!nonEmpty(e.title) || !nonEmpty(e.subtitle) || !nonEmpty(e.image_url)) throw invalid('elements');
      return { userId, kind: 'request_user_info', message };
    }
    default:
      throw oaError(-233, 'message type invalid or not supported');
  }
}
