import JSZip from 'jszip';

// Test documents built by hand, so the tests show exactly what is on which page.
// (Test-only: it lives here because the materials work was limited to this folder;
// test/support/ is its natural home.)

/**
 * A PDF whose pages draw the given content streams in Helvetica. Bytes 128–131 are mapped by
 * /Differences to Vietnamese letters, which pdf.js turns into Unicode by glyph name:
 * \200 Ậ, \201 Ố, \202 Ế, \203 Ệ. Offsets in the xref table are counted in bytes.
 */
export function buildPdf(pageContents: string[]): Buffer {
  const n = pageContents.length;
  const fontRef = `${3 + 2 * n} 0 R`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageContents.map((_, i) => `${3 + 2 * i} 0 R`).join(' ')}] /Count ${n} >>`,
    ...pageContents.flatMap((content, i) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${fontRef} >> >> /Contents ${4 + 2 * i} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    ]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding ' +
      '/Differences [128 /Acircumflexdotbelow 129 /Ocircumflexacute 130 /Ecircumflexacute 131 /Ecircumflexdotbelow] >> >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A content stream with one line of text per entry, top to bottom. */
export const pdfLines = (...lines: string[]) => `BT /F1 16 Tf 72 760 Td ${lines.map((l) => `(${l}) Tj 0 -24 Td`).join(' ')} ET`;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const w = {
  p: (text: string) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`,
  pageBreak: '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
  /** Where Word last laid out a page break, inside the run that starts page 2. */
  renderedBreakThen: (text: string) => `<w:p><w:r><w:lastRenderedPageBreak/><w:t>${escapeXml(text)}</w:t></w:r></w:p>`,
};

const NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A minimal DOCX: [Content_Types].xml, _rels/.rels, word/document.xml (and headers if given). */
export async function buildDocx(bodyXml: string, headers: string[] = []): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '</Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
      '</Relationships>',
  );
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS}><w:body>${bodyXml}</w:body></w:document>`,
  );
  headers.forEach((h, i) =>
    zip.file(`word/header${i + 1}.xml`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ${NS}>${h}</w:hdr>`),
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
