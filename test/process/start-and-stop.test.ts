/**
 * The bot as a process, the way `npm start` runs it: start on the embedded defaults, answer Teams,
 * stop gracefully on SIGTERM without losing data, and die loudly but cleanly on a bug.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { loadConfig } from '../../src/config/config.js';
import { startApp, type RunningApp } from '../../src/composition.js';
import { isPublicHoliday } from '../../src/domain/holidays.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import {
  cardsIn,
  cleanUp,
  getJson,
  PROCESS_TEST_TIMEOUT_MS,
  postJson,
  slowPost,
  STACK_FRAME,
  startBot,
  spawnBot,
  teamsMessage,
  tempDir,
} from './bot-process.js';

/**
 * "homeoffice am D.M." for a Wednesday or Thursday 10–20 days ahead that is no public holiday in
 * Bavaria (the default policy's state): past the lead time, inside the planning horizon, not the
 * Tuesday team day, so the request is stored as pending whatever the date of the run.
 */
function requestableDayText(now = new Date()): { text: string; isoDate: string } {
  for (let ahead = 10; ahead <= 40; ahead++) {
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + ahead));
    const iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if ((weekday === 3 || weekday === 4) && !isPublicHoliday('BY', iso)) {
      return { text: `homeoffice am ${day.getUTCDate()}.${day.getUTCMonth() + 1}.`, isoDate: iso };
    }
  }
  throw new Error('no requestable day found');
}

function textOf(node: unknown): string {
  return JSON.stringify(node);
}

describe('the bot process (npm start)', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS);

  afterEach(cleanUp);

  describe('started with no configuration', () => {
    it('warns about local mode, logs started as JSON, answers the probes and a Teams message with a card', async () => {
      const { bot, baseUrl } = await startBot({ DATA_DIR: await tempDir() });

      const logs = bot.logs();
      const localMode = logs.find((l) => l.event === 'local_mode');
      assert.equal(localMode?.level, 'warn');
      assert.equal(logs.find((l) => l.event === 'vpn_reports_unrouted')?.level, 'warn', 'says VPN tickets reach no service desk');
      const started = logs.find((l) => l.event === 'started');
      assert.equal(started?.['localMode'], true);
      assert.equal(started?.['store'], 'lowdb');

      assert.deepEqual(await getJson(`${baseUrl}/healthz`), { status: 200, body: { status: 'ok' } });
      assert.equal((await getJson(`${baseUrl}/readyz`)).status, 200);

      const res = await postJson(`${baseUrl}/api/messages`, teamsMessage('hilfe'));
      assert.equal(res.status, 200);
      const activities = (res.body as { activities?: Array<{ type?: string }> }).activities;
      assert.ok(Array.isArray(activities) && activities.length > 0, `no activities in ${textOf(res.body)}`);
      assert.equal(activities[0]?.type, 'message');
      const [card] = cardsIn(res.body);
      assert.equal(card?.['type'], 'AdaptiveCard');
    });
  });

  describe('SIGTERM', () => {
    it('lets the request in flight finish, exits 0 within the grace time, and keeps its data for the next start', async () => {
      const dataDir = await tempDir();
      const graceMs = 30_000; // far more than the turn needs, so "stopped before the grace ran out" means it did not wait for it
      const first = await startBot({ DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: String(graceMs) });
      const day = requestableDayText();

      // The request is in flight (headers and part of the body received) when SIGTERM arrives.
      const inFlight = slowPost(`${first.baseUrl}/api/messages`, teamsMessage(day.text));
      await inFlight.firstPartWritten;
      // A probe on a second connection, answered after the server has read the first one's bytes.
      assert.equal((await getJson(`${first.baseUrl}/healthz`)).status, 200);
      const signalledAt = Date.now();
      first.bot.child.kill('SIGTERM');
      await first.bot.waitForEvent('stopping');
      inFlight.sendRest();

      const answer = await inFlight.response;
      assert.equal(answer.status, 200, textOf(answer.body));
      const reply = textOf(cardsIn(answer.body));
      const number = /MA-\d{4}-\d{5}/.exec(reply)?.[0];
      assert.ok(number, `the answer names no request number: ${reply}`);

      const exit = await first.bot.exited(graceMs + 5000);
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.ok(Date.now() - signalledAt < graceMs, `took ${Date.now() - signalledAt} ms to stop`);
      const events = first.bot.logs().map((l) => l.event);
      assert.ok(events.includes('stopped'), `no "stopped" line: ${events.join(', ')}`);
      assert.ok(!events.includes('http_close_grace_exceeded'));

      // Same data directory, new process: the request written before the stop is there.
      const second = await startBot({ DATA_DIR: dataDir });
      const mine = await postJson(`${second.baseUrl}/api/messages`, teamsMessage('meine anträge'));
      assert.equal(mine.status, 200);
      assert.ok(textOf(cardsIn(mine.body)).includes(number), `"meine anträge" after restart lacks ${number}`);
      second.bot.child.kill('SIGTERM');
      assert.equal((await second.bot.exited()).code, 0);

      // And in the store files themselves.
      const store = await openLowdbStore({ dataDir });
      try {
        const requests = await store.read((r) => r.listRequestsOfPerson('00000000-0000-0000-0000-000000000003'));
        assert.deepEqual(requests.map((r) => [r.number, r.days.map((d) => d.date)]), [[number, [day.isoDate]]]);
      } finally {
        await store.close();
      }
    });
  });

  describe('unexpected errors', () => {
    let blocker: Server | undefined;
    afterEach(async () => {
      await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
      blocker = undefined;
    });

    it('a port already in use is named with the reason: PORT, exit 2, no stack anywhere', async () => {
      blocker = createServer();
      const port = await new Promise<number>((resolve) => {
        blocker?.listen(0, () => {
          const address = blocker?.address();
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      });
      const bot = spawnBot({ PORT: String(port), DATA_DIR: await tempDir() });
      const exit = await bot.exited();

      assert.equal(exit.code, 2, bot.stderr());
      assert.match(bot.stderr(), new RegExp(`^PORT: port ${port}\\b.* is already in use by another process`, 'm'));
      const failed = bot.logs().find((l) => l.event === 'start_failed');
      assert.equal(failed?.['errorCode'], 'EADDRINUSE');
      assert.equal(failed?.['variable'], 'PORT');
      assert.doesNotMatch(bot.stdout(), STACK_FRAME);
      assert.doesNotMatch(bot.stderr(), STACK_FRAME);
      assert.ok(!bot.logs().some((l) => l.event === 'started'));
    });

    for (const fault of ['rejection', 'exception'] as const) {
      const kind = fault === 'rejection' ? 'unhandledRejection' : 'uncaughtException';
      it(`an ${kind} is logged as JSON, then the bot stops gracefully and exits non-zero`, async () => {
        const { bot, baseUrl } = await startBot({ DATA_DIR: await tempDir(), INJECT_FAULT: fault }, ['./test/process/fixtures/inject-fault.ts']);
        assert.equal((await getJson(`${baseUrl}/healthz`)).status, 200);

        bot.child.kill('SIGUSR2');
        const exit = await bot.exited();

        assert.equal(exit.code, 1);
        assert.equal(exit.signal, null);
        const fatal = bot.logs().find((l) => l.event === 'fatal');
        assert.equal(fatal?.level, 'error');
        assert.equal(fatal?.['kind'], kind);
        assert.equal(fatal?.['errorMessage'], `injected ${fault}`);
        assert.doesNotMatch(bot.stdout(), STACK_FRAME);
        const events = bot.logs().map((l) => l.event);
        assert.ok(events.indexOf('stopped') > events.indexOf('fatal'), `no graceful stop after the fault: ${events.join(', ')}`);
      });
    }
  });
});

