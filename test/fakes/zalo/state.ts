// All mutable state of one fake Zalo instance: tokens, users and their 7-day window, rate-limit
// window, uploads and the call/sent records.
import { messageId, numericId, opaqueToken } from './ids.js';
import type { FakeZaloUser, RecordedCall, SentMessage, Upload } from './types.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** CS messages need an interaction within 7 days (zalo.md §1.3; the "48 h only" claims are about the free tier). */
export const CS_WINDOW_MS = 7 * DAY_MS;
export const FREE_WINDOW_MS = 2 * DAY_MS;

export type AccessToken = { token: string; expiresAt: number; revoked: boolean };
export type RefreshToken = { token: string; used: boolean; expiresAt: number };
export type AuthCode = { code: string; used: boolean; expiresAt: number; codeChallenge?: string };

export type SignatureVariant =
  /** mac=sha256(app_id + raw + body.timestamp + oaSecretKey), header "mac=<hex>" (zalo.md §1.6, primary). */
  | 'primary'
  /** Same digest, header without the "mac=" prefix (GOCLAW compares the raw header). */
  | 'no-prefix'
  /** oa_id instead of app_id as the first term (some community code). */
  | 'oa-id'
  /** Timestamp taken from an X-ZEvent-Timestamp header (which differs from the body's). */
  | 'header-timestamp'
  /** The App Secret instead of the OA Secret Key (SPEC §3.2 claims they are the same value). */
  | 'app-secret';

export type WebhookOptions = {
  /** How long Zalo waits for an answer before counting the attempt as failed (zalo.md §1.6: 2 s). */
  timeoutMs: number;
  /**
   * Delays before each retry. Reality is 30 s → 5 m → 15 m → 30 m → 1 h (SPEC) or "for 12 h"
   * (HAINH), zalo.md §7 #2; the fake compresses the ladder to keep tests fast.
   */
  retryDelaysMs: number[];
};

export class FakeZaloState {
  readonly calls: RecordedCall[] = [];
  readonly sent: SentMessage[] = [];
  readonly uploads: Upload[] = [];
  readonly users = new Map<string, FakeZaloUser>();
  readonly lastInteraction = new Map<string, number>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly authCodes = new Map<string, AuthCode>();
  readonly counters = { refreshCalls: 0, codeExchanges: 0, rateLimited: 0 };
  /** Files users "sent", served at {apiRoot}fake-cdn/<key> like Zalo's CDN URLs in file events. */
  readonly hosted = new Map<string, Buffer>();

  accessTokenTtlSeconds = 90_000;
  /** Real milliseconds every OA API answer is held back (a slow Zalo). */
  apiDelayMs = 0;
  /** Code for an expired access token; see the note in oauth.ts. */
  expiredTokenError: -216 | -220 = -216;
  rateLimitPerMinute: number | null = 4000;
  readonly rateWindow: number[] = [];
  webhookUrl: string | null = null;
  signatureVariant: SignatureVariant = 'primary';
  webhook: WebhookOptions = { timeoutMs: 2000, retryDelaysMs: [20, 40, 80] };

  constructor(
    readonly appId: string,
    readonly appSecret: string,
    readonly oaSecretKey: string,
    readonly oaId: string,
    /** The fake's clock: tests that move the service's clock give the same one here. */
    readonly now: () => number = Date.now,
  ) {}

  record(call: RecordedCall): void {
    this.calls.push(call);
  }

  newUser(displayName: string): FakeZaloUser {
    const user: FakeZaloUser = {
      id: numericId(),
      idByApp: numericId(),
      displayName,
      avatar: `https://s120-ava-talk.zadn.vn/fake/${messageId()}.jpg`,
    };
    this.users.set(user.id, user);
    return user;
  }

  addUser(user: FakeZaloUser): void {
    this.users.set(user.id, user);
  }

  /** Records an interaction (never moves the window backwards). */
  interact(userId: string, at: number): void {
    const prev = this.lastInteraction.get(userId);
    if (prev === undefined || at > prev) this.lastInteraction.set(userId, at);
  }

  issueAccessToken(): AccessToken {
    const t: AccessToken = {
      token: opaqueToken('fake-at-'),
      expiresAt: this.now() + this.accessTokenTtlSeconds * 1000,
      revoked: false,
    };
    this.accessTokens.set(t.token, t);
    return t;
  }

  issueRefreshToken(): RefreshToken {
    // Refresh tokens live 3 months (zalo.md §2).
    const t: RefreshToken = { token: opaqueToken('fake-rt-'), used: false, expiresAt: this.now() + 90 * DAY_MS };
    this.refreshTokens.set(t.token, t);
    return t;
  }

  issuePair(): { access_token: string; refresh_token: string; expires_in: string } {
    const at = this.issueAccessToken();
    const rt = this.issueRefreshToken();
    // expires_in is a STRING on the wire (zalo.md §2, GOCLAW flexSeconds).
    return { access_token: at.token, refresh_token: rt.token, expires_in: String(this.accessTokenTtlSeconds) };
  }

  issueCode(codeChallenge?: string): string {
    // Auth codes live ~10 min and are single use (zalo.md §2 [P]).
    const code: AuthCode = { code: opaqueToken('fake-code-', 24), used: false, expiresAt: this.now() + 10 * 60_000 };
    if (codeChallenge !== undefined) code.codeChallenge = codeChallenge;
    this.authCodes.set(code.code, code);
    return code.code;
  }
}
