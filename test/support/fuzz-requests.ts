/**
 * fast-check generators of what an attacker (or a broken client) sends to `POST /api/messages`:
 * every content type and encoding, bodies that are not JSON, JSON that is not an activity,
 * activities with fields of the wrong type or missing, huge and deeply nested values, unicode,
 * and card actions with unknown verbs and garbage data. Shared by the bounded run in `npm test`
 * (test/edge/fuzz.test.ts) and the long run (bench/fuzz.ts).
 */
import { request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { VERBS } from '../../src/cards/verbs.js';

export interface FuzzRequest {
  contentType: string | undefined;
  encoding: string | undefined;
  body: Buffer;
  /** True when the request is malformed at the HTTP level (it must be refused with a 4xx, storing nothing). */
  malformed: boolean;
}

const PEOPLE = [
  '00000000-0000-0000-0000-000000000001',
  '00000000-0000-0000-0000-000000000002',
  '00000000-0000-0000-0000-000000000003',
  '00000000-0000-0000-0000-000000000004',
  '00000000-0000-0000-0000-000000000008',
];

const verbs = Object.values(VERBS) as string[];

/** Strings an attacker likes: unicode, control characters, markup, long runs, prototype keys. */
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '__proto__', 'constructor', '<script>alert(1)</script>', '**fett**', '../../etc/passwd', '2026-02-30', '9999-12-31', '-1', 'NaN', '\u202e\u2066', '😀'.repeat(50)),
  fc.integer({ min: 1, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON-ish value, including huge and deeply nested ones. */
const wildValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map((d) => nest(d)) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { minLength: 1000, maxLength: 5000 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, [], {}, { $gt: '' }) },
);

function nest(depth: number): unknown {
  let v: unknown = 'innen';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A Teams-shaped activity, valid unless mutated. */
const baseActivity = fc.record({
  person: fc.constantFrom(...PEOPLE),
  kind: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'messageReaction', 'event', 'typing', 'installationUpdate'),
  verb: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...verbs) }, { weight: 1, arbitrary: nastyString }),
  data: fc.dictionary(fc.oneof(fc.constantFrom('requestId', 'bookingId', 'date', 'from', 'to', 'deskId', 'ticketId', 'comment', 'days', 'slot', 'requestIds', 'deputyId'), nastyString), wildValue, { maxKeys: 5 }),
  text: nastyString,
  locale: fc.constantFrom('de-DE', 'en-US', 'fr-FR', '', 'xx'),
  expectReplies: fc.boolean(),
}).map(({ person, kind, verb, data, text, locale, expectReplies }) => {
  const activity: Record<string, unknown> = {
    type: kind,
    id: `fuzz-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale,
    timestamp: new Date().toISOString(),
    from: { id: `29:${person}`, aadObjectId: person },
    recipient: { id: '28:bot' },
    conversation: { id: `a:${person}`, conversationType: 'personal' },
  };
  // Answers in the HTTP response: no reply goes to the (unreachable) serviceUrl.
  if (expectReplies || kind !== 'invoke') activity['deliveryMode'] = 'expectReplies';
  if (kind === 'message') activity['text'] = text;
  if (kind === 'invoke') {
    activity['name'] = 'adaptiveCard/action';
    activity['value'] = { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' };
  }
  if (kind === 'conversationUpdate') activity['membersAdded'] = [{ id: `29:${person}` }];
  return activity;
});

const FIELDS = ['type', 'id', 'channelId', 'serviceUrl', 'locale', 'text', 'from', 'conversation', 'recipient', 'value', 'channelData', 'timestamp', 'name', 'deliveryMode', 'attachments', 'entities', 'membersAdded'];

/** An activity with some fields replaced by wild values or removed. */
const mutatedActivity = fc
  .tuple(baseActivity, fc.array(fc.tuple(fc.constantFrom(...FIELDS), fc.option(wildValue, { nil: undefined })), { minLength: 1, maxLength: 2 }))
  .map(([activity, mutations]) => {
    const out: Record<string, unknown> = { ...activity };
    for (const [field, value] of mutations) {
      if (value === undefined) delete out[field];
      else out[field] = value;
    }
    return out;
  });

const jsonBody = fc.oneof(
  { weight: 4, arbitrary: mutatedActivity.map((a) => JSON.stringify(a)) },
  { weight: 5, arbitrary: baseActivity.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
);

const rawBody = fc.oneof(
  { weight: 12, arbitrary: jsonBody.map((s) => ({ text: s, malformed: false })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ text: s, malformed: true })) },
  { weight: 1, arbitrary: jsonBody.map((s) => ({ text: s.slice(0, Math.max(1, Math.floor(s.length / 2))), malformed: true })) },
  { weight: 1, arbitrary: fc.integer({ min: 2000, max: 20_000 }).map((d) => ({ text: '{"a":' + '['.repeat(d) + ']'.repeat(d) + '}', malformed: true })) },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined,
      'application/x-www-form-urlencoded',
      'text/xml',
      'application/xml',
      'multipart/form-data; boundary=--x',
      'text/plain',
      'application/jsonx',
      'application/json; charset=utf-16',
      'application/*',
      '*/*',
      '',
    ),
  },
);

const encoding = fc.oneof(
  { weight: 8, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'identity') },
  { weight: 1, arbitrary: fc.constantFrom('gzip-garbage', 'compress', 'gzip, br', 'x-unknown', 'GZIP') },
);

const WELL_TYPED = new Set(['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON']);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.record({ contentType, encoding, raw: rawBody }).map(({ contentType, encoding, raw }) => {
  const plain = Buffer.from(raw.text, 'utf8');
  let body = plain;
  let encodingHeader = encoding;
  let badEncoding = false;
  switch (encoding) {
    case 'gzip':
    case 'GZIP':
      body = gzipSync(plain);
      break;
    case 'deflate':
      body = deflateSync(plain);
      break;
    case 'br':
      body = brotliCompressSync(plain);
      break;
    case 'gzip-garbage':
      encodingHeader = 'gzip';
      badEncoding = true;
      break;
    case undefined:
    case 'identity':
      break;
    default:
      badEncoding = true;
  }
  const malformed = raw.malformed || badEncoding || contentType === undefined || !WELL_TYPED.has(contentType);
  return { contentType, encoding: encodingHeader, body, malformed };
});

export interface FuzzAnswer {
  status: number;
  text: string;
}

/** Sends one fuzz request with exactly its headers. */
export function sendFuzz(baseUrl: string, r: FuzzRequest): Promise<FuzzAnswer> {
  const url = new URL(`${baseUrl}/api/messages`);
  const headers: Record<string, string> = { 'content-length': String(r.body.length) };
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  if (r.encoding !== undefined) headers['content-encoding'] = r.encoding;
  return new Promise<FuzzAnswer>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** The status an invoke's body reports (Universal Actions answer HTTP 200 with `statusCode` inside). */
export function innerStatus(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { statusCode?: unknown };
    return typeof body.statusCode === 'number' ? body.statusCode : undefined;
  } catch {
    return undefined;
  }
}
