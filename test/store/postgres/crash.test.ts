/**
 * kill -9 on PostgreSQL (as for lowdb in test/store/lowdb-store.test.ts): two writer processes
 * (two instances) on one schema are killed while writing, three times; every transaction a
 * writer acknowledged is there afterwards, whole (request, job, booking), and the sequence
 * counted each acknowledged transaction at most once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { findPostgres, pgQuery } from '../../support/postgres.js';
import { pgSchemas } from '../../support/pg-schemas.js';

const url = await findPostgres();

/** Starts a writer child, SIGKILLs it after `after` acknowledged writes, returns their ids. */
async function runWriterAndKill(connectionString: string, schema: string, prefix: string, after: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/pg-writer.ts', connectionString, schema, prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acked: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('w-')) acked.push(line);
    if (acked.length >= after && !child.killed) child.kill('SIGKILL');
  });
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  assert.equal(signal, 'SIGKILL', `writer ended by itself: ${stderr}`);
  return acked;
}

describe('postgres adapter: kill -9', function () {
  if (!url) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(120_000);
  const db = pgSchemas(url);

  it('when two writer processes are killed with -9 while writing (3 rounds), then no acknowledged transaction is lost or half there', async () => {
    const store = await db.open();
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) {
      const counts = [0, 1].map(() => 20 + Math.floor(Math.random() * 40));
      const ids = await Promise.all(counts.map((n, w) => runWriterAndKill(url, db.schema, `${round}${w}`, n)));
      acked.push(...ids.flat());
      const missing = await store.read(async (r) => {
        const lost: string[] = [];
        for (const id of acked) {
          const [req, booking, jobs] = [await r.getRequest(id), await r.getBooking(`b-${id}`), await r.listJobs({ type: 'teams.send' })];
          if (!req || !booking || !jobs.some((j) => (j.payload as { id: string }).id === id)) lost.push(id);
        }
        return lost;
      });
      assert.deepEqual(missing, [], `round ${round}: acknowledged but lost`);
    }
    // Whole transactions only: every stored request has its booking and its job (none half-written by a kill).
    const orphans = await pgQuery<{ id: string }>(
      url,
      `SELECT r.id FROM ${db.schema}.requests r
        WHERE NOT EXISTS (SELECT 1 FROM ${db.schema}.bookings b WHERE b.id = 'b-' || r.id)
           OR NOT EXISTS (SELECT 1 FROM ${db.schema}.outbox_jobs j WHERE j.dedupe_key = r.id)`,
    );
    assert.deepEqual(orphans, []);
    const [{ n, seq }] = await pgQuery<{ n: string; seq: string }>(
      url,
      `SELECT (SELECT count(*) FROM ${db.schema}.requests) AS n, (SELECT value FROM ${db.schema}.sequences WHERE name = 'writer') AS seq`,
    ) as [{ n: string; seq: string }];
    assert.equal(Number(seq), Number(n), 'the sequence moved once per committed transaction');
    assert.ok(Number(n) >= acked.length);
  });
});
