import { describe, expect, test } from 'vitest';
import { classifyMarking } from './secrecy.models.js';

describe('secrecy marks on meeting materials', () => {
  test.each([
    ['title', 'TUYỆT MẬT — Báo cáo tình hình', 'TUYỆT MẬT'],
    ['caption', 'Tài liệu tối mật, không phổ biến', 'TỐI MẬT'],
    ['title', 'MẬT', 'MẬT'],
    ['firstPage', 'ĐẢNG CỘNG SẢN VIỆT NAM\nMẬT\nSố 12-BC/TU', 'MẬT'],
    ['firstPage', 'Độ mật: Mật', 'MẬT'],
    ['caption', 'Gửi kèm văn bản mật số 5', 'MẬT'],
  ] as const)('a mark with diacritics is found in the %s: %s', (place, text, mark) => {
    expect(classifyMarking({ [place]: text })).toEqual({ level: 'secret', mark, place });
  });

  test.each([
    ['fileName', 'TOI_MAT_bao-cao-quy-3.pdf', 'TỐI MẬT'],
    ['fileName', 'tuyet-mat.docx', 'TUYỆT MẬT'],
    ['fileName', 'bao_cao_MAT.pdf', 'MẬT'],
    ['fileName', 'bao cao mat.pdf', 'MẬT'],
    ['title', 'TAI LIEU MAT', 'MẬT'],
    ['caption', 'do mat: toi mat', 'TỐI MẬT'],
  ] as const)('a mark without diacritics is found in the %s: %s', (place, text, mark) => {
    expect(classifyMarking({ [place]: text })).toMatchObject({ level: 'secret', mark, place });
  });

  test.each([
    'Tài liệu sinh hoạt chi bộ tháng 12 — Mặt trận Tổ quốc',
    'MẶT TRẬN TỔ QUỐC VIỆT NAM',
    'MAT TRAN TO QUOC',
    'Không để mất tài liệu; phòng họp thoáng mát',
    'Học tập về bảo vệ bí mật nhà nước là trách nhiệm của đảng viên',
    'CHUYÊN ĐỀ BẢO VỆ BÍ MẬT NHÀ NƯỚC',
    'Quan hệ mật thiết giữa Đảng và nhân dân',
  ])('ordinary words that look like "mật" are not a mark: %s', (text) => {
    expect(classifyMarking({ title: text, firstPage: text })).toEqual({ level: 'none' });
  });

  test.each(['tai-lieu-mat-tran-thang-12.pdf', 'mat-tran-to-quoc.pdf', 'bao_ve_bi_mat_nha_nuoc.pdf', 'BI MAT NHA NUOC.docx'])(
    'file names about the Front or about protecting secrets are not marked: %s',
    (name) => expect(classifyMarking({ fileName: name })).toEqual({ level: 'none' }),
  );

  test('"Lưu hành nội bộ" and "Tài liệu nội bộ" need a second confirmation, with or without diacritics', () => {
    expect(classifyMarking({ firstPage: 'LƯU HÀNH NỘI BỘ' })).toEqual({ level: 'internal', place: 'firstPage' });
    expect(classifyMarking({ fileName: 'tai_lieu_noi_bo.pdf' })).toEqual({ level: 'internal', place: 'fileName' });
  });

  test('the unaccented words of an accented text are read too: "Báo cáo TUYET MAT"', () => {
    expect(classifyMarking({ title: 'Báo cáo TUYET MAT quý 3' })).toMatchObject({ level: 'secret', mark: 'TUYỆT MẬT' });
    expect(classifyMarking({ caption: 'Gửi đồng chí tài liệu TOI MAT' })).toMatchObject({ level: 'secret', mark: 'TỐI MẬT' });
    // …but accented everyday phrases are not: "bận tối mặt" folds to "toi mat" only with its accents gone.
    expect(classifyMarking({ caption: 'Chi ủy bận tối mặt tuần này' })).toEqual({ level: 'none' });
  });

  test('a secret mark anywhere wins over internal circulation elsewhere', () => {
    expect(classifyMarking({ title: 'Lưu hành nội bộ', firstPage: 'TỐI MẬT' })).toMatchObject({ level: 'secret', mark: 'TỐI MẬT' });
  });
});
