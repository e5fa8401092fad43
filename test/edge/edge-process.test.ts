/**
 * The edge holds, against the real process (`npm start`'s entry point in local mode): no body of
 * any encoding, content type, size or shape ends the process or yields a 5xx; each gets a short
 * JSON 4xx naming the problem, never library text, never a stack on stderr; a reply address that
 * never answers does not hold the request; a flood from one person is slowed down for that person
 * (429 + Retry-After, a friendly line) while /healthz keeps answering; beyond the server's work
 * limit requests are refused at once with 503 + Retry-After.
 */
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { storeFingerprint } from '../support/store-fingerprint.js';
import { ANNA, cleanUp, slowPost, STACK_FRAME, startBot, teamsMessage, tempDir, type BotProcess } from '../process/bot-process.js';
import { PROCESS_TEST_TIMEOUT_MS } from '../process/bot-process.js';

interface Raw {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

/** A POST with exact bytes and headers (fetch would add or fix headers). */
function rawPost(baseUrl: string, body: Buffer | string, headers: Record<string, string>): Promise<Raw> {
  const url = new URL(`${baseUrl}/api/messages`);
  return new Promise<Raw>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const message = (extra: Record<string, unknown> = {}) => ({ ...teamsMessage('hilfe'), ...extra });

describe('the edge of the running bot (process, local mode)', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS);
  let bot: BotProcess;
  let baseUrl: string;
  let dataDir: string;

  before(async () => {
    dataDir = await tempDir();
    ({ bot, baseUrl } = await startBot({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }));
  });
  after(cleanUp);

  const alive = async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    assert.equal(res.status, 200, 'the process still answers');
    assert.equal(bot.child.exitCode, null);
  };
  const assertJsonError = (res: Raw, status: number, code?: string) => {
    assert.equal(res.status, status, res.text);
    const body = JSON.parse(res.text) as { error: { code: string; message: string } };
    if (code) assert.equal(body.error.code, code);
    assert.ok(body.error.message.length < 200);
    assert.doesNotMatch(res.text, /at .+:\d+:\d+|zlib|incorrect header|restify|botbuilder/i);
  };

