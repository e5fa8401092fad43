/**
 * When PostgreSQL goes away: a failover (the server ends the pool's connections) is survived by
 * the next transaction; while the database is unreachable, transactions fail with
 * StoreUnavailableError and `ping` throws (so /readyz fails), nothing half-written remains; when
 * it is back, the same store works again without a restart.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StoreUnavailableError } from '../../../src/store/store-unavailable.js';
import { findPostgres, pgQuery } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';
import { startTcpProxy, type TcpProxy } from '../../fakes/tcp-proxy.js';
import { booking, request } from '../store-fixtures.js';

const url = await findPostgres();

describe('postgres adapter: failover and an unreachable database', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(60_000);
  const db = pgSchemas(url);
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  /** The connection string through a new proxy (same user and database). */
  async function viaProxy(): Promise<string> {
    const target = new URL(url!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const through = new URL(url!);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    return through.toString();
  }

  it('when the server terminates every connection of the pool (failover), then the next transactions work', async () => {
    const app = `failover-${randomUUID().slice(0, 8)}`;
    const withName = new URL(url);
    withName.searchParams.set('application_name', app);
    const errors: Error[] = [];
    const store = await db.open({ connectionString: withName.toString(), onConnectionError: (e) => errors.push(e) });
    // Several idle connections in the pool.
    await Promise.all([1, 2, 3, 4].map((i) => store.transact((tx) => tx.putRequest(request(`before${i}`)))));
    const killed = await pgQuery<{ ok: boolean }>(
      url,
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
      [app],
    );
    assert.ok(killed.length >= 1, 'the pool had connections to end');
    for (let i = 0; i < 6; i++) await store.transact((tx) => tx.putRequest(request(`after${i}`)));
    assert.equal((await store.read((r) => r.listRequestsOfPerson('p1'))).length, 10);
    await store.ping();
  });

  it('when the database is unreachable, then transactions fail as unavailable, ping throws, and both work again after it is back', async () => {
    const store = await db.open({ connectionString: await viaProxy() });
    await store.transact((tx) => tx.putRequest(request('r1')));
    proxy!.cut();
    await assert.rejects(store.ping());
    await assert.rejects(
      store.transact((tx) => tx.putRequest(request('r2'))),
      (e: unknown) => e instanceof StoreUnavailableError && e.code === 'STORE_UNAVAILABLE' && !e.outcomeUnknown,
    );
    await assert.rejects(store.read((r) => r.getRequest('r1')), StoreUnavailableError);
    proxy!.restore();
    await store.ping();
    await store.transact((tx) => tx.putRequest(request('r3')));
    assert.deepEqual((await store.read((r) => r.listRequestsOfPerson('p1'))).map((r) => r.id).sort(), ['r1', 'r3']);
  });

  it('when the connection breaks in the middle of a transaction, then nothing of it is written and it runs again on a new connection', async () => {
    const store = await db.open({ connectionString: await viaProxy() });
    let runs = 0;
    await store.transact(async (tx) => {
      runs++;
      await tx.putRequest(request(`half-${runs}`));
      await tx.putBooking(booking(`b-${runs}`));
      if (runs === 1) {
        proxy!.cut(); // this connection breaks; a new one can be made at once (a quick failover)
        proxy!.restore();
      }
      await tx.nextSequence('s');
    });
    // The first run's connection broke before COMMIT; it was re-run from the start.
    assert.ok(runs >= 2);
    await store.read(async (r) => {
      assert.equal(await r.getRequest('half-1'), undefined, 'nothing of the broken run');
      assert.equal(await r.getBooking('b-1'), undefined);
      assert.equal((await r.getRequest(`half-${runs}`))?.id, `half-${runs}`);
    });
    assert.equal(await store.transact((tx) => tx.nextSequence('s')), 2);
    assert.ok(store.stats.reconnects >= 1);
  });

  it('when the database stays down during a transaction, then it fails as unavailable and nothing is half-written', async () => {
    const store = await db.open({ connectionString: await viaProxy() });
    await assert.rejects(
      store.transact(async (tx) => {
        await tx.putRequest(request('lost'));
        proxy!.cut();
        await tx.putBooking(booking('lost-b'));
      }),
      StoreUnavailableError,
    );
    proxy!.restore();
    await store.read(async (r) => {
      assert.equal(await r.getRequest('lost'), undefined);
      assert.equal(await r.getBooking('lost-b'), undefined);
    });
  });
});
