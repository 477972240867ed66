// Button data is "<prefix>:<field>:<field>…", at most 64 bytes (Telegram's callback_data limit),
// and untrusted: it comes back from the platform as the person's phone sent it. One codec per
// button writes it and reads it back, so the maker and the handler cannot disagree, and data
// that does not read is refused in one way everywhere (flow.shared.ts: stale()).

export type Field<T> = { read(s: string): T | null; write(v: T): string };

/** Button data and stored state are untrusted: an id is a plain positive integer or nothing. */
export const parseId = (s: unknown): number | null =>
  typeof s === 'string' && /^[1-9]\d{0,14}$/.test(s) ? Number(s) : typeof s === 'number' && Number.isSafeInteger(s) && s > 0 ? s : null;

const MAX_BYTES = 64;

/** A database id: a positive integer, no sign, no leading zero. */
export const id: Field<number> = { read: (s) => parseId(s), write: String };

/** A whole number within bounds (a percent, an option's index). */
export const int = (min: number, max: number): Field<number> => ({
  read: (s) => (/^(0|[1-9]\d{0,5})$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : null),
  write: String,
});

/** One of a few words. */
export const oneOf = <const V extends string>(...values: V[]): Field<V> => ({
  read: (s) => (values.includes(s as V) ? (s as V) : null),
  write: (v) => v,
});

/** The tag tying a flow's buttons to the flow that showed them (flow.shared.ts: newNonce). */
export const nonce: Field<string> = { read: (s) => (/^[0-9a-z]{1,12}$/.test(s) ? s : null), write: (v) => v };

/** A flow step's choice, which the flow checks against what it offered: a short word, a date, an id. */
export const choice: Field<string> = { read: (s) => (/^[0-9a-z-]{1,24}$/.test(s) ? s : null), write: (v) => v };

type Fields = Record<string, Field<unknown>>;
type Values<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T : never };
type OptionalLast<F extends Fields, O extends Fields> = Values<F> & Partial<Values<O>>;

export type ButtonCodec<V> = {
  readonly prefix: string;
  encode(value: V): string;
  /** The fields after the prefix, or null for data that does not read. */
  decode(args: readonly string[]): V | null;
};

/**
 * A codec for "<prefix>:<fields…>[:<optional fields…>]". Optional fields come last and are
 * written only when given.
 */
export function buttonCodec<F extends Fields, O extends Fields = Record<never, never>>(
  prefix: string,
  fields: F,
  optional: O = {} as O,
): ButtonCodec<OptionalLast<F, O>> {
  const required = Object.entries(fields);
  const extra = Object.entries(optional);
  return {
    prefix,
    encode(value) {
      const v = value as Record<string, unknown>;
      const parts = [prefix, ...required.map(([k, f]) => f.write(v[k]))];
      for (const [k, f] of extra) if (v[k] !== undefined) parts.push(f.write(v[k]));
      const data = parts.join(':');
      if (Buffer.byteLength(data) > MAX_BYTES) throw new Error(`button data over ${MAX_BYTES} bytes: ${prefix}`);
      return data;
    },
    decode(args) {
      if (args.length < required.length || args.length > required.length + extra.length) return null;
      const out: Record<string, unknown> = {};
      const all = [...required, ...extra];
      for (let i = 0; i < args.length; i++) {
        const [k, f] = all[i]!;
        const v = f.read(args[i]!);
        if (v === null) return null;
        out[k] = v;
      }
      return out as OptionalLast<F, O>;
    },
  };
}

/** "<prefix>:<nonce>": confirm, cancel or keep, valid only for the flow that showed it. */
export const nonceCodec = (prefix: string) => buttonCodec(prefix, { nonce });
/** "<prefix>:<nonce>:<choice>": a flow step's choice. */
export const choiceCodec = (prefix: string) => buttonCodec(prefix, { nonce, value: choice });