  it('when the local mode starts, then it listens on 127.0.0.1 only and says so', () => {
    const started = bot.logs().find((l) => l.event === 'started');
    assert.equal(started?.['host'], '127.0.0.1');
    assert.match(String(started?.['note']), /127\.0\.0\.1 only/);
    assert.match(String(started?.['url']), /^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
  });

  const encodings: Array<[string, Record<string, string>, Buffer | string, number, string]> = [
    ['gzip that is not gzip', { 'content-encoding': 'gzip' }, 'this is not gzip', 400, 'BadRequest'],
    ['gzip cut off in the middle', { 'content-encoding': 'gzip' }, gzipSync(json(message())).subarray(0, 30), 400, 'BadRequest'],
    ['deflate that is not deflate', { 'content-encoding': 'deflate' }, 'garbage', 400, 'BadRequest'],
    ['br that is not br', { 'content-encoding': 'br' }, Buffer.from([1, 2, 3, 4, 5, 6, 7]), 400, 'BadRequest'],
    ['an unknown encoding', { 'content-encoding': 'compress' }, json(message()), 415, 'UnsupportedMediaType'],
    ['two encodings', { 'content-encoding': 'gzip, gzip' }, gzipSync(gzipSync(json(message()))), 415, 'UnsupportedMediaType'],
    ['a gzip bomb (64 MiB of zeros)', { 'content-encoding': 'gzip' }, gzipSync(Buffer.alloc(64 * 1024 * 1024)), 413, 'PayloadTooLarge'],
  ];
  for (const [what, headers, body, status, code] of encodings) {
    it(`when the body is ${what}, then ${status} and the process lives`, async () => {
      const res = await rawPost(baseUrl, body, { 'content-type': 'application/json', ...headers });
      assertJsonError(res, status, code);
      await alive();
    });
  }

  it('when the body is properly gzip, deflate or br encoded, then the turn runs', async () => {
    for (const [encoding, encode] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
      const res = await rawPost(baseUrl, encode(json(message())), { 'content-type': 'application/json', 'content-encoding': encoding });
      assert.equal(res.status, 200, `${encoding}: ${res.text}`);
      assert.equal((JSON.parse(res.text) as { activities: unknown[] }).activities.length, 1);
    }
  });

  const contentTypes = [
    'application/x-www-form-urlencoded',
    'application/xml',
    'text/xml',
    'multipart/form-data; boundary=x',
    'text/plain',
    'application/jsonx',
    'application/json; charset=latin1',
    'application/octet-stream',
  ];
  for (const type of contentTypes) {
    it(`when the content type is ${type}, then 415`, async () => {
      const res = await rawPost(baseUrl, type.startsWith('multipart') ? '--x\r\n\r\nhallo\r\n--x--' : 'a=1&type=message', { 'content-type': type });
      assertJsonError(res, 415, 'UnsupportedMediaType');
    });
  }

  it('when there is no content type, then 415', async () => {
    const res = await rawPost(baseUrl, json(message()), {});
    assertJsonError(res, 415, 'UnsupportedMediaType');
  });

  const shapes: Array<[string, unknown, string, string?]> = [
    ['a JSON array', [message()], 'BadRequest'],
    ['JSON null', null, 'BadRequest'],
    ['a JSON string', 'message', 'BadRequest'],
    ['a numeric activity type', message({ type: 42 }), 'InvalidActivity', 'type'],
    ['an object as activity type', message({ type: { toString: 'x' } }), 'InvalidActivity', 'type'],
    ['a numeric serviceUrl', message({ serviceUrl: 12345 }), 'InvalidActivity', 'serviceUrl'],
    ['a serviceUrl that is no URL', message({ serviceUrl: 'javascript:alert(1)' }), 'InvalidActivity', 'serviceUrl'],
    ['a numeric locale', message({ locale: 7 }), 'InvalidActivity', 'locale'],
    ['no conversation', message({ conversation: undefined }), 'InvalidActivity', 'conversation'],
    ['no sender', message({ from: undefined }), 'InvalidActivity', 'from'],
    ['a sender without id', message({ from: { aadObjectId: ANNA } }), 'InvalidActivity', 'from.id'],
    ['a timestamp that is no date', message({ timestamp: 'yesterday-ish' }), 'InvalidActivity', 'timestamp'],
    ['text as an object', message({ text: { $gt: '' } }), 'InvalidActivity', 'text'],
    ['a value nested 10,000 levels deep', Buffer.from(JSON.stringify(message()).replace(/}$/, `,"value":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)), 'TooDeeplyNested'],
  ];
  for (const [what, body, code, field] of shapes) {
    it(`when the body is ${what}, then 400${field ? ` naming ${field}` : ''}`, async () => {
      const res = await rawPost(baseUrl, Buffer.isBuffer(body) ? body : json(body), { 'content-type': 'application/json' });
      assertJsonError(res, 400, code);
      if (field) assert.match(res.text, new RegExp(`\\b${field.replace('.', '\\.')}\\b`));
    });
  }

  it('when a chunked body grows past 1 MiB, then 413 without reading the rest', async () => {
    const url = new URL(`${baseUrl}/api/messages`);
    const res = await new Promise<Raw>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' } }, (r) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, text }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 40 && req.write(chunk)) sent++;
        if (sent < 40) req.once('drain', pump);
        else req.end();
      };
      req.write('{"type":"message","text":"');
      pump();
    }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    if (res instanceof Error) {
      assert.match(res.message, /EPIPE|ECONNRESET|socket hang up/, 'the server may close the connection after its 413');
    } else {
      assertJsonError(res, 413, 'PayloadTooLarge');
    }
    await alive();
  });

  it('when a client goes away in the middle of its body, then nothing breaks', async () => {
    const url = new URL(`${baseUrl}/api/messages`);
    await new Promise<void>((resolve) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '5000' } });
      req.on('error', () => resolve());
      req.write('{"type":"mess', () => {
        req.destroy();
        resolve();
      });
    });
    await alive();
  });

  describe('a reply address that never answers', () => {
    let blackHole: Server;
    let holeUrl: string;
    const held: IncomingMessage[] = [];
    before(async () => {
      blackHole = createServer((req) => held.push(req)); // accepts, never answers
      await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
      holeUrl = `http://127.0.0.1:${(blackHole.address() as { port: number }).port}/`;
    });
    after(async () => {
      blackHole.closeAllConnections();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });

    it('when a message without expectReplies names it, then the request is answered 200 anyway', async () => {
      // Someone the flood test above did not slow down.
      const plain: Record<string, unknown> = { ...teamsMessage('hilfe', '00000000-0000-0000-0000-000000000001'), serviceUrl: holeUrl };
      delete plain['deliveryMode'];
      const res = await rawPost(baseUrl, json(plain), { 'content-type': 'application/json' });
      assert.equal(res.status, 200);
      // The reply is still hanging at the black hole (or on its way there): the answer did not wait for it.
      await waitUntil(() => held.length >= 1);
    });
  });

