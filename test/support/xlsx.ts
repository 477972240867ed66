import JSZip from 'jszip';
import writeXlsxFile, { type Cell } from 'write-excel-file/node';

// Workbooks for import tests. `xlsxOf` writes one with the maintained writer the reports will
// use; `xlsxAsExcelSaves` packs a sheet's XML by hand, for what Excel writes and no writer
// library does: rich-text runs, formulas with their cached result, error values, and rows
// stored sparsely by their row number.

export type SheetSpec = { name: string; rows: readonly (readonly Cell[])[] };

/** An .xlsx with the given sheets in order; a cell is a string, a number, a Date (day) or null. */
export async function xlsxOf(...sheets: SheetSpec[]): Promise<Buffer> {
  const asRows = (rows: SheetSpec['rows']) =>
    rows.map((row) => row.map((value) => (value instanceof Date ? { value, type: Date, format: 'dd/mm/yyyy' } : value)));
  const out = await writeXlsxFile(sheets.map((s) => ({ sheet: s.name, data: asRows(s.rows) }))).toBuffer();
  return Buffer.from(out);
}

/** One sheet whose <sheetData> inner XML is given as is (cells with r="B3" references). */
export async function xlsxAsExcelSaves(sheetDataXml: string): Promise<Buffer> {
  const ns = 'http://schemas.openxmlformats.org';
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    'xl/workbook.xml',
    `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships">` +
      `<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData>${sheetDataXml}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}
