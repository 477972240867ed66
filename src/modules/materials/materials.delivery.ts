import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { GatewayError } from '../../shared/chat-gateway.js';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import type { DeliveryKind } from '../outbox/delivery-kinds.js';
import { materialDeliveries, materialFiles, materialPlatformFiles, materials } from './materials.table.js';

// How a published material reaches each platform: by the platform's file id once uploaded
// there, uploaded by one sender at a time, or, over the platform's size limit, as a link to our
// own download route. Its delivery record follows the row when it moves to another app.

// While another sender uploads a material's document, the others look again this soon.
const UPLOAD_WAIT_MS = 1_000;
// A stale upload claim (its sender crashed mid-upload) is taken over after this long.
const CLAIM_TIMEOUT_MS = 120_000;

export type ResolvedDocument =
  | { kind: 'file_id'; fileId: string }
  | { kind: 'upload'; upload: Buffer; fileName: string }
  | { kind: 'too_large'; fileName: string } // over the platform's limit: send a link instead
  | { kind: 'wait' } // another sender is uploading it right now
  | { kind: 'gone' }; // no file id and no bytes: nothing can be sent

/**
 * The document of a published material for one platform: its file id once uploaded there;
 * otherwise the bytes, for exactly one sender at a time (the claim), so that the document is
 * uploaded once per platform and every other recipient gets it by id.
 */
export async function resolveMaterialDocument(
  db: DbOrTx,
  materialId: number,
  platform: Platform,
  now: Date,
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<ResolvedDocument> {
  const [known] = await db
    .select()
    .from(materialPlatformFiles)
    .where(and(eq(materialPlatformFiles.materialId, materialId), eq(materialPlatformFiles.platform, platform)));
  if (known?.fileId) return { kind: 'file_id', fileId: known.fileId };
  // Checked before any claim: every recipient of a too-large file gets the link at once.
  const [size] = await db
    .select({ bytes: sql<number>`octet_length(${materialFiles.content})`, fileName: materials.fileName })
    .from(materialFiles)
    .innerJoin(materials, eq(materials.id, materialFiles.materialId))
    .where(eq(materialFiles.materialId, materialId));
  if (size && Number(size.bytes) > maxBytes) return { kind: 'too_large', fileName: size.fileName ?? `tai-lieu-${materialId}` };
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const claimed = await db
    .insert(materialPlatformFiles)
    .values({ materialId, platform, claimedAt: now })
    .onConflictDoUpdate({
      target: [materialPlatformFiles.materialId, materialPlatformFiles.platform],
      set: { claimedAt: now },
      setWhere: and(
        isNull(materialPlatformFiles.fileId),
        or(isNull(materialPlatformFiles.claimedAt), lt(materialPlatformFiles.claimedAt, stale)),
      ),
    })
    .returning({ materialId: materialPlatformFiles.materialId });
  if (claimed.length === 0) return { kind: 'wait' };
  const [file] = await db
    .select({ content: materialFiles.content, fileName: materials.fileName })
    .from(materialFiles)
    .innerJoin(materials, eq(materials.id, materialFiles.materialId))
    .where(eq(materialFiles.materialId, materialId));
  if (!file) {
    await releaseMaterialClaim(db, materialId, platform);
    return { kind: 'gone' };
  }
  return { kind: 'upload', upload: file.content, fileName: file.fileName ?? `tai-lieu-${materialId}.pdf` };
}

/** The upload went through: every later recipient on this platform gets the file by id. */
export async function saveMaterialFileId(db: DbOrTx, materialId: number, platform: Platform, fileId: string): Promise<void> {
  await db
    .update(materialPlatformFiles)
    .set({ fileId, claimedAt: null })
    .where(and(eq(materialPlatformFiles.materialId, materialId), eq(materialPlatformFiles.platform, platform)));
}

/** The upload failed: let the next sender try. */
export async function releaseMaterialClaim(db: DbOrTx, materialId: number, platform: Platform): Promise<void> {
  await db
    .update(materialPlatformFiles)
    .set({ claimedAt: null })
    .where(
      and(
        eq(materialPlatformFiles.materialId, materialId),
        eq(materialPlatformFiles.platform, platform),
        sql`${materialPlatformFiles.fileId} is null`,
      ),
    );
}

/**
 * The platform no longer accepts this file id (Zalo upload tokens expire): the next sender
 * uploads the bytes again. Only that id is forgotten, never a newer one another sender stored.
 */
export async function forgetMaterialFileId(db: DbOrTx, materialId: number, platform: Platform, fileId: string): Promise<void> {
  await db
    .update(materialPlatformFiles)
    .set({ fileId: null, claimedAt: null })
    .where(
      and(
        eq(materialPlatformFiles.materialId, materialId),
        eq(materialPlatformFiles.platform, platform),
        eq(materialPlatformFiles.fileId, fileId),
      ),
    );
}

/**
 * The delivery hooks of materials. `materialLink`: our download link for a material too large
 * for a platform; null without a PUBLIC_URL.
 */
export function materialsDelivery({ materialLink }: { materialLink?: (materialId: number) => string | null }): DeliveryKind {
  return {
    async prepare({ db, row, message: m, now, gateway }) {
      if (m.kind !== 'document' || !('materialId' in m.file)) return undefined;
      const materialId = m.file.materialId;
      const doc = await resolveMaterialDocument(db, materialId, row.platform, now, gateway.maxDocumentBytes);
      if (doc.kind === 'wait') return { kind: 'wait', ms: UPLOAD_WAIT_MS, reason: 'waiting for the document upload' };
      if (doc.kind === 'gone') return { kind: 'fail', reason: 'bad_request: the document is no longer available' };
      if (doc.kind === 'too_large') {
        const link = materialLink?.(materialId);
        if (!link)
          return {
            kind: 'fail',
            reason: 'too_large: the file is over the platform limit and PUBLIC_URL is not set, so no download link can be given',
          };
        const text = `${m.caption ?? doc.fileName}\n\n${doc.fileName}: ${link}`;
        return { kind: 'send', message: { kind: 'text', text, ...(m.buttons ? { buttons: m.buttons } : {}) } };
      }
      if (doc.kind === 'file_id') {
        const { fileId } = doc;
        return {
          kind: 'send',
          message: { ...m, file: { fileId } },
          // The stored file id has expired on the platform (Zalo's live 7 days): forget it, so
          // the next try uploads the bytes again and stores the new id.
          failed: async (err) => {
            if (!(err instanceof GatewayError && err.details.reupload)) return undefined;
            await forgetMaterialFileId(db, materialId, row.platform, fileId);
            return 'material file id expired; it will be uploaded again';
          },
        };
      }
      return {
        kind: 'send',
        message: { ...m, file: { upload: doc.upload, fileName: doc.fileName } },
        sent: async ({ fileId }) => {
          if (fileId) await saveMaterialFileId(db, materialId, row.platform, fileId);
        },
        failed: async () => {
          await releaseMaterialClaim(db, materialId, row.platform);
          return undefined;
        },
      };
    },
    async rerouted(db, row, to) {
      await db.update(materialDeliveries).set({ platform: to }).where(eq(materialDeliveries.outboxId, row.id));
    },
  };
}
