// A wire-faithful fake of the Zalo OA Open API (https://openapi.zalo.me/), OAuth v4
// (https://oauth.zaloapp.com/) and Zalo's signed webhook delivery, for end-to-end tests.
// Point the client at `apiRoot` / `oauthRoot`, give it a pair from issueTokenPair(), let users
// act with deliver(fake.userSendText(user, '…')), and assert on calls / sent().
// Spec: ../shared/platforms/zalo.md §1, §2, §4, §6, §7; each file notes its uncertain choices.
import type { Server } from 'node:http';
import { EventFactory, type EventOptions, type FileInput, type ImageInput, type InfoInput } from './events.js';
import { messageId, numericId } from './ids.js';
import { listen } from './server.js';
import { FakeZaloState, type SignatureVariant, type WebhookOptions } from './state.js';
import type { FakeZaloUser, RecordedCall, SentMessage, Upload, ZaloEvent } from './types.js';
import { deliver, deliverRaw, signatureHeaders, type DeliveryResult, type WebhookAttempt } from './webhook.js';

export type { EventOptions, FileInput, ImageInput, InfoInput } from './events.js';
export type { SignatureVariant, WebhookOptions } from './state.js';
export type { FakeZaloUser, OaErrorBody, OAuthErrorBody, RecordedCall, SentKind, SentMessage, Upload, ZaloEvent } from './types.js';
export type { DeliveryResult, WebhookAttempt } from './webhook.js';
export { zaloMac } from './webhook.js';
export { pkceChallenge } from './oauth.js';

export type FakeZaloOptions = {
  appId?: string;
  appSecret?: string;
  oaSecretKey?: string;
  oaId?: string;
  /** Epoch ms for token lifetimes, the 7-day window and event timestamps (default: the real clock). */
  now?: () => number;
};
export type TokenPair = { access_token: string; refresh_token: string; expires_in: string };

export interface FakeZalo {
  /** e.g. 'http://127.0.0.1:PORT/', standing for https://openapi.zalo.me/ */
  readonly apiRoot: string;
  /** e.g. 'http://127.0.0.1:PORT2/', standing for https://oauth.zaloapp.com/ */
  readonly oauthRoot: string;
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  readonly oaId: string;

  /** Every API and OAuth call in arrival order, including refused ones (see `error`). */
  readonly calls: RecordedCall[];
  callsTo(path: string): RecordedCall[];
  /** Successful /message/cs sends, optionally for one user. */
  sent(userId?: string): SentMessage[];
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  readonly uploads: Upload[];
  /** Calls of grant_type=refresh_token (successful or not). */
  readonly refreshCalls: number;
  readonly codeExchanges: number;
  /** OA API calls refused with -32. */
  readonly rateLimited: number;

  /** Serve bytes as Zalo's CDN would; pass the URL to userSendFile / userSendImage. */
  hostFile(bytes: Buffer, fileName: string): string;
  /** A new user with fresh 18–19 digit ids (known to the fake; no interaction yet). */
  user(displayName?: string): FakeZaloUser;
  addUser(user: FakeZaloUser): void;
  /** Sets (or with null, clears) the user's last interaction for the 7-day window. */
  setLastInteraction(userId: string, at: Date | number | null): void;
  lastInteraction(userId: string): Date | undefined;

  issueAuthorizationCode(opts?: { codeChallenge?: string }): string;
  /** A valid pair, as if pasted from Zalo's API Explorer. */
  issueTokenPair(): TokenPair;
  /** Every access token issued so far is now expired (answers -216, or -220 per expiredTokenError). */
  expireAccessTokens(): void;
  /** Every access token issued so far is removed (answers -220). */
  revokeAccessTokens(): void;
  /** Every refresh token issued so far is dead (-14014): re-consent needed. */
  revokeRefreshTokens(): void;
  /** Lifetime of tokens issued from now on (default 90000 s = 25 h). */
  accessTokenTtlSeconds: number;
  expiredTokenError: -216 | -220;
  /** Per-app per-minute budget for OA API calls (default 4000); null disables. */
  rateLimitPerMinute(n: number | null): void;
  /** Real milliseconds every OA API answer is held back (0: none). */
  apiDelayMs: number;
  /** Uploaded tokens/attachment ids expire (sending them answers -100). */
  expireUploads(): void;

