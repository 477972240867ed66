/** Ids of a unit's ancestors, root first, from its materialised path "/1/7/42/". */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/**
 * Settings inherit down the tree: a unit's value overrides its ancestors'; a key set to
 * null removes an inherited value. `chain` is root first.
 */
export function mergeSettings(chain: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of chain) {
    for (const [k, v] of Object.entries(s)) {
      if (v === null) delete out[k];
      else out[k] = v;
    }
  }
  return out;
}