describe('readiness (in-process)', () => {
  let app: RunningApp | undefined;
  let real: Store | undefined;

  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await real?.close().catch(() => undefined);
    real = undefined;
    await cleanUp();
  });

  it('/readyz answers 503 while the store cannot be reached and 200 again when it can', async () => {
    const dataDir = await tempDir();
    real = await openLowdbStore({ dataDir });
    const base = real;
    let reachable = true;
    const store: Store = {
      transact: (fn) => base.transact(fn),
      read: (fn) => base.read(fn),
      claimDueJobs: (now, lockUntil, limit) => base.claimDueJobs(now, lockUntil, limit),
      completeJob: (id, doneAt, result) => base.completeJob(id, doneAt, result),
      failJob: (id, error, nextDueAt, dead) => base.failJob(id, error, nextDueAt, dead),
      nextDueAt: () => base.nextDueAt(),
      ping: () => (reachable ? base.ping() : Promise.reject(new Error('store unreachable'))),
      close: () => base.close(),
    };
    const logger = createMemoryLogger();
    app = await startApp(loadConfig({ PORT: '0', DATA_DIR: dataDir }), logger, { store, manualWorker: true });
    const url = `http://127.0.0.1:${app.port}/readyz`;

    assert.equal((await getJson(url)).status, 200);
    reachable = false;
    assert.deepEqual(await getJson(url), { status: 503, body: { status: 'unavailable' } });
    assert.ok(logger.lines.some((l) => l['event'] === 'not_ready'));
    assert.equal((await getJson(`http://127.0.0.1:${app.port}/healthz`)).status, 200, 'the process itself is still up');
    reachable = true;
    assert.equal((await getJson(url)).status, 200);
  });
});
