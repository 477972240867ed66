// A hand-written PDF whose pages carry given lines of (Vietnamese) text, so tests exercise the
// real pdf.js reading of the first page. One simple font; every character gets a one-byte
// code, and a ToUnicode CMap tells readers which Unicode character each code is.

const esc = (bytes: number[]) =>
  bytes
    .map((b) =>
      b === 0x28 || b === 0x29 || b === 0x5c
        ? `\\${String.fromCharCode(b)}`
        : b >= 0x20 && b < 0x7f
          ? String.fromCharCode(b)
          : `\\${b.toString(8).padStart(3, '0')}`,
    )
    .join('');
const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** A PDF with one page per entry of `pages`, each a list of lines (page 1 is what the guard reads). */
export function pdfWithPages(pages: readonly (readonly string[])[]): Buffer {
  const codes = new Map<string, number>();
  let next = 0x80;
  const codeOf = (ch: string) => {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) return cp;
    if (!codes.has(ch)) {
      if (next > 0xff) throw new Error('pdfWithPages: too many distinct non-ASCII characters');
      codes.set(ch, next++);
    }
    return codes.get(ch)!;
  };
  const contents = pages.map((lines) => {
    const shown = lines.map((l, i) => `${i === 0 ? '72 770 Td' : '0 -18 Td'} (${esc([...l.normalize('NFC')].map(codeOf))}) Tj`).join('\n');
    return `BT /F1 12 Tf\n${shown}\nET`;
  });
  const ascii = Array.from({ length: 0x7f - 0x20 }, (_, i) => i + 0x20);
  const mapped = [...ascii.map((c) => [c, c] as const), ...[...codes].map(([ch, c]) => [c, ch.codePointAt(0)!] as const)];
  const bfchar = [];
  // A bfchar block holds at most 100 entries.
  for (let i = 0; i < mapped.length; i += 100) {
    const part = mapped.slice(i, i + 100);
    bfchar.push(`${part.length} beginbfchar\n${part.map(([c, u]) => `<${hex2(c)}> <${hex4(u)}>`).join('\n')}\nendbfchar`);
  }
  const cmap =
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n' +
    `1 begincodespacerange <00> <FF> endcodespacerange\n${bfchar.join('\n')}\nendcmap CMapName currentdict /CMapName exch defineresource pop end end`;

  const differences = [...codes].map(([ch, c]) => `${c} /uni${hex4(ch.codePointAt(0)!)}`).join(' ');
  const n = pages.length;
  const pageIds = pages.map((_, i) => 5 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${n} >>`,
    // Glyph names "uniXXXX" and the ToUnicode CMap say the same thing: readers use either.
    `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [${differences}] >> >>`,
    `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`,
  ];
  contents.forEach((c, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
    );
    objects.push(`<< /Length ${c.length} >>\nstream\n${c}\nendstream`);
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A one-page PDF with these lines. */
export const pdfWithFirstPage = (...lines: string[]) => pdfWithPages([lines]);
