import JSZip from 'jszip';
import { AppError } from '../../shared/errors.js';
import { fileExtension } from './materials.models.js';

// The first page is where a secrecy stamp (độ mật) or "Lưu hành nội bộ" sits. The text is only
// fed to the guard: never logged, never stored.

/** Enough for any first page; stops a huge document without page breaks from being read whole. */
export const FIRST_PAGE_MAX_CHARS = 4000;
/** Headers and footers are short; a long one is cut. */
const HEADER_MAX_CHARS = 500;

/**
 * The text of a document's first page: PDF page 1; DOCX up to the first page break (plus the
 * page headers and footers, where stamps are often typed). Other types, old binary DOC
 * included, give '' (the guard still checks the title, caption and file name).
 * A file that cannot be read throws AppError('materials.unreadable_file').
 */
export async function extractFirstPageText(fileName: string, bytes: Buffer): Promise<string> {
  const ext = fileExtension(fileName);
  try {
    if (ext === 'pdf') return await pdfFirstPage(bytes);
    if (ext === 'docx') return await docxFirstPage(bytes);
    return '';
  } catch {
    // The parser's message may quote the file: only the code goes on.
    throw new AppError('materials.unreadable_file');
  }
}

async function pdfFirstPage(bytes: Buffer): Promise<string> {
  // unpdf's pdf.js build has no canvas and patches no globals; imported here, on the first
  // material read, so a process that never reads one never loads it.
  const { getDocumentProxy } = await import('unpdf');
  // verbosity 0: errors only; pdf.js warnings go to the console and may quote the file.
  const doc = await getDocumentProxy(new Uint8Array(bytes), { useSystemFonts: false, verbosity: 0 });
  try {
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    // pdf.js emits its own space items between words; hasEOL marks the end of a line.
    return content.items
      .map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : '') : ''))
      .join('')
      .slice(0, FIRST_PAGE_MAX_CHARS);
  } finally {
    await doc.loadingTask.destroy();
  }
}

async function docxFirstPage(bytes: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const body = zip.file('word/document.xml');
  if (!body) throw new Error('no word/document.xml');
  const margins = zip.file(/^word\/(header|footer)\d*\.xml$/);
  const extras = await Promise.all(margins.map(async (f) => wordText(await f.async('string'), HEADER_MAX_CHARS)));
  return [...extras, wordText(await body.async('string'), FIRST_PAGE_MAX_CHARS)].filter(Boolean).join('\n');
}

const TOKEN =
  /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:br\b([^>]*)\/>|<w:lastRenderedPageBreak\s*\/>|<w:pageBreakBefore\b([^>]*)\/>|<w:tab\s*\/>|<\/w:p>/g;

/** WordprocessingML text runs, paragraphs as lines, up to the first page break or `max` characters. */
export function wordText(xml: string, max: number): string {
  let out = '';
  for (const m of xml.matchAll(TOKEN)) {
    const token = m[0];
    if (m[1] !== undefined) out += decodeXml(m[1]);
    else if (token.startsWith('<w:br')) {
      if (/w:type="page"/.test(m[2] ?? '')) break;
      out += '\n';
    } else if (token.startsWith('<w:lastRenderedPageBreak')) break;
    else if (token.startsWith('<w:pageBreakBefore')) {
      // A paragraph that starts a new page ends page 1, unless it is the very first one.
      if (!/w:val="(0|false)"/.test(m[3] ?? '') && out.trim() !== '') break;
    } else if (token === '</w:p>') out += '\n';
    else out += '\t';
    if (out.length >= max) break;
  }
  return out.slice(0, max).trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? ''),
  );
}
