import { sql } from 'drizzle-orm';
import {
  createPlatformTokensRepository,
  type PlatformTokenRow,
  type StoredTokenPair,
} from '../../modules/platform-tokens/platform-tokens.repository.js';
import { GatewayError } from '../../shared/chat-gateway.js';
import type { Clock } from '../../shared/clock.js';
import type { Db, DbOrTx } from '../../shared/db/db.js';
import { errorText, type Logger } from '../../shared/logger.js';
import { ZaloError } from './zalo.errors.js';
import { createZaloOAuth, type ZaloOAuthConfig, type ZaloTokenPair } from './zalo.oauth.js';
import { createTokenSealer } from './zalo.seal.js';

/**
 * Refresh when less than this is left of the 25 h access token. An hour is enough for a
 * periodic ensureFresh (every 15 min) to get several tries through a short Zalo outage before
 * sends start failing, and costs only 4% of the token's life.
 */
export const REFRESH_AHEAD_MS = 60 * 60_000;
/** A token read from Postgres is reused this long: one query per minute, and a pair installed
 * from the CLI reaches every process within a minute. */
const CACHE_MS = 60_000;
/** After a failed proactive refresh, sends keep the still-valid token this long before trying again. */
const AHEAD_RETRY_MS = 60_000;
/** Advisory lock serialising every write of the Zalo pair across processes (an arbitrary constant). */
export const ZALO_TOKEN_LOCK_ID = 729_114_016;

const CLI = 'npm run cli -- zalo-token';
const NOT_INSTALLED = `no usable Zalo OA token in Postgres: run \`${CLI} consent-url --redirect <url>\` then \`${CLI} exchange --code <code> --verifier <v>\` (or \`${CLI} install\`)`;
const deadDescription = (reason: string) =>
  `Zalo refused the refresh token (${reason}): an OA admin must grant consent again (\`${CLI} consent-url\`, then \`exchange\`)`;

export type ZaloTokenStatus =
  | { state: 'none' }
  /** A row sealed under another ZALO_APP_SECRET: as good as none. */
  | { state: 'unreadable'; rotatedAt: Date }
  | { state: 'dead'; deadAt: Date; reason: string; rotatedAt: Date }
  | { state: 'live'; accessExpiresAt: Date; refreshExpiresAt: Date | null; rotatedAt: Date };

type Live = Extract<ZaloTokenStatus, { state: 'live' }> & { access: string; refresh: string };
type Current = Exclude<ZaloTokenStatus, { state: 'live' }> | Live;
type Outcome = Exclude<ZaloTokenStatus, { state: 'live' }> | { state: 'current' | 'rotated'; token: string; expiresAt: Date };

type Deps = {
  db: Db;
  oauth: ZaloOAuthConfig;
  clock: Clock;
  logger: Logger;
  /** Called once when Zalo refuses the refresh token (reason: Zalo's code); the app alerts admins. */
  onDead?: (reason: string) => Promise<void>;
};

/**
 * The Zalo OA token pair, in Postgres (sealed) so every process shares one pair, rotated
 * before it expires and when Zalo rejects it. The refresh token is single use, so a refresh
 * happens under an advisory lock and its new pair is committed before anyone uses it.
 *
 * Left open on purpose: if the process dies (or the connection drops) after Zalo answered a
 * refresh but before the commit, the new pair is lost and the old refresh token is already
 * spent. Nothing on our side can close that window; the next refresh gets -14014, the row is
 * marked dead and admins are alerted to grant consent again.
 */
