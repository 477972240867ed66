import { describe, expect, test } from 'vitest';
import { splitText } from './split-text.js';

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('splitting a long text into messages', () => {
  test('an emoji at the cut is never split in half, whatever the limit', () => {
    const text = '👍'.repeat(5000); // 10,000 UTF-16 units, no space to break on
    for (const limit of [4096, 2000, 7]) {
      const parts = splitText(text, limit);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(wellFormed(p)).toBe(true);
      }
      expect(parts.join('')).toBe(text);
    }
  });

  test('a flag or an accented letter at the cut stays whole in one message', () => {
    const flag = `${'a'.repeat(4094)}🇻🇳🇻🇳`; // the first flag would straddle 4,096
    expect(splitText(flag, 4096)).toEqual(['a'.repeat(4094), '🇻🇳🇻🇳']);
    const decomposed = `${'a'.repeat(4095)}e\u0301`; // é typed as e + combining acute
    expect(splitText(decomposed, 4096)).toEqual(['a'.repeat(4095), 'e\u0301']);
  });

  test('sentences are kept whole when there is no line break', () => {
    const text = 'Đồng chí Lan báo cáo tiến độ. '.repeat(100).trim();
    const parts = splitText(text, 1000);
    for (const p of parts) expect(p.endsWith('.')).toBe(true);
  });
});
