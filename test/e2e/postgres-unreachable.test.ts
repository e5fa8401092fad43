/**
 * The running bot on PostgreSQL when the database goes away (a TCP proxy in front of it is cut):
 * /readyz fails, a message and a card click are answered "bitte gleich noch einmal" (German and
 * English, no stack, no turn error), nothing is half-written, and when the database is back the
 * same process answers normally again — no restart.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.js';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

const pgUrl = await findPostgres();

describe('the bot on PostgreSQL while the database is unreachable', function () {
  if (!pgUrl) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(60_000);
  let schema: string;
  let proxy: TcpProxy;
  let h: Harness;

  beforeEach(async () => {
    schema = `unreach_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const target = new URL(pgUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const through = new URL(pgUrl);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const store = await openPostgresStore({ connectionString: through.toString(), schema, now: () => new Date('2026-11-25T09:00:00Z') });
    h = await startHarness({}, { store });
  });
  afterEach(async () => {
    proxy.restore();
    await h.close();
    await proxy.close();
    await pgQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const text = (activities: { text?: string; attachments?: unknown[] }[]): string => JSON.stringify(activities);

  it('when the database is cut, then /readyz fails and turns say "gleich noch einmal" in German and English; after it is back, all works again', async () => {
    assert.equal((await fetch(`${h.baseUrl}/readyz`)).status, 200);
    proxy.cut();
    assert.equal((await fetch(`${h.baseUrl}/readyz`)).status, 503);

    const de = text(await h.say(PEOPLE.employee, 'meine woche'));
    assert.match(de, /Bitte versuchen Sie es gleich noch einmal/);
    assert.doesNotMatch(de, /Error|stack|at /);
    const en = text(await h.say(PEOPLE.employee, 'my week', 'en-US'));
    assert.match(en, /Please try again in a moment/);
    const click = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-210-1', date: '2026-12-03', slot: 'day' });
    assert.equal((click.value as { code?: string }).code, 'STORE_UNAVAILABLE');
    assert.match(JSON.stringify(click.value), /gleich noch einmal/);

    proxy.restore();
    assert.equal((await fetch(`${h.baseUrl}/readyz`)).status, 200);
    assert.equal(await h.app.store.read((r) => r.listBookingsOnDate('2026-12-03')).then((x) => x.length), 0, 'nothing half-written');
    const ok = await h.click(PEOPLE.employee, 'desk.book', { deskId: 'A-2-210-1', date: '2026-12-03', slot: 'day' });
    assert.equal(ok.statusCode, 200);
    assert.match(JSON.stringify(ok.value), /Ihr Platz ist gebucht/);
  });
});