export function createZaloTokenStore({ db, oauth, clock, logger, onDead }: Deps) {
  const sealer = createTokenSealer(oauth.appSecret);
  const client = createZaloOAuth(oauth);
  let cache: { token: string; expiresAt: number; readAt: number } | null = null;
  let inflight: Promise<Outcome> | null = null;
  let aheadRetryAt = 0;
  let warnedUnreadable = false;

  const repo = (d: DbOrTx) => createPlatformTokensRepository({ db: d });

  function toCurrent(row: PlatformTokenRow | undefined): Current {
    if (!row) return { state: 'none' };
    if (row.deadAt) return { state: 'dead', deadAt: row.deadAt, reason: row.deadReason ?? 'unknown', rotatedAt: row.rotatedAt };
    const access = sealer.open(row.accessToken, 'access');
    const refresh = sealer.open(row.refreshToken, 'refresh');
    if (access === null || refresh === null) {
      if (!warnedUnreadable) {
        warnedUnreadable = true;
        logger.error(
          { platform: 'zalo' },
          `the Zalo OA token pair in Postgres cannot be opened with the current ZALO_APP_SECRET (was the App Secret changed?); install a new pair: ${CLI} consent-url / exchange, or ${CLI} install`,
        );
      }
      return { state: 'unreadable', rotatedAt: row.rotatedAt };
    }
    return {
      state: 'live',
      access,
      refresh,
      accessExpiresAt: row.accessExpiresAt,
      refreshExpiresAt: row.refreshExpiresAt,
      rotatedAt: row.rotatedAt,
    };
  }

  const read = async (d: DbOrTx, forUpdate = false) => toCurrent(await repo(d).find('zalo', { forUpdate }));
  const lock = (tx: DbOrTx) => tx.execute(sql`select pg_advisory_xact_lock(${ZALO_TOKEN_LOCK_ID})`);

  function sealed(pair: ZaloTokenPair, now: Date): StoredTokenPair {
    return {
      accessToken: sealer.seal(pair.accessToken, 'access'),
      refreshToken: sealer.seal(pair.refreshToken, 'refresh'),
      accessExpiresAt: new Date(now.getTime() + pair.expiresInSec * 1000),
      refreshExpiresAt: pair.refreshExpiresInSec !== undefined ? new Date(now.getTime() + pair.refreshExpiresInSec * 1000) : null,
      rotatedAt: now,
    };
  }

  function remember(token: string, expiresAt: Date): string {
    cache = { token, expiresAt: expiresAt.getTime(), readAt: clock.now().getTime() };
    return token;
  }

  function tokenOf(o: Outcome | Current, method: string): string {
    switch (o.state) {
      case 'none':
      case 'unreadable':
        throw new GatewayError('paused', { platform: 'zalo', method, description: NOT_INSTALLED });
      case 'dead':
        throw new GatewayError('paused', { platform: 'zalo', method, providerCode: o.reason, description: deadDescription(o.reason) });
      case 'live':
        return remember(o.access, o.accessExpiresAt);
      case 'current':
      case 'rotated':
        return remember(o.token, o.expiresAt);
    }
  }

  /** `rejected`: the token Zalo refused; null: a proactive refresh (only if still within the margin). */
  async function rotateOnce(rejected: string | null): Promise<Outcome> {
    const outcome = await db.transaction(async (tx): Promise<Outcome | { state: 'died'; reason: string; at: Date; rotatedAt: Date }> => {
      await lock(tx);
      const cur = await read(tx, true);
      if (cur.state !== 'live') return cur;
      const now = clock.now();
      // Another process (or an earlier call here) rotated already: use its pair, spend nothing.
      const alreadyDone = rejected !== null ? cur.access !== rejected : cur.accessExpiresAt.getTime() - now.getTime() > REFRESH_AHEAD_MS;
      if (alreadyDone) return { state: 'current', token: cur.access, expiresAt: cur.accessExpiresAt };
      let pair: ZaloTokenPair;
      try {
        pair = await client.refresh(cur.refresh);
      } catch (e) {
        if (!(e instanceof ZaloError && e.details.reconsent)) throw e;
        const reason = String(e.details.providerCode ?? 'reconsent');
        await repo(tx).markDead('zalo', { at: now, reason });
        return { state: 'died', reason, at: now, rotatedAt: cur.rotatedAt };
      }
      const stored = sealed(pair, now);
      // Same transaction as the lock: the new pair is durable before the token leaves this function.
      await repo(tx).save('zalo', stored);
      return { state: 'rotated', token: pair.accessToken, expiresAt: stored.accessExpiresAt };
    });
    if (outcome.state === 'rotated')
      logger.info({ platform: 'zalo', accessExpiresAt: outcome.expiresAt.toISOString() }, 'Zalo OA token rotated');
    if (outcome.state !== 'died') return outcome;
    // Once per death: every later call finds the row dead and never reaches here.
    cache = null;
    logger.error(
      { platform: 'zalo', code: outcome.reason },
      `Zalo refused the OA refresh token: Zalo sends are paused until an OA admin grants consent again (${CLI} consent-url, then exchange)`,
    );
    try {
      await onDead?.(outcome.reason);
    } catch (err) {
      logger.error({ platform: 'zalo', err: errorText(err) }, 'the dead-token alert failed');
    }
    return { state: 'dead', deadAt: outcome.at, reason: outcome.reason, rotatedAt: outcome.rotatedAt };
  }

  /** One refresh in flight per process; the advisory lock does the same across processes. */
  function rotate(rejected: string | null): Promise<Outcome> {
    inflight ??= rotateOnce(rejected).finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function accessToken(): Promise<string> {
    const now = clock.now().getTime();
    if (cache && now - cache.readAt < CACHE_MS && cache.expiresAt - now > REFRESH_AHEAD_MS) return cache.token;
    const cur = await read(db);
    if (cur.state !== 'live') return tokenOf(cur, 'accessToken');
    const left = cur.accessExpiresAt.getTime() - now;
    if (left > REFRESH_AHEAD_MS || (left > 0 && now < aheadRetryAt)) return tokenOf(cur, 'accessToken');
    try {
      return tokenOf(await rotate(null), 'accessToken');
    } catch (e) {
      // Zalo's OAuth side is failing but the token still works: keep sending, try again shortly.
      if (e instanceof GatewayError || left <= 0) throw e;
      aheadRetryAt = now + AHEAD_RETRY_MS;
      logger.warn(
        { platform: 'zalo', code: e instanceof ZaloError ? (e.details.providerCode ?? e.kind) : 'error' },
        'proactive Zalo token refresh failed; the current token is still valid',
      );
      return cur.access;
    }
  }

  async function refreshAccessToken(rejected: string): Promise<string> {
    let t = tokenOf(await rotate(rejected), 'refreshAccessToken');
    // A proactive refresh already in flight can have found the rejected token still fresh by our clock.
    if (t === rejected) t = tokenOf(await rotate(rejected), 'refreshAccessToken');
    return t;
  }

  /** For a periodic job: keeps the 3-month refresh token rotating even when nothing is sent. */
  async function ensureFresh(): Promise<'fresh' | 'refreshed' | 'none' | 'dead'> {
    const cur = await read(db);
    if (cur.state === 'none' || cur.state === 'unreadable') return 'none';
    if (cur.state === 'dead') return 'dead';
    if (cur.accessExpiresAt.getTime() - clock.now().getTime() > REFRESH_AHEAD_MS) return 'fresh';
    const o = await rotate(null);
    switch (o.state) {
      case 'rotated':
        remember(o.token, o.expiresAt);
        return 'refreshed';
      case 'current':
        return 'fresh';
      case 'dead':
        return 'dead';
      case 'none':
      case 'unreadable':
        return 'none';
    }
  }

  /** A pair from the consent flow or pasted from the API Explorer; revives a dead row. */
  async function install(pair: ZaloTokenPair): Promise<{ accessExpiresAt: Date }> {
    const stored = sealed(pair, clock.now());
    // Under the lock: a refresh running elsewhere commits first, then this pair replaces it.
    await db.transaction(async (tx) => {
      await lock(tx);
      await repo(tx).save('zalo', stored);
    });
    cache = null;
    aheadRetryAt = 0;
    warnedUnreadable = false;
    logger.info({ platform: 'zalo', accessExpiresAt: stored.accessExpiresAt.toISOString() }, 'Zalo OA token pair installed');
    return { accessExpiresAt: stored.accessExpiresAt };
  }

  /** What an operator may see: dates and state, never a token. */
  async function status(): Promise<ZaloTokenStatus> {
    const cur = await read(db);
    if (cur.state !== 'live') return cur;
    return { state: 'live', accessExpiresAt: cur.accessExpiresAt, refreshExpiresAt: cur.refreshExpiresAt, rotatedAt: cur.rotatedAt };
  }

  return { accessToken, refreshAccessToken, ensureFresh, install, status };
}

export type ZaloTokenStore = ReturnType<typeof createZaloTokenStore>;
