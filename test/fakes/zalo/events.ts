// Builders for webhook events with the documented shapes (zalo.md §1.6). All ids and the
// timestamp (epoch ms) are strings. User → OA events carry sender = user, recipient = OA;
// follow/unfollow carry `follower.id` and `oa_id` INSTEAD of sender/recipient; OA echoes carry
// sender = OA, recipient = user.
//
// Uncertain points and the fake's choices:
// - A tapped `oa.query.*` button arrives as `user_send_text` with the payload as text
//   (zalo.md §7 #6): use userSendText(user, payload); `user_click_button` is not produced.
// - `user_submit_info.info` uses the doc's nested `full_address` (the redai typings' flat shape
//   is not produced).
// - `reorder_id` (seen on a real text payload) is set on message events, equal to the timestamp.
// - `msg_id` is 20 hex chars; an explicit one can be given to test deduplication.
import { messageId } from './ids.js';
import type { FakeZaloState } from './state.js';
import type { FakeZaloUser, ZaloEvent } from './types.js';

export type EventOptions = { at?: Date | number; msgId?: string };
export type ImageInput = { url?: string; thumbnail?: string; caption?: string };
export type FileInput = { name: string; size?: number; url?: string; type?: string; checksum?: string };
export type InfoInput = { phone: string; name: string; user_dob?: string; gender?: string; address?: string; city?: string; ward?: string };

const ts = (o: EventOptions | undefined, now: () => number): string => {
  const at = o?.at ?? now();
  return String(typeof at === 'number' ? at : at.getTime());
};

export class EventFactory {
  constructor(private readonly state: FakeZaloState) {}

  private fromUser(user: FakeZaloUser, event_name: string, message: Record<string, unknown> | undefined, o?: EventOptions): ZaloEvent {
    const timestamp = ts(o, this.state.now);
    const event: ZaloEvent = {
      app_id: this.state.appId,
      sender: { id: user.id },
      recipient: { id: this.state.oaId },
      event_name,
      timestamp,
      user_id_by_app: user.idByApp,
    };
    if (message) {
      event.message = { ...message, msg_id: o?.msgId ?? messageId() };
      event.reorder_id = timestamp;
    }
    return event;
  }

  private membership(user: FakeZaloUser, event_name: 'follow' | 'unfollow', o?: EventOptions): ZaloEvent {
    return {
      app_id: this.state.appId,
      oa_id: this.state.oaId,
      user_id_by_app: user.idByApp,
      event_name,
      timestamp: ts(o, this.state.now),
      source: 'oa_profile',
      follower: { id: user.id },
    };
  }

  follow(user: FakeZaloUser, o?: EventOptions): ZaloEvent {
    return this.membership(user, 'follow', o);
  }

  unfollow(user: FakeZaloUser, o?: EventOptions): ZaloEvent {
    return this.membership(user, 'unfollow', o);
  }

  userSendText(user: FakeZaloUser, text: string, o?: EventOptions): ZaloEvent {
    return this.fromUser(user, 'user_send_text', { text }, o);
  }

  userSendImage(user: FakeZaloUser, image: ImageInput = {}, o?: EventOptions): ZaloEvent {
    const url = image.url ?? `https://photo-stal.zadn.vn/fake/${messageId()}.jpg`;
    const payload = { thumbnail: image.thumbnail ?? url, url };
    const message: Record<string, unknown> = { attachments: [{ type: 'image', payload }] };
    if (image.caption !== undefined) message.text = image.caption;
    return this.fromUser(user, 'user_send_image', message, o);
  }

  userSendFile(user: FakeZaloUser, file: FileInput, o?: EventOptions): ZaloEvent {
    const payload = {
      size: String(file.size ?? 1024),
      name: file.name,
      checksum: file.checksum ?? messageId(),
      type: file.type ?? /\.([^.]+)$/.exec(file.name)?.[1] ?? '',
      url: file.url ?? `https://f1.zdn.vn/fake/${encodeURIComponent(file.name)}`,
    };
    return this.fromUser(user, 'user_send_file', { attachments: [{ type: 'file', payload }] }, o);
  }

  userSubmitInfo(user: FakeZaloUser, info: InfoInput, o?: EventOptions): ZaloEvent {
    const event = this.fromUser(user, 'user_submit_info', undefined, o);
    event.info = {
      name: info.name,
      phone: info.phone,
      user_dob: info.user_dob ?? '',
      gender: info.gender ?? '',
      full_address: { user_city: info.city ?? '', user_ward: info.ward ?? '', user_address: info.address ?? '' },
    };
    return event;
  }

  /** The echo Zalo posts for a text the OA sent (from the API or a human agent in the console). */
  oaSendEcho(user: FakeZaloUser, text: string, o?: EventOptions): ZaloEvent {
    return {
      app_id: this.state.appId,
      sender: { id: this.state.oaId },
      recipient: { id: user.id },
      event_name: 'oa_send_text',
      message: { text, msg_id: o?.msgId ?? messageId() },
      timestamp: ts(o, this.state.now),
      user_id_by_app: user.idByApp,
    };
  }
}

/** The user an event counts as an interaction for, or undefined (echoes, unfollow, receipts). */
export function interactingUser(event: Record<string, unknown>): string | undefined {
  const name = String(event.event_name ?? '');
  const subject = (k: string): string | undefined => {
    const v = event[k];
    return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : undefined;
  };
  if (name === 'follow' || name === 'user_follow') return subject('follower');
  // zalo.md §1.3: sending a message, submitting info, calling or tapping chat-now are interactions.
  if (name.startsWith('user_send_') || name === 'user_submit_info' || name === 'user_call_oa' || name === 'user_click_chatnow') {
    return subject('sender');
  }
  return undefined;
}
