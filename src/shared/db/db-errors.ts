// Whether an error means Postgres could not be reached (or went away mid-statement), as opposed
// to a statement of ours failing. The first kind must not be answered as handled: the update was
// not stored, so the platform has to deliver it again.

const CONNECTION_CODES = new Set([
  // The socket: refused, reset, timed out, name not resolved.
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  // postgres.js' own.
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // SQLSTATE class 08 (connection exception) and 57P0x (the server is shutting down or restarting).
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
]);

export function isConnectionLoss(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
