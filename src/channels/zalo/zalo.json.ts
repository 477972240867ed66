// Zalo ids are 18-19 digit numbers. They are documented as JSON strings, but a bare number
// would lose precision in JSON.parse (2^53 ≈ 9.0e15), so unsafe integers are quoted first.
// Node 20 has no JSON.parse source text access (reviver context arrived in Node 21).
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** JSON.parse that keeps integers beyond Number.MAX_SAFE_INTEGER as their exact digits (strings). */
export function parseJsonKeepingBigInts(raw: string | Buffer): unknown {
  const s = typeof raw === 'string' ? raw : raw.toString('utf8');
  const quoted = s.replace(TOKENS, (t) => {
    if (t.startsWith('"') || !/^-?\d+$/.test(t) || Number.isSafeInteger(Number(t))) return t;
    return `"${t}"`;
  });
  return JSON.parse(quoted);
}

/** An id or timestamp as a string, whether Zalo sent it as a string or a (safe) number. */
export function idString(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  return null;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
