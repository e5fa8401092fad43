/** What a PostgreSQL error means for a transaction: retry it, report the store unreachable, or pass it on. */

/** SQLSTATEs after which the whole transaction can run again from the start. */
// serialization_failure, deadlock_detected, and out_of_memory, which PostgreSQL also raises when its
// shared table of read/write conflicts between serializable transactions is full for a moment.
const RETRYABLE = new Set(['40001', '40P01', '53200']);

/** SQLSTATE classes and codes that mean the connection or the server is gone (or not ready yet). */
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300', '25P03']);
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection ended/i,
  /server closed the connection/i,
  /Client was closed/i,
];

function codeOf(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryable(e: unknown): boolean {
  const code = codeOf(e);
  return code !== undefined && RETRYABLE.has(code);
}

export function isConnectionError(e: unknown): boolean {
  const code = codeOf(e);
  if (code !== undefined && (code.startsWith('08') || CONNECTION_CODES.has(code) || CONNECTION_ERRNOS.has(code))) return true;
  const message = e instanceof Error ? e.message : '';
  return CONNECTION_MESSAGES.some((re) => re.test(message));
}

/** unique_violation, with the violated constraint's name when PostgreSQL names it. */
export function uniqueViolation(e: unknown): { constraint?: string } | undefined {
  if (codeOf(e) !== '23505') return undefined;
  const constraint = (e as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' ? { constraint } : {};
}

/** Jittered exponential backoff before attempt `attempt + 1` (1-based): 2–4 ms, 4–8 ms, … capped at 200 ms. */
export function backoffMs(attempt: number): number {
  const base = Math.min(200, 2 ** attempt);
  return base + Math.random() * base;
}
