import { z } from 'zod';
import { zaloConfigFragment } from '../channels/zalo/zalo.config.js';
import { ZaloError } from '../channels/zalo/zalo.errors.js';
import { buildConsentUrl, createZaloOAuth, ZALO_ACCESS_TTL_SEC, type ZaloOAuthConfig } from '../channels/zalo/zalo.oauth.js';
import { createZaloTokenStore } from '../channels/zalo/zalo.tokens.js';
import { createLogger } from '../shared/logger.js';
import { zaloAdminTexts as tx } from '../texts/index.js';
import type { CliDeps } from './admin.commands.js';
import { parseArgs, positiveInt } from './args.js';

// Only the variables this command needs, straight from the fragment: the full loadConfig()
// would also demand the Telegram token and Zalo's webhook key, which installing a token does not.
const envSchema = z.object({
  ZALO_APP_ID: zaloConfigFragment.ZALO_APP_ID,
  ZALO_APP_SECRET: zaloConfigFragment.ZALO_APP_SECRET,
  ZALO_OAUTH_ROOT: zaloConfigFragment.ZALO_OAUTH_ROOT,
});

type Env = Record<string, string | undefined>;

function zaloEnv(env: Env, out: (line: string) => void, needSecret: boolean): ZaloOAuthConfig | null {
  // Empty strings count as unset, as in config.ts.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('ZALO_') && v !== '')));
  if (!parsed.success) {
    for (const i of parsed.error.issues) out(tx.badVar(String(i.path[0]), i.message));
    return null;
  }
  const c = parsed.data;
  if (!c.ZALO_APP_ID) {
    out(tx.missingVar('ZALO_APP_ID'));
    return null;
  }
  if (needSecret && !c.ZALO_APP_SECRET) {
    out(tx.missingVar('ZALO_APP_SECRET'));
    return null;
  }
  return { oauthRoot: c.ZALO_OAUTH_ROOT, appId: c.ZALO_APP_ID, appSecret: c.ZALO_APP_SECRET ?? '' };
}

/** A flag's value, trimmed; null when missing, blank, or swallowed from the next flag. */
function value(flags: Record<string, string | true>, name: string): string | null {
  const v = flags[name];
  if (typeof v !== 'string' || v.startsWith('--')) return null;
  return v.trim() || null;
}

/** Zalo's refusal or an unreachable server, in Vietnamese; never the token or the secret. */
function explain(e: unknown): string {
  if (!(e instanceof ZaloError)) throw e;
  const code = e.details.providerCode;
  if (typeof code === 'number' && code < 0) return tx.zaloRefused(code, e.details.description);
  return tx.zaloUnreachable(code !== undefined ? `HTTP ${code}` : (e.details.description ?? e.kind));
}

/**
 * npm run cli -- zalo-token consent-url --redirect <url> | exchange --code <code> [--verifier <v>]
 *   | install --access <token> --refresh <token> [--expires-in <sec>] | status
 */
export async function zaloTokenCommand(argv: string[], { db, clock, out }: CliDeps, env: Env = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  const { flags } = parseArgs(rest);
  const store = (oauth: ZaloOAuthConfig) => createZaloTokenStore({ db, clock, oauth, logger: createLogger({ level: 'silent' }) });

  switch (sub) {
    case 'consent-url': {
      const redirect = value(flags, 'redirect');
      if (!redirect || !/^https?:\/\/[^\s/]+/.test(redirect) || !URL.canParse(redirect)) {
        out(tx.badRedirect);
        return 1;
      }
      const cfg = zaloEnv(env, out, false);
      if (!cfg) return 1;
      const { url, codeVerifier, state } = buildConsentUrl({ oauthRoot: cfg.oauthRoot, appId: cfg.appId, redirectUri: redirect });
      out(tx.consentUrl(url, codeVerifier, state, redirect));
      return 0;
    }
    case 'exchange': {
      const code = value(flags, 'code');
      if (!code) {
        out(tx.missingValue('--code'));
        out(tx.usage);
        return 1;
      }
      const verifier = value(flags, 'verifier');
      const cfg = zaloEnv(env, out, true);
      if (!cfg) return 1;
      let pair;
      try {
        pair = await createZaloOAuth(cfg).exchangeCode({ code, ...(verifier ? { codeVerifier: verifier } : {}) });
      } catch (e) {
        out(explain(e));
        return 1;
      }
      out(tx.installed((await store(cfg).install(pair)).accessExpiresAt));
      return 0;
    }
    case 'install': {
      const access = value(flags, 'access');
      const refresh = value(flags, 'refresh');
      if (!access || !refresh) {
        out(tx.missingValue(access ? '--refresh' : '--access'));
        out(tx.usage);
        return 1;
      }
      const expiresInSec = positiveInt(flags['expires-in'], ZALO_ACCESS_TTL_SEC);
      if (expiresInSec === null) {
        out(tx.badExpiresIn);
        return 1;
      }
      const cfg = zaloEnv(env, out, true);
      if (!cfg) return 1;
      const { accessExpiresAt } = await store(cfg).install({ accessToken: access, refreshToken: refresh, expiresInSec });
      out(tx.installed(accessExpiresAt));
      out(tx.historyWarning);
      return 0;
    }
    case 'status': {
      const cfg = zaloEnv(env, out, true);
      if (!cfg) return 1;
      const s = await store(cfg).status();
      switch (s.state) {
        case 'none':
          out(tx.status.none);
          return 1;
        case 'unreadable':
          out(tx.status.unreadable(s.rotatedAt));
          return 1;
        case 'dead':
          out(tx.status.dead(s.deadAt, s.reason));
          return 1;
        case 'live':
          out(tx.status.live(s, clock.now()));
          return 0;
      }
      return 1; // not reached: every state returns above
    }
    default:
      out(tx.usage);
      return 1;
  }
}