  setWebhook(url: string | null): void;
  readonly webhookUrl: string | null;
  signatureVariant: SignatureVariant;
  /** Mutable: timeoutMs (default 2000) and retryDelaysMs (default [20, 40, 80]). */
  readonly webhookOptions: WebhookOptions;
  /** Signs and POSTs the event (retrying); a user event first updates the 7-day window. */
  deliver(event: ZaloEvent | Record<string, unknown>): Promise<DeliveryResult>;
  /** One POST with exactly these headers (forged, unsigned…), no retries. */
  deliverRaw(body: string, headers?: Record<string, string>): Promise<WebhookAttempt>;
  /** The unsigned `{}` POST Zalo sends when the webhook URL is saved. */
  probe(): Promise<WebhookAttempt>;
  /** The headers the fake would sign a raw body with. */
  signatureFor(rawBody: string, variant?: SignatureVariant): Record<string, string>;

  follow(user: FakeZaloUser, o?: EventOptions): ZaloEvent;
  unfollow(user: FakeZaloUser, o?: EventOptions): ZaloEvent;
  userSendText(user: FakeZaloUser, text: string, o?: EventOptions): ZaloEvent;
  userSendImage(user: FakeZaloUser, image?: ImageInput, o?: EventOptions): ZaloEvent;
  userSendFile(user: FakeZaloUser, file: FileInput, o?: EventOptions): ZaloEvent;
  userSubmitInfo(user: FakeZaloUser, info: InfoInput, o?: EventOptions): ZaloEvent;
  oaSendEcho(user: FakeZaloUser, text: string, o?: EventOptions): ZaloEvent;

  close(): Promise<void>;
}

export async function startFakeZalo(opts: FakeZaloOptions = {}): Promise<FakeZalo> {
  const state = new FakeZaloState(
    opts.appId ?? numericId(),
    opts.appSecret ?? 'fake-app-secret-AbCdEf0123456789',
    opts.oaSecretKey ?? 'fake-oa-secret-key-ZyXwVu9876543210',
    opts.oaId ?? numericId(),
    opts.now ?? Date.now,
  );
  const { servers, apiRoot, oauthRoot } = await listen(state);
  return new FakeZaloHandle(state, servers, apiRoot, oauthRoot);
}

class FakeZaloHandle implements FakeZalo {
  readonly appId: string;
  readonly appSecret: string;
  readonly oaSecretKey: string;
  readonly oaId: string;
  private readonly events: EventFactory;

  constructor(
    private readonly state: FakeZaloState,
    private readonly servers: Server[],
    readonly apiRoot: string,
    readonly oauthRoot: string,
  ) {
    ({ appId: this.appId, appSecret: this.appSecret, oaSecretKey: this.oaSecretKey, oaId: this.oaId } = state);
    this.events = new EventFactory(state);
  }

  get calls() {
    return this.state.calls;
  }
  get uploads() {
    return this.state.uploads;
  }
  get refreshCalls() {
    return this.state.counters.refreshCalls;
  }
  get codeExchanges() {
    return this.state.counters.codeExchanges;
  }
  get rateLimited() {
    return this.state.counters.rateLimited;
  }
  get webhookUrl() {
    return this.state.webhookUrl;
  }
  get webhookOptions() {
    return this.state.webhook;
  }
  get signatureVariant() {
    return this.state.signatureVariant;
  }
  set signatureVariant(v: SignatureVariant) {
    this.state.signatureVariant = v;
  }
  get accessTokenTtlSeconds() {
    return this.state.accessTokenTtlSeconds;
  }
  set accessTokenTtlSeconds(s: number) {
    this.state.accessTokenTtlSeconds = s;
  }
  get expiredTokenError() {
    return this.state.expiredTokenError;
  }
  get apiDelayMs() {
    return this.state.apiDelayMs;
  }
  set apiDelayMs(ms: number) {
    this.state.apiDelayMs = ms;
  }
  set expiredTokenError(c: -216 | -220) {
    this.state.expiredTokenError = c;
  }

