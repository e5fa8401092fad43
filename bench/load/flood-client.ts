/**
 * Load generator for bench/edge-flood.ts, in its own process: sends `rate` requests per second for
 * `seconds` seconds to `url` (POST /api/messages), all from one person, over up to `connections`
 * keep-alive connections, never waiting for answers to send the next. Prints one JSON line: the
 * answers by status and how many were sent.
 *
 *   node --import tsx bench/load/flood-client.ts <url> [rate=2000] [seconds=10] [connections=256]
 */
import { Agent, request } from 'node:http';

const url = new URL(process.argv[2] ?? 'http://127.0.0.1:3978/api/messages');
const RATE = Number(process.argv[3] ?? 2000);
const SECONDS = Number(process.argv[4] ?? 10);
const CONNECTIONS = Number(process.argv[5] ?? 256);
const PERSON = '00000000-0000-0000-0000-000000000003';

const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
const body = Buffer.from(
  JSON.stringify({
    type: 'message',
    text: 'meine woche',
    deliveryMode: 'expectReplies',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale: 'de-DE',
    from: { id: `29:${PERSON}`, aadObjectId: PERSON },
    recipient: { id: '28:bot' },
    conversation: { id: `a:${PERSON}`, conversationType: 'personal' },
  }),
);

const statuses: Record<string, number> = {};
let sent = 0;
let open = 0;
const started = Date.now();

function fire(): void {
  sent++;
  open++;
  const req = request(
    { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } },
    (res) => {
      res.resume();
      res.on('end', () => {
        statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
        open--;
      });
    },
  );
  req.on('error', (err: NodeJS.ErrnoException) => {
    statuses[err.code ?? 'error'] = (statuses[err.code ?? 'error'] ?? 0) + 1;
    open--;
  });
  req.end(body);
}

const tick = setInterval(() => {
  const due = Math.floor(((Date.now() - started) / 1000) * RATE);
  while (sent < due) fire();
  if (Date.now() - started >= SECONDS * 1000) {
    clearInterval(tick);
    const waitStarted = Date.now();
    const done = setInterval(() => {
      if (open === 0 || Date.now() - waitStarted > 30_000) {
        clearInterval(done);
        process.stdout.write(`${JSON.stringify({ sent, statuses, seconds: (Date.now() - started) / 1000 })}\n`);
        agent.destroy();
      }
    }, 50);
  }
}, 5);
