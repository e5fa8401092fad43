/**
 * One HTTP attempt with a timeout, failures mapped to ItsmRequestError. No retries inside: the
 * outbox retries (durable, honours Retry-After), so a job makes exactly one attempt per run.
 */
import { errorText, itsmErrorForFailure, itsmErrorForStatus, itsmProtocolError } from './itsm-errors.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpCall {
  system: string;
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  fetch?: FetchLike;
  now?: () => number;
}

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Sends once; resolves only for 2xx, rejects with ItsmRequestError otherwise. */
export async function sendOnce(call: HttpCall): Promise<HttpAnswer> {
  const doFetch: FetchLike = call.fetch ?? ((url, init) => fetch(url, init));
  let response: Response;
  let text: string;
  try {
    response = await doFetch(call.url, {
      method: call.method,
      headers: call.headers,
      ...(call.body !== undefined ? { body: call.body } : {}),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    throw itsmErrorForFailure(call.system, err);
  }
  if (response.status >= 200 && response.status < 300) return { status: response.status, text };
  const message = errorText(text);
  throw itsmErrorForStatus(call.system, response.status, {
    retryAfter: response.headers.get('retry-after'),
    now: (call.now ?? Date.now)(),
    ...(message !== undefined ? { message } : {}),
  });
}

/** Parses a 2xx JSON body; an unreadable one is a permanent protocol error. */
export function parseJson(system: string, answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw itsmProtocolError(system, answer.status, 'body is not JSON');
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
