// Request parameter parsing for the three encodings the Bot API accepts (plus the query string):
// application/json, application/x-www-form-urlencoded and multipart/form-data (telegraf switches
// to multipart as soon as a payload contains a file to upload).
import type { IncomingMessage } from 'node:http';
import { badRequest } from './types.js';

export type UploadedFile = { filename: string; size: number; data: Buffer };

export type ParsedRequest = {
  /** Parameters; in form encodings values are strings, JSON-looking ones already parsed. */
  params: Record<string, unknown>;
  /** File parts of a multipart body by field name (their params entry is `{filename, size}`). */
  files: Map<string, UploadedFile>;
};

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Form values are always strings; parse the ones that hold JSON (reply_markup, options, …). */
function formValue(v: string): unknown {
  const t = v.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return v;
    }
  }
  return v;
}

function fromSearchParams(sp: URLSearchParams, into: Record<string, unknown>): void {
  for (const [k, v] of sp) into[k] = formValue(v);
}

export function parseRequest(contentType: string | undefined, query: URLSearchParams, body: Buffer): ParsedRequest {
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  fromSearchParams(query, params);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (body.length === 0) return { params, files };
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse request JSON object");
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw badRequest("can't parse request JSON object");
    }
    Object.assign(params, parsed);
  } else if (type === 'application/x-www-form-urlencoded') {
    fromSearchParams(new URLSearchParams(body.toString('utf8')), params);
  } else if (type === 'multipart/form-data') {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw badRequest("can't parse multipart/form-data: boundary is missing");
    for (const part of splitMultipart(body, b.trim())) {
      if (part.filename !== undefined) {
        files.set(part.name, { filename: part.filename, size: part.data.length, data: part.data });
        params[part.name] = { filename: part.filename, size: part.data.length };
      } else {
        params[part.name] = formValue(part.data.toString('utf8'));
      }
    }
  }
  return { params, files };
}

type Part = { name: string; filename?: string; data: Buffer };

/** Minimal RFC 7578 splitter: enough for telegraf's MultipartStream and common HTTP clients. */
function splitMultipart(body: Buffer, boundary: string): Part[] {
  const malformed = () => badRequest("can't parse multipart/form-data body");
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw malformed();
  pos += delimiter.length;
  // After each delimiter comes either "--" (end of body) or CRLF and the next part.
  while (body.subarray(pos, pos + 2).toString() !== '--') {
    if (body.subarray(pos, pos + 2).toString() !== '\r\n') throw malformed();
    pos += 2;
    const end = body.indexOf(nextDelimiter, pos);
    if (end < 0) throw malformed();
    const raw = body.subarray(pos, end);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw malformed();
    // telegraf writes headers as "name:value" without a space; accept both.
    const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => h.toLowerCase().startsWith('content-disposition'));
    const name = disposition && /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) throw malformed();
    const filename = disposition ? /\bfilename="([^"]*)"/i.exec(disposition)?.[1] : undefined;
    const part: Part = { name, data: raw.subarray(headerEnd + 4) };
    if (filename !== undefined) part.filename = filename;
    parts.push(part);
    pos = end + nextDelimiter.length;
  }
  return parts;
}
