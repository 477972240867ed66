import { createHash, timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { extractFirstPageText } from '../modules/materials/extract.js';
import { publishMaterial } from '../modules/materials/publish.usecases.js';
import type { Clock } from '../shared/clock.js';
import type { Db } from '../shared/db/db.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../texts/index.js';
import { domainProblems, resolveMaterialForm, type MaterialForm, type Problem } from '../forms/materials.form.js';

// POST /api/materials: the propaganda department's systems (or a staff member with curl) publish
// the month's material without a phone. Same rules as the chat flow: publishMaterial decides.
export const MATERIALS_PATH = '/api/materials';
/** Telegram's own ceiling for a bot's document; anything bigger should be published as a link. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export type MaterialsRouteDeps = {
  db: Db;
  clock: Clock;
  /** MATERIALS_API_TOKEN: the bearer token callers present. */
  token: string;
  /** Hand the new outbox rows to the delivery workers; rows not handed over are found by the sweep. */
  dispatch?: (outboxIds: number[]) => Promise<void>;
  /** Default MAX_UPLOAD_BYTES; tests lower it rather than send 50 MB. */
  maxUploadBytes?: number;
};

const FIELDS = ['unit', 'month', 'title', 'caption', 'audience', 'scope', 'sendAt', 'link', 'confirmInternal'] as const;

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function authorized(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(token)) && presented.length > 0;
}

const invalid = (reply: FastifyReply, problems: Problem[]) =>
  reply.code(400).send({ error: 'invalid', problems: problems.map((p) => p.code), message: problems.map((p) => p.message).join('\n') });

/** POST /api/materials, as a Fastify plugin: its own scope, so multipart and the token apply here only. */
export const materialsRoutes =
  (deps: MaterialsRouteDeps): FastifyPluginAsync =>
  async (app) => {
    registerMaterialsRoutes(app, deps);
  };

function registerMaterialsRoutes(app: FastifyInstance, deps: MaterialsRouteDeps): void {
  // An encapsulated scope: multipart parsing and the token check apply to this endpoint only.
  const maxBytes = deps.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  app.register(async (scope) => {
    await scope.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: maxBytes, files: 1, fields: FIELDS.length + 5, fieldSize: 64 * 1024 },
    });
    // Before the body is read: a caller without the token uploads nothing that is kept.
    scope.addHook('onRequest', async (req, reply) => {
      if (!authorized(req.headers.authorization, deps.token))
        return reply.code(401).send({ error: 'unauthorized', message: f.http.unauthorized });
    });
    // Never echo the parser's message: it may quote the upload.
    scope.setErrorHandler((err: { statusCode?: number; code?: string }, _req, reply) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) {
        return reply.code(413).send({ error: 'too_large', message: f.http.tooLarge(Math.round(maxBytes / 1024 / 1024)) });
      }
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      return reply
        .code(status)
        .send(status === 500 ? { error: 'internal' } : { error: 'invalid', problems: ['bad_request'], message: f.http.notMultipart });
    });
    scope.post(MATERIALS_PATH, async (req, reply) => {
      if (!req.isMultipart()) return invalid(reply, [{ code: 'not_multipart', message: f.http.notMultipart }]);
      const form: Record<string, string> = {};
      let file: { name: string; mimeType: string; bytes: Buffer } | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          // A browser form sends an empty part when no file was chosen.
          if (part.fieldname === 'file' && (bytes.length > 0 || part.filename))
            file = { name: part.filename, mimeType: part.mimetype, bytes };
        } else if ((FIELDS as readonly string[]).includes(part.fieldname)) {
          form[part.fieldname] = String(part.value);
        }
      }
      const fields: MaterialForm = { ...form, confirmInternal: /^(true|1|yes)$/i.test(form.confirmInternal ?? '') };
      const resolved = await resolveMaterialForm(deps.db, fields, file?.name);
      if ('problems' in resolved) return invalid(reply, resolved.problems);

      let firstPageText: string | undefined;
      if (file) {
        try {
          firstPageText = await extractFirstPageText(file.name, file.bytes);
        } catch {
          return invalid(reply, domainProblems(['unreadable_file']));
        }
      }
      const r = await publishMaterial(
        {
          ...resolved.input,
          actor: { kind: 'http' },
          confirmInternal: fields.confirmInternal ?? false,
          now: deps.clock.now(),
          ...(file
            ? {
                file: {
                  name: file.name,
                  size: file.bytes.length,
                  mimeType: file.mimeType,
                  content: file.bytes,
                  ...(firstPageText !== undefined ? { firstPageText } : {}),
                },
              }
            : {}),
        },
        { db: deps.db, clock: deps.clock },
      );
      switch (r.status) {
        case 'refused_secret':
          return reply.code(422).send({ error: 'secret_mark', mark: r.mark, place: r.place, message: mt.refusedSecret(r.mark, r.place) });
        case 'needs_internal_confirmation':
          return reply.code(409).send({
            error: 'needs_internal_confirmation',
            place: r.place,
            message: `${mt.confirmInternal(r.place)}\n${f.http.confirmInternalHint}`,
          });
        case 'invalid':
          return invalid(reply, domainProblems(r.problems));
        case 'forbidden':
          return reply.code(403).send({ error: 'forbidden', message: mt.forbidden });
        case 'published':
          await deps.dispatch?.(r.outboxIds).catch(() => undefined);
          return reply.code(201).send({ materialId: r.material.id, recipients: r.recipients, scheduled: r.scheduled });
      }
    });
  });
}
