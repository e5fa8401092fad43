/**
 * Turn throughput: a desk-booking turn of this bot vs a bare botbuilder echo bot, on the same
 * machine, in the same run (target from DESIGN.md: at least half the echo bot's throughput).
 *
 *   node --import tsx bench/turn-throughput.ts [requests=2000] [concurrency=16] [rounds=3]
 *
 * Both servers are restify + CloudAdapter in local mode and are driven the same way: Teams-shaped
 * activities POSTed to /api/messages over loopback by `concurrency` parallel clients. The echo bot
 * answers a message with `expectReplies`; our bot answers an `adaptiveCard/action` invoke
 * `desk.book` (zod parsing, directory lookup, the desk rules, a store transaction with an fsync'd
 * journal line, two outbox jobs, card rendering). People, desks and dates rotate so the mix holds
 * successful bookings and refusals ("taken", "already booked"), as in real use. Rounds alternate
 * echo and bot; the median round is reported. Not part of `npm test`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';
import { ManualClock } from '../src/app/clock.js';
import { startApp } from '../src/composition.js';
import { loadConfig } from '../src/config/config.js';
import { parseDirectory } from '../src/directory/file-directory.js';
import { loadInventoryFile } from '../src/desks/load-inventory.js';
import { addDays } from '../src/domain/dates.js';
import { createLogger } from '../src/observability/logger.js';
import { reportResult } from './lib/result.js';

const REQUESTS = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 16);
const ROUNDS = Number(process.argv[4] ?? 3);
const PEOPLE = 400;

function directoryYaml(): string {
  // The org units and the one assigned desk's owner of samples/desks.yaml must exist (start-up check).
  const lines = ['orgUnits:', '  - id: lra', '    name: Landratsamt'];
  for (const unit of ['fb-2', 'sg-21', 'buergerbuero', 'it-service']) lines.push(`  - id: ${unit}`, `    name: ${unit}`, '    parent: lra');
  lines.push('people:');
  for (const id of ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000011']) {
    lines.push(`  - id: ${id}`, '    name: Leitung', '    orgUnit: lra', '    weeklyHours: 40', '    startDate: 2010-01-01');
  }
  for (let i = 0; i < PEOPLE; i++) {
    lines.push(
      `  - id: 10000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      `    name: Person ${i}`,
      '    orgUnit: sg-21',
      '    manager: 00000000-0000-0000-0000-000000000001',
      '    weeklyHours: 40',
      '    startDate: 2015-01-01',
    );
  }
  return lines.join('\n') + '\n';
}

async function startEcho(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text ?? ''}`));
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}/api/messages`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends `n` requests with `concurrency` parallel clients; returns requests per second. */
async function drive(url: string, n: number, body: (i: number) => unknown, check: (status: number, text: string) => void): Promise<number> {
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(i)) });
      check(res.status, await res.text());
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return n / ((performance.now() - started) / 1000);
}

const base = (userId: string) => ({
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  locale: 'de-DE',
  from: { id: `29:${userId}`, aadObjectId: userId },
  recipient: { id: '28:bot' },
  conversation: { id: `a:${userId}`, conversationType: 'personal' },
});

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-turns-'));
  const inventory = await loadInventoryFile('samples/desks.yaml');
  const desks = inventory.desks.filter((d) => d.status === 'bookable' && d.reservedFor.length === 0 && !d.attributes.includes('accessible'));
  const dates = Array.from({ length: 10 }, (_, i) => addDays('2026-11-30', i)).filter((d) => !['2026-12-05', '2026-12-06'].includes(d));
  const app = await startApp(
    loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error', POLICY_FILE: 'policies/muenster-like.yaml' }),
    createLogger('error'),
    { clock: new ManualClock(new Date('2026-11-25T09:00:00Z')), directory: parseDirectory(directoryYaml(), 'bench-directory.yaml'), manualWorker: true },
  );
  const botUrl = `http://127.0.0.1:${app.port}/api/messages`;
  const echo = await startEcho();

  let booked = 0;
  let refused = 0;
  const bookBody = (i: number) => ({
    ...base(`10000000-0000-0000-0000-${String(i % PEOPLE).padStart(12, '0')}`),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'desk.book',
        data: { deskId: desks[i % desks.length]!.id, date: dates[Math.floor(i / desks.length) % dates.length], slot: i % 3 === 0 ? 'morning' : 'day' },
      },
    },
  });
  const bookCheck = (status: number, text: string) => {
    if (status !== 200) throw new Error(`bot answered ${status}`);
    if (text.includes('desk.cancel')) booked++;
    else refused++;
  };
  const echoBody = (i: number) => ({ ...base(`echo-${i % PEOPLE}`), type: 'message', text: `hallo ${i}`, deliveryMode: 'expectReplies' });
  const echoCheck = (status: number) => {
    if (status !== 200) throw new Error(`echo answered ${status}`);
  };

  // Warm-up (JIT, template cache, connection pool).
  await drive(echo.url, 200, echoBody, echoCheck);
  await drive(botUrl, 200, bookBody, bookCheck);

  const echoRates: number[] = [];
  const botRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    echoRates.push(await drive(echo.url, REQUESTS, echoBody, echoCheck));
    botRates.push(await drive(botUrl, REQUESTS, (i) => bookBody(i + r * REQUESTS), bookCheck));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const echoRate = median(echoRates);
  const botRate = median(botRates);
  console.log(`requests per round: ${REQUESTS}, concurrency: ${CONCURRENCY}, rounds: ${ROUNDS}`);
  console.log(`bare echo bot:      ${echoRate.toFixed(0)} turns/s  (rounds: ${echoRates.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`desk booking turn:  ${botRate.toFixed(0)} turns/s  (rounds: ${botRates.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`booking turns: ${booked} booked, ${refused} refused`);
  console.log(`ratio booking/echo: ${(botRate / echoRate).toFixed(2)}  (target ≥ 0.50: ${botRate / echoRate >= 0.5 ? 'met' : 'NOT met'})`);
  reportResult({ name: 'desk-booking turns/s vs bare echo bot', figure: botRate, baseline: echoRate, unit: 'turns/s', target: { op: '>=', ratio: 0.5 } });

  await echo.close();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
