// Shared types of the fake Zalo OA server. Every Zalo id (user, OA, app, message) is a STRING:
// real ids are 18–19 digit numbers that overflow JS numbers (zalo.md §1.1).

/** OA API error envelope: always answered with HTTP 200 and a non-zero `error` (zalo.md §1.1). */
export type OaErrorBody = { error: number; message: string };

/**
 * OAuth v4 error body. The exact field set is uncertain (zalo.md §2, §7 #10); the fake answers
 * with all the fields the reference lists, HTTP 200, and never an `access_token`.
 */
export type OAuthErrorBody = {
  error: number;
  error_name: string;
  error_reason: string;
  ref_doc: string;
  error_description: string;
};

/** Thrown by handlers; the server turns it into an HTTP 200 error envelope. */
export class ZaloApiError extends Error {
  constructor(readonly body: OaErrorBody | OAuthErrorBody) {
    super(`${body.error} ${'message' in body ? body.message : body.error_name}`);
  }
}

export function oaError(error: number, message: string): ZaloApiError {
  return new ZaloApiError({ error, message });
}

export type FakeZaloUser = {
  /** The OA-scoped user id (`sender.id`, `recipient.user_id`). */
  id: string;
  /** The app-scoped id (`user_id_by_app`). */
  idByApp: string;
  displayName: string;
  avatar: string;
};

export type RecordedCall = {
  /** 'GET' | 'POST' … */
  method: string;
  /** Without the leading slash, e.g. 'v3.0/oa/message/cs' or 'v4/oa/access_token'. */
  path: string;
  /** JSON body, form fields, the decoded `data` query param, or `{ file: {filename, size, mimeType} }`. */
  params: Record<string, unknown>;
  at: number;
  /** The error envelope answered, when the call failed. */
  error?: OaErrorBody | OAuthErrorBody;
};

export type SentKind = 'text' | 'buttons' | 'media' | 'file' | 'request_user_info';

export type SentMessage = {
  message_id: string;
  user_id: string;
  kind: SentKind;
  text?: string;
  buttons?: unknown[];
  /** The `message` object exactly as the client sent it. */
  message: Record<string, unknown>;
  at: number;
};

export type UploadKind = 'image' | 'file' | 'gif';

export type Upload = {
  kind: UploadKind;
  /** `token` for files, `attachment_id` for images and gifs. */
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  data: Buffer;
  at: number;
  expired: boolean;
};

/** A webhook event as Zalo posts it (a plain JSON object; ids and timestamp are strings). */
export type ZaloEvent = Record<string, unknown> & { event_name: string; app_id: string; timestamp: string };