  it('when an invoke is refused (unknown verb), then the sender is not remembered and nothing is stored', async () => {
    const stranger = '00000000-0000-0000-0000-00000000abcd';
    const before = await storeFingerprint(dataDir);
    const invoke = {
      ...teamsMessage('', stranger),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'homeOffice.doesNotExist', data: {} } },
    };
    delete (invoke as { deliveryMode?: string }).deliveryMode;
    delete (invoke as { text?: string }).text;
    const res = await rawPost(baseUrl, json(invoke), { 'content-type': 'application/json' });
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.text) as { statusCode: number }).statusCode, 400);
    const tampered = { ...invoke, value: { action: { type: 'Action.Execute', verb: 'homeOffice.approve', data: { requestId: 'not-mine' } } } };
    const res2 = await rawPost(baseUrl, json(tampered), { 'content-type': 'application/json' });
    assert.ok(res2.status < 500);
    assert.equal(await storeFingerprint(dataDir), before, 'no conversation reference, no record');
  });

  it('when one person floods the bot, then they get 429 with Retry-After and a friendly line, and /healthz keeps answering', async () => {
    const flood = Array.from({ length: 80 }, () => rawPost(baseUrl, json(message()), { 'content-type': 'application/json' }));
    const health = await fetch(`${baseUrl}/healthz`);
    assert.equal(health.status, 200);
    const results = await Promise.all(flood);
    const limited = results.filter((r) => r.status === 429);
    assert.ok(limited.length >= 40, `most of the burst beyond 20 is refused (got ${limited.length} of 80)`);
    assert.ok(results.every((r) => r.status === 200 || r.status === 429), results.map((r) => r.status).join(','));
    for (const r of limited) {
      assert.match(String(r.headers['retry-after']), /^\d+$/);
      const body = JSON.parse(r.text) as { activities: Array<{ text?: string }> };
      assert.match(body.activities[0]?.text ?? '', /sehr viele Anfragen/);
    }
    const other = await rawPost(baseUrl, json(teamsMessage('hilfe', '00000000-0000-0000-0000-000000000004')), { 'content-type': 'application/json' });
    assert.equal(other.status, 200, 'another person is not slowed down');
  });

  it('stderr holds no stack trace after all of this', () => {
    assert.doesNotMatch(bot.stderr(), STACK_FRAME);
    assert.ok(!bot.logs().some((l) => l.event === 'fatal'));
  });
});

describe('the edge under more work than it takes (process)', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS);
  after(cleanUp);

  it('when every place is taken, then the next request is refused at once with 503 and Retry-After, and /healthz answers', async () => {
    const { baseUrl } = await startBot({ DATA_DIR: await tempDir(), MAX_CONCURRENT_TURNS: '1', MAX_QUEUED_TURNS: '0' });
    const holding = slowPost(`${baseUrl}/api/messages`, teamsMessage('hilfe'));
    // The slow request holds the only place once the server has its headers: wait until a probe is refused.
    let refused: Raw | undefined;
    for (let i = 0; i < 200 && !refused; i++) {
      const probe = await rawPost(baseUrl, json(teamsMessage('hilfe', '00000000-0000-0000-0000-000000000004')), { 'content-type': 'application/json' });
      if (probe.status === 503) refused = probe;
      else await new Promise((r) => setImmediate(r));
    }
    assert.ok(refused, 'a request beyond the limit is refused');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal((JSON.parse(refused.text) as { error: { code: string } }).error.code, 'Busy');
    assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
    holding.sendRest();
    assert.equal((await holding.response).status, 200);
  });
});

async function waitUntil(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 10));
}
