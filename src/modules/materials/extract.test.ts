import vm from 'node:vm';
import JSZip from 'jszip';
import { describe, expect, test } from 'vitest';
import { buildDocx, buildPdf, pdfLines, w } from '../../../test/support/documents.fixtures.js';
import { extractFirstPageText } from './extract.js';
import { classifyMarking } from './secrecy.models.js';

const nfc = (s: string) => s.normalize('NFC');

describe('reading the first page of a PDF', () => {
  // Page 1 is stamped TỐI MẬT; page 2 says TUYỆT MẬT and must not be read.
  const pdf = buildPdf([pdfLines('T\\201I M\\200T', 'Tai lieu sinh hoat chi bo thang 11'), pdfLines('TUY\\203T M\\200T')]);

  test('the text of page 1 comes out in Vietnamese letters, line by line', async () => {
    const text = nfc(await extractFirstPageText('tai-lieu.pdf', pdf));
    expect(text).toContain('TỐI MẬT');
    expect(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ).toEqual(['TỐI MẬT', 'Tai lieu sinh hoat chi bo thang 11']);
  });

  test("reading a PDF leaves JSON and arrays to Node's own code: no polyfill for the whole process", async () => {
    // Asked through another realm's toString, which a polyfill cannot have disguised.
    const realToString = vm.runInNewContext('Function.prototype.toString') as (this: unknown) => string;
    const builtins = () => [JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString];
    const before = builtins();
    expect(nfc(await extractFirstPageText('tai-lieu.pdf', pdf))).toContain('TỐI MẬT');
    expect(builtins()).toEqual(before);
    expect(builtins().map((f) => /\{\s*\[native code\]\s*\}$/.test(realToString.call(f)))).toEqual([true, true, true, true]);
  });

  test("page 2 is not read: the guard sees the first page's mark, not a later one", async () => {
    const text = await extractFirstPageText('tai-lieu.PDF', pdf);
    expect(nfc(text)).not.toContain('TUYỆT');
    expect(classifyMarking({ firstPage: text })).toEqual({ level: 'secret', mark: 'TỐI MẬT', place: 'firstPage' });
  });
});

describe('reading the first page of a DOCX', () => {
  test('"Lưu hành nội bộ" on page 1 is found; "Tuyệt mật" after a page break is not', async () => {
    const docx = await buildDocx(w.p('LƯU HÀNH NỘI BỘ') + w.p('Chuyên đề học tập & làm theo') + w.pageBreak + w.p('TUYỆT MẬT'));
    const text = await extractFirstPageText('chuyen-de.docx', docx);
    expect(text).toBe('LƯU HÀNH NỘI BỘ\nChuyên đề học tập & làm theo');
    expect(classifyMarking({ firstPage: text })).toEqual({ level: 'internal', place: 'firstPage' });
  });

  test("Word's own record of where page 1 ended also stops the reading", async () => {
    const docx = await buildDocx(w.p('Tài liệu sinh hoạt chi bộ') + w.renderedBreakThen('TUYỆT MẬT'));
    expect(await extractFirstPageText('a.docx', docx)).toBe('Tài liệu sinh hoạt chi bộ');
  });

  test('a stamp typed in the page header counts as page 1', async () => {
    const docx = await buildDocx(w.p('Báo cáo tình hình'), [w.p('MẬT')]);
    const text = await extractFirstPageText('bao-cao.docx', docx);
    expect(classifyMarking({ firstPage: text })).toMatchObject({ level: 'secret', mark: 'MẬT' });
  });

  test('a long document without page breaks is read up to 4,000 characters', async () => {
    const docx = await buildDocx(Array.from({ length: 200 }, (_, i) => w.p(`Đoạn văn số ${i} của tài liệu sinh hoạt chi bộ`)).join(''));
    const text = await extractFirstPageText('dai.docx', docx);
    expect(text.length).toBeLessThanOrEqual(4000);
    expect(text.length).toBeGreaterThan(3990);
    expect(text).toContain('Đoạn văn số 0 ');
    expect(text).not.toContain('Đoạn văn số 199');
  });
});

describe('files that cannot be read', () => {
  test('a broken PDF or DOCX is refused as unreadable, naming no content', async () => {
    for (const name of ['hong.pdf', 'hong.docx']) {
      await expect(extractFirstPageText(name, Buffer.from('không phải tài liệu'))).rejects.toMatchObject({
        code: 'materials.unreadable_file',
        message: 'materials.unreadable_file',
      });
    }
    const zipWithoutDocument = await new JSZip().file('readme.txt', 'x').generateAsync({ type: 'nodebuffer' });
    await expect(extractFirstPageText('thieu.docx', zipWithoutDocument)).rejects.toMatchObject({ code: 'materials.unreadable_file' });
  });

  test('an old binary DOC or any other type gives no text (title, caption and file name are still checked)', async () => {
    expect(await extractFirstPageText('cu.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toBe('');
    expect(await extractFirstPageText('anh.jpg', Buffer.from('x'))).toBe('');
  });
});
