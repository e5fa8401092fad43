/**
 * ITSM failures, mapped to the outbox's semantics (src/outbox/outbox-worker.ts `isPermanent`,
 * `retryAfterOf`), the same way graph-errors.ts does for Microsoft Graph:
 *
 * | answer                                 | ItsmRequestError                          | outbox does          |
 * |----------------------------------------|-------------------------------------------|----------------------|
 * | 429, 503, 504                          | `retryAfterMs` from Retry-After (if any)  | retry, not earlier   |
 * | other 5xx, 408, 409, 423               | transient                                 | retry with back-off  |
 * | network error, timeout (no response)   | transient (`status` 0)                    | retry with back-off  |
 * | 401, 403 (token), 422 (rejected data), | `permanent: true`                         | dead-letter at once  |
 * | 400, 404, other 4xx, unreadable answer |                                           |                      |
 */
import { readRetryAfter } from '../net/retry-after.js';

export type ItsmErrorKind = 'throttled' | 'unavailable' | 'server' | 'network' | 'timeout' | 'auth' | 'rejected' | 'client' | 'protocol';

export class ItsmRequestError extends Error {
  override readonly name = 'ItsmRequestError';
  /** `zammad` or `webhook`. */
  readonly system: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly kind: ItsmErrorKind;
  /** True: retrying cannot help; the outbox dead-letters the job. */
  readonly permanent: boolean;
  /** Milliseconds the server asked us to wait (Retry-After) for 429 / 503 / 504. */
  readonly retryAfterMs?: number;

  constructor(init: { system: string; status: number; kind: ItsmErrorKind; permanent: boolean; message: string; retryAfterMs?: number }) {
    super(init.message);
    this.system = init.system;
    this.status = init.status;
    this.kind = init.kind;
    this.permanent = init.permanent;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

const TRANSIENT_4XX = new Set([408, 409, 423]);

/** Maps an HTTP answer to our error. */
export function itsmErrorForStatus(
  system: string,
  status: number,
  details: { message?: string; retryAfter?: string | null; now?: number } = {},
): ItsmRequestError {
  const message = `${system} answered ${status}${details.message ? `: ${details.message}` : ''}`;
  if (status === 429 || status === 503 || status === 504) {
    const retryAfterMs = readRetryAfter(details.retryAfter, details.now ?? Date.now());
    return new ItsmRequestError({
      system,
      status,
      message,
      kind: status === 429 ? 'throttled' : 'unavailable',
      permanent: false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500) return new ItsmRequestError({ system, status, message, kind: 'server', permanent: false });
  if (TRANSIENT_4XX.has(status)) return new ItsmRequestError({ system, status, message, kind: 'client', permanent: false });
  const kind: ItsmErrorKind = status === 401 || status === 403 ? 'auth' : status === 422 ? 'rejected' : 'client';
  return new ItsmRequestError({ system, status, message, kind, permanent: true });
}

/** A request that got no answer: timeout (our AbortSignal) or a network error. Always transient. */
export function itsmErrorForFailure(system: string, err: unknown): ItsmRequestError {
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return new ItsmRequestError({
    system,
    status: 0,
    kind: timedOut ? 'timeout' : 'network',
    permanent: false,
    message: `${system} ${timedOut ? 'did not answer in time' : 'could not be reached'}: ${err instanceof Error ? err.message : String(err)}${cause}`,
  });
}

/** A 2xx answer we cannot read (not JSON, wrong shape): retrying will not change it. */
export function itsmProtocolError(system: string, status: number, what: string): ItsmRequestError {
  return new ItsmRequestError({ system, status, kind: 'protocol', permanent: true, message: `${system}: unexpected answer (${what})` });
}

/** Reads the error text of a failed answer (Zammad: `{ error, error_human }`), short. */
export function errorText(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const text = record['error_human'] ?? record['error'] ?? record['message'];
      if (typeof text === 'string') return text.slice(0, 300);
    }
  } catch {
    // not JSON
  }
  return body.trim() === '' ? undefined : body.trim().slice(0, 300);
}
