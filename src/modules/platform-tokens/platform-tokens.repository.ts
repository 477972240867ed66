import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../shared/db/db.js';
import type { Platform } from '../../shared/db/enums.js';
import { platformTokens } from './platform-tokens.table.js';

export type PlatformTokenRow = typeof platformTokens.$inferSelect;

/** A pair as stored: the values are opaque here (the channel seals them before they arrive). */
export type StoredTokenPair = {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  refreshExpiresAt: Date | null;
  rotatedAt: Date;
};

/**
 * The one current credential pair per platform. Platform-neutral: rotation rules, sealing and
 * locking belong to the channel that calls this, usually inside its own transaction.
 */
export function createPlatformTokensRepository({ db }: { db: DbOrTx }) {
  /** `forUpdate`: hold the row until the caller's transaction ends (only meaningful in one). */
  async function find(platform: Platform, { forUpdate = false }: { forUpdate?: boolean } = {}): Promise<PlatformTokenRow | undefined> {
    const q = db.select().from(platformTokens).where(eq(platformTokens.platform, platform));
    const [row] = forUpdate ? await q.for('update') : await q;
    return row;
  }

  /** Installs or rotates the pair; a new pair revives a dead row. */
  async function save(platform: Platform, pair: StoredTokenPair): Promise<void> {
    const values = { ...pair, deadAt: null, deadReason: null };
    await db
      .insert(platformTokens)
      .values({ platform, ...values })
      .onConflictDoUpdate({ target: platformTokens.platform, set: values });
  }

  /** The platform refused the refresh token: nothing works until someone installs a new pair. */
  async function markDead(platform: Platform, { at, reason }: { at: Date; reason: string }): Promise<void> {
    await db.update(platformTokens).set({ deadAt: at, deadReason: reason }).where(eq(platformTokens.platform, platform));
  }

  return { find, save, markDead };
}

export type PlatformTokensRepository = ReturnType<typeof createPlatformTokensRepository>;
