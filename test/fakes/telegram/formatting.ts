// parse_mode handling: the real server rejects malformed markup with 400 "can't parse entities"
// (the classic bug is user text with an unescaped `<` or `.`), and limits apply to the text left
// after the markup is removed. This is a minimal re-implementation of those rules, modelled on
// TDLib's HTML parser; it does not compute `entities`.
import { badRequest } from './types.js';

const HTML_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

// MarkdownV2 characters that are never markup, so an unescaped one is always an error.
const MDV2_ALWAYS_RESERVED = new Set(['#', '+', '-', '=', '{', '}', '.', '!']);

const entitiesError = (what: string) => badRequest(`can't parse entities: ${what}`);

/** Returns the visible text (markup removed) or throws the 400 the real server would send. */
export function visibleText(text: string, parseMode: string | undefined): string {
  switch (parseMode?.toLowerCase()) {
    case 'html':
      return parseHtml(text);
    case 'markdownv2':
      return parseMarkdownV2(text);
    default:
      return text;
  }
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}

function parseHtml(text: string): string {
  const open: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i.exec(text.slice(i));
      if (m) {
        const name = m[1]!.toLowerCase();
        out += name.startsWith('#x')
          ? String.fromCodePoint(parseInt(name.slice(2), 16))
          : name.startsWith('#')
            ? String.fromCodePoint(Number(name.slice(1)))
            : NAMED_ENTITIES[name];
        i += m[0].length;
      } else {
        out += c; // an unknown entity stays literal text
        i += 1;
      }
      continue;
    }
    if (c !== '<') {
      out += c;
      i += 1;
      continue;
    }
    const at = byteOffset(text, i);
    const close = text.indexOf('>', i);
    if (text[i + 1] === '/') {
      if (close < 0) throw entitiesError(`Unclosed end tag at byte offset ${at}`);
      const name = text
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const expected = open.pop();
      if (expected === undefined) throw entitiesError(`Unexpected end tag at byte offset ${at}`);
      if (name !== expected) {
        throw entitiesError(`Unmatched end tag at byte offset ${at}, expected "</${expected}>", found "</${name}>"`);
      }
      i = close + 1;
      continue;
    }
    const nameMatch = /^[^\s>]*/.exec(text.slice(i + 1));
    const name = (nameMatch?.[0] ?? '').toLowerCase();
    if (i + 1 + name.length >= text.length) throw entitiesError(`Unclosed start tag at byte offset ${at}`);
    if (!HTML_TAGS.has(name)) throw entitiesError(`Unsupported start tag "${name}" at byte offset ${at}`);
    if (close < 0) throw entitiesError(`Unclosed start tag at byte offset ${at}`);
    open.push(name);
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) throw entitiesError(`Can't find end tag corresponding to start tag "${unclosed}"`);
  return out;
}

function parseMarkdownV2(text: string): string {
  let out = '';
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      out += text[++i];
      continue;
    }
    if (c === '`') {
      inCode = !inCode;
      continue;
    }
    if (!inCode && MDV2_ALWAYS_RESERVED.has(c)) {
      throw entitiesError(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    // Formatting characters are dropped from the visible text (approximation).
    if (inCode || !'*_~|'.includes(c)) out += c;
  }
  return out;
}
