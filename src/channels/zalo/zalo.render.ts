import type { Button, OutboundMessage } from '../../shared/outbound.js';
import { splitText } from '../../shared/split-text.js';
import { zaloTexts as t } from '../../texts/index.js';

export const ZALO_CS_PATH = '/v3.0/oa/message/cs';
/** Longer text gives -210 "Parameter exceeds allowable limit". */
export const ZALO_TEXT_LIMIT = 2000;
/** Zalo's button template takes about 5 buttons (reference §1.2 [P]); more go in further messages. */
export const ZALO_MAX_BUTTONS = 5;

export type ZaloButton =
  { title: string; type: 'oa.query.hide'; payload: string } | { title: string; type: 'oa.open.url'; payload: { url: string } };

type Attachment =
  | { type: 'template'; payload: { buttons: ZaloButton[] } }
  | {
      type: 'template';
      payload: { template_type: 'request_user_info'; elements: { title: string; subtitle: string; image_url?: string }[] };
    }
  | { type: 'template'; payload: { template_type: 'media'; elements: { media_type: 'image'; attachment_id: string }[] } }
  | { type: 'file'; payload: { token: string } };

/**
 * Our file references for Zalo: a file token from /upload/file as is, an image's attachment_id
 * from /upload/image behind this prefix (the two are sent with different message shapes).
 */
export const ZALO_IMAGE_REF = 'image:';

/** One body for POST /v3.0/oa/message/cs (a customer-service message). */
export type ZaloCsBody = { recipient: { user_id: string }; message: { text?: string; attachment?: Attachment } };

export type ZaloRenderOptions = {
  /** Image on the request_user_info card; whether Zalo requires one is unknown (reference §1.2). */
  requestInfoImageUrl?: string;
  /**
   * The data of a poll option's button, written by the conversation layer's codec (the same one
   * reads the tap back): Zalo has no native poll, so a poll is shown as one button per option.
   */
  pollOptionData?: (pollId: number, option: number) => string;
};

/** Split to Zalo's limit on natural boundaries, never inside a character (src/shared/split-text.ts). */
export const splitZaloText = (text: string, limit = ZALO_TEXT_LIMIT): string[] => splitText(text, limit);

const zaloButton = (b: Button): ZaloButton =>
  'url' in b ? { title: b.text, type: 'oa.open.url', payload: { url: b.url } } : { title: b.text, type: 'oa.query.hide', payload: b.data };

/** Zalo has no rows: buttons stack vertically, at most five per message. */
function buttonGroups(rows: Button[][]): ZaloButton[][] {
  const flat = rows.flat().map(zaloButton);
  const groups: ZaloButton[][] = [];
  for (let i = 0; i < flat.length; i += ZALO_MAX_BUTTONS) groups.push(flat.slice(i, i + ZALO_MAX_BUTTONS));
  return groups;
}

function textWithButtons(userId: string, text: string, rows: Button[][] | undefined): ZaloCsBody[] {
  const recipient = { user_id: userId };
  const pieces = splitZaloText(text);
  const groups = rows ? buttonGroups(rows) : [];
  return pieces.flatMap((piece, i): ZaloCsBody[] => {
    if (i < pieces.length - 1 || groups.length === 0) return [{ recipient, message: { text: piece } }];
    // The buttons go under the last piece, as on Telegram; extra groups follow with a short lead.
    return groups.map((buttons, g) => ({
      recipient,
      message: { text: g === 0 ? piece : t.moreChoices, attachment: { type: 'template', payload: { buttons } } },
    }));
  });
}

/**
 * One platform-neutral message → the /v3.0/oa/message/cs bodies that show it, in order.
 * Documents must be resolved first: a material to its bytes or token, bytes uploaded
 * (POST /v2.0/oa/upload/file) to a token, which arrives here as `fileId`.
 */
export function renderForZalo(userId: string, m: OutboundMessage, options: ZaloRenderOptions = {}): ZaloCsBody[] {
  const recipient = { user_id: userId };
  if (m.kind === 'document') {
    if ('materialId' in m.file) throw new Error('a material must be resolved to a file before rendering');
    if ('upload' in m.file) throw new Error('a document must be uploaded (its token passed as fileId) before rendering');
    if ('url' in m.file) {
      const link = t.documentLink(m.file.fileName, m.file.url);
      return textWithButtons(userId, m.caption ? `${m.caption}\n\n${link}` : link, m.buttons);
    }
    // A file message has no text: the caption (and any buttons) follow it as a text message.
    const ref = m.file.fileId;
    const file: ZaloCsBody = ref.startsWith(ZALO_IMAGE_REF)
      ? // An image needs the media template: the simpler {type:image} shape answers -201 (reference §1.2).
        {
          recipient,
          message: {
            attachment: {
              type: 'template',
              payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: ref.slice(ZALO_IMAGE_REF.length) }] },
            },
          },
        }
      : { recipient, message: { attachment: { type: 'file', payload: { token: ref } } } };
    const after = m.caption ?? (m.buttons ? t.documentButtons : undefined);
    return after === undefined ? [file] : [file, ...textWithButtons(userId, after, m.buttons)];
  }
  if (m.kind === 'poll') {
    // Zalo has no native poll: one button per option (0-based, like Telegram's option_ids), which
    // the conversation receives as a button tap.
    const data = options.pollOptionData;
    if (!data) throw new Error('a poll cannot be shown on Zalo without pollOptionData');
    const question = m.multipleChoice ? `${m.question}\n${t.pollMultipleHint}` : m.question;
    return textWithButtons(userId, question, [m.options.map((text, i) => ({ text, data: data(m.pollId, i) }))]);
  }
  if (m.kind === 'stop_poll') return [{ recipient, message: { text: t.pollClosed } }];
  if (m.requestContact) {
    // Zalo's own form: the user taps to share their profile (phone included), answered by a
    // user_submit_info webhook. The card carries no text, so the text goes first.
    const element = {
      title: t.requestInfoTitle,
      subtitle: m.requestContact.buttonText,
      ...(options.requestInfoImageUrl ? { image_url: options.requestInfoImageUrl } : {}),
    };
    return [
      ...textWithButtons(userId, m.text, m.buttons),
      { recipient, message: { attachment: { type: 'template', payload: { template_type: 'request_user_info', elements: [element] } } } },
    ];
  }
  // removeKeyboard has no meaning on Zalo: there is no reply keyboard to remove.
  return textWithButtons(userId, m.text, m.buttons);
}
