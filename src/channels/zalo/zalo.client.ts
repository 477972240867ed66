import axios, { type AxiosRequestConfig } from 'axios';
import { classifyZaloError, ZaloError } from './zalo.errors.js';
import { isRecord, parseJsonKeepingBigInts } from './zalo.json.js';
import { ZALO_CS_PATH, type ZaloCsBody } from './zalo.render.js';

type Deps = {
  /** ZALO_API_ROOT, ending in '/'. */
  apiRoot: string;
  /** The current OA access token (the token store owns rotation; next session: Postgres). */
  accessToken: () => Promise<string>;
  /** Called once when Zalo says the token is invalid or expired; returns a fresh one. */
  refreshAccessToken?: (rejected: string) => Promise<string>;
  timeoutMs?: number;
  /** Uploads are bigger (files up to 5 MB): a longer timeout. */
  uploadTimeoutMs?: number;
};

export type ZaloUserDetail = { userId: string; displayName: string | null; isFollower: boolean | null; lastInteractionDate: string | null };

/**
 * The OA Open API over axios: send (v3.0), upload and read (v2.0/v3.0). Every failure is a
 * ZaloError (method and Zalo's code only: the token and message text never reach an error or
 * a log, and axios errors, whose config holds the token header, are never rethrown).
 */
export function createZaloClient({ apiRoot, accessToken, refreshAccessToken, timeoutMs = 10_000, uploadTimeoutMs = 60_000 }: Deps) {
  const http = axios.create({
    baseURL: apiRoot,
    timeout: timeoutMs,
    // Ids are strings in Zalo's answers, but a bare 19-digit number must not lose digits.
    responseType: 'text',
    transformResponse: [(d: unknown) => (typeof d === 'string' && d.trim() ? parseJsonKeepingBigInts(d) : d)],
  });

  async function once(method: string, token: string, config: AxiosRequestConfig): Promise<Record<string, unknown>> {
    let body: unknown;
    try {
      body = (await http.request({ ...config, headers: { ...config.headers, access_token: token } })).data;
    } catch (err) {
      throw classifyZaloError(method, err) ?? new ZaloError('transient', { method, description: 'request failed' });
    }
    if (!isRecord(body)) throw new ZaloError('transient', { method, description: 'unreadable response' });
    const e = classifyZaloError(method, body);
    if (e) throw e;
    return body;
  }

  async function call(method: string, config: AxiosRequestConfig): Promise<Record<string, unknown>> {
    const token = await accessToken();
    try {
      return await once(method, token, config);
    } catch (err) {
      // -216/-220: refresh once and retry once; a second failure goes to the caller.
      if (!(err instanceof ZaloError && err.details.refresh && refreshAccessToken)) throw err;
      return once(method, await refreshAccessToken(token), config);
    }
  }

  const dataOf = (body: Record<string, unknown>) => (isRecord(body.data) ? body.data : {});
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

  async function upload(kind: 'file' | 'image', bytes: Buffer, fileName: string): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const method = `upload/${kind}`;
    const body = await call(method, { method: 'POST', url: `v2.0/oa/upload/${kind}`, data: form, timeout: uploadTimeoutMs });
    const d = dataOf(body);
    // Files: the docs and SDKs read `token`; one production client reads `attachment_id` (reference §1.4 [U]).
    const id = kind === 'file' ? (str(d.token) ?? str(d.attachment_id)) : str(d.attachment_id);
    // A name without an extension makes Zalo answer success with empty data.
    if (!id) throw new ZaloError('bad_request', { method, description: 'upload returned no token' });
    return id;
  }

  return {
    /** POST /v3.0/oa/message/cs; Zalo's id of the message sent. */
    async sendMessage(body: ZaloCsBody): Promise<{ messageId: string }> {
      const res = await call('message/cs', {
        method: 'POST',
        url: ZALO_CS_PATH.slice(1),
        data: body,
        headers: { 'Content-Type': 'application/json' },
      });
      return { messageId: str(dataOf(res).message_id) ?? '' };
    },
    /** PDF/DOC/DOCX up to 5 MB → the token a file message sends (valid 7 days). */
    uploadFile: (bytes: Buffer, fileName: string) => upload('file', bytes, fileName),
    /** JPG/PNG up to 1 MB → the attachment_id an image message sends. */
    uploadImage: (bytes: Buffer, fileName: string) => upload('image', bytes, fileName),
    async userDetail(userId: string): Promise<ZaloUserDetail> {
      // GET parameters travel as one JSON-encoded `data` parameter.
      const res = await call('user/detail', {
        method: 'GET',
        url: 'v3.0/oa/user/detail',
        params: { data: JSON.stringify({ user_id: userId }) },
      });
      const d = dataOf(res);
      return {
        userId: str(d.user_id) ?? userId,
        displayName: str(d.display_name),
        isFollower: typeof d.user_is_follower === 'boolean' ? d.user_is_follower : null,
        lastInteractionDate: str(d.user_last_interaction_date),
      };
    },
  };
}

export type ZaloClient = ReturnType<typeof createZaloClient>;