  callsTo(path: string): RecordedCall[] {
    const p = path.replace(/^\/+/, '');
    return this.state.calls.filter((c) => c.path === p);
  }

  sent(userId?: string): SentMessage[] {
    return userId === undefined ? [...this.state.sent] : this.state.sent.filter((m) => m.user_id === userId);
  }

  async waitForSent(count: number, timeoutMs = 5000): Promise<SentMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.state.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`fake Zalo: ${this.state.sent.length}/${count} messages sent after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.sent();
  }

  user(displayName = 'Người dùng Zalo'): FakeZaloUser {
    return this.state.newUser(displayName);
  }

  hostFile(bytes: Buffer, fileName: string): string {
    const id = messageId();
    this.state.hosted.set(`${id}/${fileName}`, bytes); // the server matches the decoded path
    return `${this.apiRoot}fake-cdn/${id}/${encodeURIComponent(fileName)}`;
  }
  addUser(user: FakeZaloUser): void {
    this.state.addUser(user);
  }

  setLastInteraction(userId: string, at: Date | number | null): void {
    if (at === null) this.state.lastInteraction.delete(userId);
    else this.state.lastInteraction.set(userId, typeof at === 'number' ? at : at.getTime());
  }

  lastInteraction(userId: string): Date | undefined {
    const at = this.state.lastInteraction.get(userId);
    return at === undefined ? undefined : new Date(at);
  }

  issueAuthorizationCode(opts: { codeChallenge?: string } = {}): string {
    return this.state.issueCode(opts.codeChallenge);
  }
  issueTokenPair(): TokenPair {
    return this.state.issuePair();
  }

  expireAccessTokens(): void {
    const past = this.state.now() - 1;
    for (const t of this.state.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, past);
  }

  revokeAccessTokens(): void {
    for (const t of this.state.accessTokens.values()) t.revoked = true;
  }

  revokeRefreshTokens(): void {
    for (const t of this.state.refreshTokens.values()) t.used = true;
  }

  rateLimitPerMinute(n: number | null): void {
    this.state.rateLimitPerMinute = n;
    this.state.rateWindow.length = 0;
  }

  expireUploads(): void {
    for (const u of this.state.uploads) u.expired = true;
  }

  setWebhook(url: string | null): void {
    this.state.webhookUrl = url;
  }
  deliver(event: ZaloEvent | Record<string, unknown>): Promise<DeliveryResult> {
    return deliver(this.state, event);
  }
  deliverRaw(body: string, headers: Record<string, string> = {}): Promise<WebhookAttempt> {
    return deliverRaw(this.state, body, headers);
  }
  probe(): Promise<WebhookAttempt> {
    return deliverRaw(this.state, '{}', { 'content-type': 'application/json' });
  }
  signatureFor(rawBody: string, variant = this.state.signatureVariant): Record<string, string> {
    return signatureHeaders(this.state, rawBody, variant);
  }

  follow(user: FakeZaloUser, o?: EventOptions) {
    return this.events.follow(user, o);
  }
  unfollow(user: FakeZaloUser, o?: EventOptions) {
    return this.events.unfollow(user, o);
  }
  userSendText(user: FakeZaloUser, text: string, o?: EventOptions) {
    return this.events.userSendText(user, text, o);
  }
  userSendImage(user: FakeZaloUser, image?: ImageInput, o?: EventOptions) {
    return this.events.userSendImage(user, image, o);
  }
  userSendFile(user: FakeZaloUser, file: FileInput, o?: EventOptions) {
    return this.events.userSendFile(user, file, o);
  }
  userSubmitInfo(user: FakeZaloUser, info: InfoInput, o?: EventOptions) {
    return this.events.userSubmitInfo(user, info, o);
  }
  oaSendEcho(user: FakeZaloUser, text: string, o?: EventOptions) {
    return this.events.oaSendEcho(user, text, o);
  }

  async close(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          }),
      ),
    );
  }
}
