import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { extractFirstPageText } from '../modules/materials/extract.js';
import { fileExtension, MIME_TYPES } from '../modules/materials/materials.models.js';
import { publishMaterial, type MaterialFileInput } from '../modules/materials/publish.usecases.js';
import { domainProblems, parseInstant, resolveMaterialForm } from '../forms/materials.form.js';
import { materialsFlowTexts as f, materialsTexts as mt } from '../texts/index.js';
import type { CliDeps } from './admin.commands.js';
import { parseArgs } from './args.js';

/**
 * npm run cli -- publish-material (<file> | --link <url>) --unit "<đơn vị>" --month 2026-12 --title "…"
 *   [--caption "…"] [--audience committee] [--scope "A;B"] [--at "2026-12-01 08:00"] [--confirm-internal]
 * The same rules as in chat: publishMaterial decides. The workers' outbox sweep sends what it wrote.
 */
export async function publishMaterialCommand(argv: string[], { db, clock, out }: CliDeps): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['confirm-internal']);
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const path = positional[0];
  const link = str('link');
  if ((!path && !link) || !str('unit') || !str('month')) {
    out(f.cli.usage);
    return 1;
  }

  let file: MaterialFileInput | undefined;
  if (path) {
    const name = basename(path);
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch {
      out(f.cli.unreadable(path));
      return 1;
    }
    let firstPageText: string;
    try {
      firstPageText = await extractFirstPageText(name, content);
    } catch {
      out(mt.unreadableFile);
      return 1;
    }
    const ext = fileExtension(name);
    file = { name, size: content.length, content, firstPageText, ...(ext ? { mimeType: MIME_TYPES[ext] } : {}) };
  }
  const at = str('at');
  const sendAt = at === undefined ? undefined : parseInstant(at);
  if (sendAt === null) {
    out(f.cli.badAt);
    return 1;
  }

  const form = {
    unit: str('unit'),
    month: str('month'),
    title: str('title'),
    caption: str('caption'),
    audience: str('audience'),
    scope: str('scope'),
    link,
    sendAt: sendAt?.toISOString(),
  };
  const resolved = await resolveMaterialForm(db, form, file?.name);
  if ('problems' in resolved) {
    for (const p of resolved.problems) out(p.message);
    return 1;
  }
  const confirmInternal = flags['confirm-internal'] === true;
  const r = await publishMaterial(
    {
      ...resolved.input,
      actor: { kind: 'cli' },
      confirmInternal,
      now: clock.now(),
      ...(file ? { file } : {}),
    },
    { db, clock },
  );
  switch (r.status) {
    case 'refused_secret':
      out(mt.refusedSecret(r.mark, r.place));
      return 1;
    case 'needs_internal_confirmation':
      out(mt.confirmInternal(r.place));
      out(f.cli.needsInternal);
      return 1;
    case 'invalid':
      for (const p of domainProblems(r.problems)) out(p.message);
      return 1;
    case 'forbidden':
      out(mt.forbidden);
      return 1;
    case 'published':
      out(f.cli.published(r.material.id, r.recipients));
      out(r.scheduled ? mt.scheduled(r.material.sendAt) : mt.published(r.recipients));
      return 0;
  }
}
