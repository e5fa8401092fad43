/**
 * Microsoft Graph failures, mapped to the outbox's semantics (src/outbox/outbox-worker.ts):
 *
 * | Graph answer                          | GraphRequestError                        | outbox does          |
 * |---------------------------------------|------------------------------------------|----------------------|
 * | 429, 503, 504                         | `retryAfterMs` from Retry-After (if any) | retry, not earlier   |
 * | other 5xx, 409, 412, 423              | transient                                | retry with back-off  |
 * | network error, timeout (no response)  | transient (`status` 0)                   | retry with back-off  |
 * | 400, 401, 403, 404, other 4xx         | `permanent: true`                        | dead-letter at once  |
 * | token request refused (bad secret),   | `blocksLane: true`                       | stop the Graph lane, |
 * | no permission in the token, 401       |                                          | probe, resume        |
 * | 403 on one mailbox (RBAC scope)       | `permanent: true`, `mailbox` set         | that job dead only   |
 *
 * A 404 on DELETE is not an error at all (the event is already gone): the client returns
 * `'already-gone'`. A 404 on GET of one event returns `undefined`.
 */
import { readRetryAfter } from '../net/retry-after.js';

export type GraphErrorKind = 'throttled' | 'unavailable' | 'server' | 'network' | 'timeout' | 'client' | 'auth';

export class GraphRequestError extends Error {
  override readonly name = 'GraphRequestError';
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  readonly status: number;
  /** Graph's error code (e.g. `ErrorAccessDenied`) or ours (`TIMEOUT`, `NETWORK`). */
  readonly code: string;
  readonly kind: GraphErrorKind;
  /** True: retrying cannot help (bad request, no permission): the outbox dead-letters the job. */
  readonly permanent: boolean;
  /** Milliseconds Graph asked us to wait (Retry-After), for 429 / 503 / 504. */
  readonly retryAfterMs?: number;
  /** Graph's request-id, for a support case. */
  readonly requestId?: string;
  /** A configuration error of the whole app (credentials, consent): the outbox stops the lane, see outbox-worker.ts. */
  readonly blocksLane: boolean;
  /** The mailbox the refused call was for (403 on `/users/{id}/…`). */
  mailbox?: string;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    kind: GraphErrorKind;
    permanent: boolean;
    retryAfterMs?: number;
    requestId?: string;
    blocksLane?: boolean;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.kind = init.kind;
    this.permanent = init.permanent;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    this.blocksLane = init.blocksLane ?? false;
  }
}

export function isGraphRequestError(e: unknown): e is GraphRequestError {
  return e instanceof GraphRequestError;
}

/** Statuses worth retrying although they are 4xx (conflicts, locks, precondition races). */
const TRANSIENT_4XX = new Set([408, 409, 412, 423]);

/** Maps an HTTP status (+ Retry-After) to our error. `status` 0 = no response. */
export function errorForStatus(
  status: number,
  details: { code?: string; message?: string; retryAfter?: string | null; requestId?: string; now?: number },
): GraphRequestError {
  const code = details.code ?? `HTTP_${status}`;
  const message = details.message ?? `Microsoft Graph answered ${status}`;
  const base = { status, code, message, ...(details.requestId ? { requestId: details.requestId } : {}) };
  if (status === 429 || status === 503 || status === 504) {
    const retryAfterMs = readRetryAfter(details.retryAfter, details.now ?? Date.now());
    return new GraphRequestError({
      ...base,
      kind: status === 429 ? 'throttled' : 'unavailable',
      permanent: false,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status >= 500) return new GraphRequestError({ ...base, kind: 'server', permanent: false });
  if (TRANSIENT_4XX.has(status)) return new GraphRequestError({ ...base, kind: 'client', permanent: false });
  // 401: Graph does not accept our token at all (wrong audience, tenant, revoked app): every call fails alike.
  return new GraphRequestError({ ...base, kind: status === 401 ? 'auth' : 'client', permanent: true, blocksLane: status === 401 });
}

