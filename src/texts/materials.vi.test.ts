import { describe, expect, test } from 'vitest';
import { materialsTexts } from './materials.vi.js';

describe('the words of a material', () => {
  test('the caption names the month and the title; the refusal cites the law and says nothing was kept', () => {
    expect(materialsTexts.documentCaption({ title: 'Chuyên đề năm 2026', period: '2026-01' })).toMatch(
      /^📄 Tài liệu sinh hoạt chi bộ tháng 1\/2026\nChuyên đề năm 2026\n/,
    );
    const refusal = materialsTexts.refusedSecret('TỐI MẬT', 'firstPage');
    expect(refusal).toContain('Luật Bảo vệ bí mật nhà nước năm 2018');
    expect(refusal).toContain('Điều 5');
    expect(refusal).toContain('KHÔNG được lưu lại');
    expect(refusal).toContain('ghi vào nhật ký');
  });
});
