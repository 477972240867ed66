import { and, eq, ne } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Db } from '../shared/db/db.js';
import { verifyMaterialLinkToken } from '../modules/materials/material-link.js';
import { materialFiles, materials } from '../modules/materials/materials.table.js';

export type MaterialDownloadDeps = { db: Db; key: Buffer };

/**
 * GET /materials/:id/file/:token — a document too large for a chat platform, served from
 * Postgres to whoever holds the signed link. A wrong token and an unknown id look the same.
 */
export const materialDownloadRoutes =
  ({ db, key }: MaterialDownloadDeps): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { id: string; token: string } }>('/materials/:id/file/:token', async (req, reply) => {
      const id = Number(req.params.id);
      if (!Number.isSafeInteger(id) || !verifyMaterialLinkToken(key, id, req.params.token))
        return reply.code(404).send({ error: 'not_found' });
      const [row] = await db
        .select({ content: materialFiles.content, fileName: materials.fileName, mimeType: materials.mimeType })
        .from(materialFiles)
        .innerJoin(materials, eq(materials.id, materialFiles.materialId))
        .where(and(eq(materialFiles.materialId, id), ne(materials.status, 'cancelled')));
      if (!row) return reply.code(404).send({ error: 'not_found' });
      const name = row.fileName ?? `tai-lieu-${id}`;
      return reply
        .header('content-type', row.mimeType ?? 'application/octet-stream')
        .header(
          'content-disposition',
          `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('cache-control', 'private, no-store')
        .send(row.content);
    });
  };
