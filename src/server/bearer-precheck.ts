/**
 * A cheap look at the `Authorization` header before any work is done for a request: the shape of a
 * JWT, an RS* algorithm, the issuer Teams uses, our app id as audience, and a validity period that
 * includes now (with botbuilder's 5 minutes of clock tolerance). It verifies NO signature — that
 * stays botbuilder's job right after — but it refuses the bulk of forged and broken tokens without
 * a body read, a key fetch, or the library's own error text on stderr.
 */

export interface BearerExpectations {
  audience: string;
  issuers: readonly string[];
  /** Seconds since the epoch. */
  nowSeconds: number;
  toleranceSeconds?: number;
}

export type BearerProblem =
  | 'missing'
  | 'not_bearer'
  | 'malformed'
  | 'algorithm'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not_yet_valid';

const ALLOWED_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);
const JWT = /^[A-Za-z0-9_-]{2,4096}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{2,4096}$/;

/** Undefined when the token may be what it claims to be (the signature is checked later). */
export function precheckBearer(header: string | string[] | undefined, expect: BearerExpectations): BearerProblem | undefined {
  if (header === undefined || header === '') return 'missing';
  if (Array.isArray(header)) return 'malformed';
  const match = /^Bearer ([^\s]+)$/.exec(header);
  if (!match) return 'not_bearer';
  const token = match[1]!;
  if (!JWT.test(token)) return 'malformed';
  const [headerPart, payloadPart] = token.split('.');
  const jwtHeader = decodePart(headerPart!);
  const payload = decodePart(payloadPart!);
  if (!jwtHeader || !payload) return 'malformed';
  if (typeof jwtHeader.alg !== 'string' || !ALLOWED_ALGORITHMS.has(jwtHeader.alg)) return 'algorithm';
  if (typeof payload.iss !== 'string' || !expect.issuers.includes(payload.iss)) return 'issuer';
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((a) => typeof a === 'string' && a.toLowerCase() === expect.audience.toLowerCase())) return 'audience';
  const tolerance = expect.toleranceSeconds ?? 300;
  if (typeof payload.exp !== 'number' || payload.exp + tolerance < expect.nowSeconds) return 'expired';
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf - tolerance > expect.nowSeconds)) return 'not_yet_valid';
  return undefined;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
