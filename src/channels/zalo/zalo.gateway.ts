import axios from 'axios';
import { GatewayError, type ChatGateway, type SendOptions, type SendThrottle } from '../../shared/chat-gateway.js';
import type { Logger } from '../../shared/logger.js';
import type { OutboundMessage } from '../../shared/outbound.js';
import type { ZaloClient } from './zalo.client.js';
import { toGatewayError, ZaloError } from './zalo.errors.js';
import { renderForZalo, ZALO_IMAGE_REF, type ZaloRenderOptions } from './zalo.render.js';

/** Customer-service messages need an interaction within 7 days (reference §1.3). */
export const ZALO_REPLY_WINDOW_MS = 7 * 86_400_000;
/** /v2.0/oa/upload/file takes PDF/DOC/DOCX up to 5 MB; bigger documents go as a link. */
export const ZALO_MAX_FILE_BYTES = 5 * 1024 * 1024;
const ZALO_MAX_IMAGE_BYTES = 1024 * 1024;
// What a member sends us to read (a material's first page): enough for any real meeting document.
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const IMAGE_NAME = /\.(jpe?g|png)$/i;
// Once the first part of a message is out, a later part refused for a passing reason (-32, a
// network fault) is retried here rather than by the outbox, which would resend the whole
// message: the member would get the file twice. Bounded to stay inside the outbox lease (2 min).
const CONTINUATION_RETRIES = { rate_limited: 1, transient: 2 } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Deps = {
  client: ZaloClient;
  logger: Logger;
  render?: ZaloRenderOptions;
  /** Zalo's per-minute budget, shared by every process (the Redis pacer). */ throttle?: SendThrottle;
  downloadTimeoutMs?: number;
};

/**
 * The ChatGateway for a Zalo Official Account. One platform-neutral message may take several
 * Zalo calls (an upload, then the file, then its caption and buttons); every call waits for a
 * send slot, and a -32 pauses every process's slots for Zalo's one-minute window.
 */
export function createZaloGateway({ client, logger, render = {}, throttle, downloadTimeoutMs = 30_000 }: Deps): ChatGateway {
  async function guarded<T>(call: () => Promise<T>, opts: SendOptions = {}): Promise<T> {
    // The caller's slot first, then the app-wide one: the binding limit is checked last, right
    // before the call.
    await opts.pace?.();
    await throttle?.pace(opts.lane);
    try {
      return await call();
    } catch (err) {
      if (err instanceof GatewayError) throw err; // e.g. the token store's 'paused'
      if (!(err instanceof ZaloError))
        throw new GatewayError('transient', { platform: 'zalo', method: 'send', description: 'unexpected failure' });
      const e = toGatewayError(err);
      if (e.kind === 'rate_limited' && throttle) await throttle.pauseFor((e.details.retryAfterSec ?? 60) * 1000);
      throw e;
    }
  }

  /** A later part of a message: passing refusals are waited out here (see CONTINUATION_RETRIES). */
  async function continuation<T>(call: () => Promise<T>, opts: SendOptions = {}): Promise<T> {
    for (let tries = { rate_limited: 0, transient: 0 }; ;) {
      try {
        return await guarded(call, opts);
      } catch (err) {
        if (!(err instanceof GatewayError) || (err.kind !== 'rate_limited' && err.kind !== 'transient')) throw err;
        if (tries[err.kind]++ >= CONTINUATION_RETRIES[err.kind]) throw err;
        // With a throttle the next pace() already waits out the pause that the refusal set.
        if (err.kind === 'transient') await sleep(1_000 * tries.transient);
        else if (!throttle) await sleep((err.details.retryAfterSec ?? 60) * 1000);
        logger.warn({ kind: err.kind }, 'zalo: a later part of a message was refused; retrying that part only');
      }
    }
  }

  /** Bytes to a reference renderForZalo understands: a file token, or an image attachment id. */
  async function upload(bytes: Buffer, fileName: string, opts: SendOptions = {}): Promise<string> {
    if (IMAGE_NAME.test(fileName) && bytes.length <= ZALO_MAX_IMAGE_BYTES) {
      return ZALO_IMAGE_REF + (await guarded(() => client.uploadImage(bytes, fileName), opts));
    }
    return guarded(() => client.uploadFile(bytes, fileName), opts);
  }

  return {
    platform: 'zalo',
    replyWindowMs: ZALO_REPLY_WINDOW_MS,
    maxDocumentBytes: ZALO_MAX_FILE_BYTES,
    async send(chatId: string, message: OutboundMessage, opts: SendOptions = {}) {
      let fileId: string | undefined;
      let m = message;
      if (m.kind === 'document' && 'upload' in m.file) {
        fileId = await upload(m.file.upload, m.file.fileName, opts);
        m = { ...m, file: { fileId } };
      }
      let messageId = '';
      for (const [i, body] of renderForZalo(chatId, m, render).entries()) {
        const sent =
          i === 0 ? await guarded(() => client.sendMessage(body), opts) : await continuation(() => client.sendMessage(body), opts);
        messageId ||= sent.messageId;
      }
      logger.debug({ kind: message.kind }, 'zalo message sent');
      return { messageId, ...(fileId ? { fileId } : {}) };
    },
    /** Zalo hands us a file as a URL on its CDN (an inbound event has no reusable file id). */
    async download(url: string): Promise<Buffer> {
      try {
        const res = await axios.get<ArrayBuffer>(url, {
          responseType: 'arraybuffer',
          timeout: downloadTimeoutMs,
          maxContentLength: MAX_DOWNLOAD_BYTES,
        });
        return Buffer.from(res.data);
      } catch {
        // The URL may carry a signed query: never quoted in an error.
        throw new GatewayError('transient', { platform: 'zalo', method: 'download', description: 'file download failed' });
      }
    },
    // Zalo has no button acknowledgement: a tap arrives as a message and is answered by one.
    async answerCallback() {},
  };
}
