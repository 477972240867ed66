import { foldDiacritics } from '../../shared/fold.js';

// State-secret marks (Law on Protection of State Secrets 2018, Art. 5): material bearing one
// must never be stored or sent. Text WITH diacritics is matched exactly: "mật" must be the ậ
// word and not part of a compound ("bí mật nhà nước" is a common topic, not a stamp). Text
// WITHOUT diacritics (file names, hastily typed titles) is matched in folded form, where
// "mat" may also be "mặt" (Mặt trận), "mất" or "mát": only unambiguous phrases and stamps count.

export type SecretMark = 'TUYỆT MẬT' | 'TỐI MẬT' | 'MẬT';
export type MarkPlace = 'title' | 'caption' | 'fileName' | 'firstPage';
export type Marking = { level: 'secret'; mark: SecretMark; place: MarkPlace } | { level: 'internal'; place: MarkPlace } | { level: 'none' };
export type MaterialFields = Partial<Record<MarkPlace, string | null | undefined>>;

const L = '\\p{L}';
// Words that make "mật" part of something else: bí mật, thân mật, cơ mật; mật thiết, mật độ, mật khẩu…
const AFTER = '(?!\\s+(?:thiết|độ|khẩu|mã|ong|báo|thám|vụ|lệnh|ngữ|danh))';
const EXACT = {
  top: /tuyệt\s+mật/iu,
  high: /tối\s+mật/iu,
  marked: new RegExp(`độ\\s+mật|(?:tài\\s+liệu|văn\\s+bản)\\s+mật${AFTER}|\\(\\s*mật\\s*\\)|^\\s*mật\\s*$`, 'imu'),
  // An upper-case MẬT on its own is a stamp, unless it is part of BÍ MẬT and the like.
  stamp: new RegExp(`(?<![${L}])(?<!(?:BÍ|THÂN|CƠ)\\s+)MẬT(?![${L}])${AFTER.toUpperCase().replace('\\S', '\\s')}`, 'u'),
};
const NO_TRAN = '(?!\\s*tran\\b)';
const FOLDED = {
  top: /\btuyet\s+mat\b/,
  high: /\btoi\s+mat\b/,
  marked: new RegExp(`\\bdo\\s+mat\\b|\\b(?:tai\\s+lieu|van\\s+ban)\\s+mat\\b${NO_TRAN}`),
  // Upper-case MAT alone (a stamp), not BI MAT / MAT TRAN / MAT DO.
  stamp: /(?<![A-Za-z])(?<!(?:BI|THAN|CO)\s+)MAT(?![A-Za-z])(?!\s+(?:TRAN|THIET|DO|KHAU|MA)\b)/,
};
const INTERNAL = /\b(luu\s+hanh\s+noi\s+bo|tai\s+lieu\s+noi\s+bo)\b/;

const words = (s: string) => foldDiacritics(s.normalize('NFC')).replace(/[_\-.]+/g, ' ');

function secretIn(raw: string, place: MarkPlace): SecretMark | null {
  const text = raw.normalize('NFC');
  if (foldDiacritics(text) !== text) {
    if (EXACT.top.test(text)) return 'TUYỆT MẬT';
    if (EXACT.high.test(text)) return 'TỐI MẬT';
    if (EXACT.marked.test(text) || EXACT.stamp.test(text)) return 'MẬT';
    // "Báo cáo TUYET MAT": the unaccented words of a mixed text are read like unaccented text.
    for (const run of unaccentedRuns(text)) {
      const mark = secretInPlain(run);
      if (mark) return mark;
    }
    return null;
  }
  return secretInPlain(text) ?? fileNameMark(text, place);
}

/** Consecutive words written without any diacritic, e.g. ["Bao cao", "TUYET MAT"] parts. */
function unaccentedRuns(text: string): string[] {
  const runs: string[] = [];
  let current: string[] = [];
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
    if (word && foldDiacritics(word) === word) current.push(word);
    else if (word) {
      if (current.length) runs.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) runs.push(current.join(' '));
  return runs;
}

function secretInPlain(text: string): SecretMark | null {
  const plain = words(text);
  const folded = plain.toLowerCase();
  if (FOLDED.top.test(folded)) return 'TUYỆT MẬT';
  if (FOLDED.high.test(folded)) return 'TỐI MẬT';
  if (FOLDED.marked.test(folded) || FOLDED.stamp.test(plain)) return 'MẬT';
  return null;
}

function fileNameMark(text: string, place: MarkPlace): SecretMark | null {
  const folded = words(text).toLowerCase();
  if (place === 'fileName') {
    // "bao-cao-mat.pdf", "mat_bao_cao.docx": the mark at either end of a file name.
    const tokens = folded
      .replace(/\s(pdf|docx?|odt)$/, '')
      .split(/\s+/)
      .filter(Boolean);
    if ((tokens[0] === 'mat' && tokens[1] !== 'tran') || tokens.at(-1) === 'mat') return 'MẬT';
  }
  return null;
}

/** The strongest marking found in any field; a secret mark wins over "internal circulation". */
export function classifyMarking(fields: MaterialFields): Marking {
  const rank: Record<SecretMark, number> = { 'TUYỆT MẬT': 3, 'TỐI MẬT': 2, MẬT: 1 };
  let best: Extract<Marking, { level: 'secret' }> | null = null;
  let internal: Extract<Marking, { level: 'internal' }> | null = null;
  for (const place of ['title', 'caption', 'fileName', 'firstPage'] as const) {
    const raw = fields[place];
    if (!raw) continue;
    const mark = secretIn(raw, place);
    if (mark && (!best || rank[mark] > rank[best.mark])) best = { level: 'secret', mark, place };
    if (!internal && INTERNAL.test(words(raw).toLowerCase())) internal = { level: 'internal', place };
  }
  return best ?? internal ?? { level: 'none' };
}
