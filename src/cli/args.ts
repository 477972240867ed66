/** `a b --flag value --switch` → positionals and flags; enough for our few commands. */
export function parseArgs(
  argv: string[],
  switches: readonly string[] = [],
): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.slice(2);
    if (switches.includes(name) || i + 1 >= argv.length) flags[name] = true;
    else flags[name] = argv[++i]!;
  }
  return { positional, flags };
}

export function positiveInt(v: string | true | undefined, fallback: number): number | null {
  if (v === undefined) return fallback;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : null;
}
