/**
 * Reading request bodies ourselves, so that no input of any encoding, content type or size can end
 * the process: every failure becomes a `BodyProblem` (an HTTP status and a short code), never a
 * thrown error and never an `'error'` event without a listener.
 *
 * - `Content-Length` over the limit is refused before a byte is read (413);
 * - chunked bodies are counted while they arrive and refused as soon as they pass the limit;
 * - `Content-Encoding` gzip, deflate and br are decoded with the decoded size bounded by the same
 *   limit (a zip bomb stops at the limit); any other encoding is 415; a body that is not what its
 *   encoding says (cut off, garbage) is 400;
 * - a client that goes away mid-body ends the read quietly (`aborted`).
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

export interface BodyProblem {
  status: 400 | 413 | 415;
  code: 'BadRequest' | 'MalformedJson' | 'PayloadTooLarge' | 'UnsupportedMediaType' | 'TooDeeplyNested';
  message: string;
  /** The client went away mid-body: nothing to answer. */
  aborted?: boolean;
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; problem: BodyProblem };

const TOO_LARGE: BodyProblem = { status: 413, code: 'PayloadTooLarge', message: 'Request body too large' };

/** The raw body, decoded from its Content-Encoding, at most `limit` bytes after decoding. */
export async function readBody(req: IncomingMessage, limit: number): Promise<BodyResult<Buffer>> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, problem: TOO_LARGE };
  const decoder = decoderFor(req.headers['content-encoding'], limit);
  if (decoder === 'unsupported') {
    return { ok: false, problem: { status: 415, code: 'UnsupportedMediaType', message: 'Unsupported Content-Encoding' } };
  }
  return new Promise<BodyResult<Buffer>>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult<Buffer>): void => {
      if (settled) return;
      settled = true;
      req.off('data', onRaw);
      req.off('end', onRawEnd);
      if (decoder) decoder.destroy();
      // Drain (and drop) whatever is still coming, so the answer can be written on this socket.
      if (!req.complete && !req.destroyed) req.resume();
      resolve(result);
    };
    const keep = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish({ ok: false, problem: TOO_LARGE });
      else chunks.push(chunk);
    };
    const malformed = (): void =>
      finish({ ok: false, problem: { status: 400, code: 'BadRequest', message: 'Request body does not match its Content-Encoding' } });
    const onRaw = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (decoder) {
        // The encoded size is bounded too (a body of padding that decodes to little).
        rawSize += buf.length;
        if (rawSize > limit * 2) finish({ ok: false, problem: TOO_LARGE });
        else decoder.write(buf);
      } else keep(buf);
    };
    let rawSize = 0;
    const onRawEnd = (): void => {
      if (decoder) decoder.end();
      else finish({ ok: true, value: Buffer.concat(chunks) });
    };
    if (decoder) {
      decoder.on('data', (chunk: Buffer) => keep(chunk));
      decoder.on('end', () => finish({ ok: true, value: Buffer.concat(chunks) }));
      decoder.on('error', (err) => (isOutputLimit(err) ? finish({ ok: false, problem: TOO_LARGE }) : malformed()));
    }
    req.on('data', onRaw);
    req.on('end', onRawEnd);
    req.on('error', () => finish({ ok: false, problem: { status: 400, code: 'BadRequest', message: 'Request aborted', aborted: true } }));
    req.on('close', () => {
      if (!req.complete) finish({ ok: false, problem: { status: 400, code: 'BadRequest', message: 'Request aborted', aborted: true } });
    });
  });
}

/** The raw body, or undefined when it is larger than `limit` or cannot be read (kept for the webhook endpoints). */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const result = await readBody(req, limit);
  return result.ok ? result.value : undefined;
}

/** Deepest nesting accepted in a JSON body; Teams activities stay far below (about 8). */
export const MAX_JSON_DEPTH = 64;

/**
 * A JSON object body: `application/json` (charset utf-8 or none) only, parsed, at most
 * `MAX_JSON_DEPTH` levels deep (deeper values would make later recursive code overflow its stack).
 */
export async function readJsonObject(req: IncomingMessage, limit: number): Promise<BodyResult<Record<string, unknown>>> {
  const typeProblem = checkJsonContentType(req.headers['content-type']);
  if (typeProblem) return { ok: false, problem: typeProblem };
  const body = await readBody(req, limit);
  if (!body.ok) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.value.toString('utf8'));
  } catch {
    return { ok: false, problem: { status: 400, code: 'MalformedJson', message: 'Malformed JSON body' } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: { status: 400, code: 'BadRequest', message: 'The body must be a JSON object' } };
  }
  if (depthOf(parsed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return { ok: false, problem: { status: 400, code: 'TooDeeplyNested', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` } };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}

/** `application/json` with no parameters but charset=utf-8; undefined when acceptable. */
export function checkJsonContentType(header: string | undefined): BodyProblem | undefined {
  const unsupported: BodyProblem = { status: 415, code: 'UnsupportedMediaType', message: 'Content-Type must be application/json' };
  if (typeof header !== 'string') return unsupported;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return unsupported;
  for (const param of params) {
    if (param === '') continue;
    const [name, value] = param.split('=').map((p) => p.trim().replace(/^"|"$/g, ''));
    if (name === 'charset' && (value === 'utf-8' || value === 'utf8')) continue;
    return unsupported;
  }
  return undefined;
}

/** Nesting depth of a parsed JSON value, iteratively (no recursion), stopping once past `max`. */
export function depthOf(value: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > max) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

function decoderFor(header: string | string[] | undefined, limit: number): Transform | undefined | 'unsupported' {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) return 'unsupported';
  const encoding = header.trim().toLowerCase();
  const options = { maxOutputLength: limit + 1 };
  switch (encoding) {
    case '':
    case 'identity':
      return undefined;
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(options);
    case 'deflate':
      return zlib.createInflate(options);
    case 'br':
      return zlib.createBrotliDecompress(options);
    default:
      return 'unsupported';
  }
}

function isOutputLimit(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ERR_BUFFER_TOO_LARGE' || (err instanceof RangeError && /maxOutputLength|Cannot create a Buffer larger/.test(err.message));
}
