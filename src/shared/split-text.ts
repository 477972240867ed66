// Long texts become several messages on every platform (Telegram 4,096 UTF-16 units, Zalo 2,000).

const BOUNDARIES = ['\n\n', '\n', '. ', ' '];
const graphemes = new Intl.Segmenter('vi', { granularity: 'grapheme' });
const isHighSurrogate = (s: string, i: number) => /[\uD800-\uDBFF]/.test(s.charAt(i));

/** The last place at or before `limit` between two characters as a reader sees them (a flag, é as e + ◌́). */
function hardCut(rest: string, limit: number): number {
  let at = 0;
  // A little past the limit, so the cluster that straddles it is seen whole.
  for (const { index } of graphemes.segment(rest.slice(0, limit + 64))) {
    if (index > limit) break;
    at = index;
  }
  if (rest.length > limit && at === 0) return isHighSurrogate(rest, limit - 1) ? limit - 1 : limit; // one absurdly long cluster
  return at === 0 ? limit : at;
}

/**
 * Split on paragraph, then line, then sentence, then word boundaries so no piece exceeds `limit`
 * UTF-16 units. A text with no boundary is cut hard, but never inside a character: half an emoji
 * (a surrogate pair) is not UTF-8, and Telegram answers 400 "Strings must be encoded in UTF-8".
 */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let at = -1;
    for (const sep of BOUNDARIES) {
      const i = window.lastIndexOf(sep);
      // A boundary in the first half would make many tiny messages: try a finer one instead.
      if (i > limit / 2) {
        at = i + (sep === '. ' ? 1 : 0);
        break;
      }
    }
    if (at < 0) at = hardCut(rest, limit);
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(rest);
  return parts;
}
