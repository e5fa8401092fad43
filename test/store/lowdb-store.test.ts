import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { runStoreContract, type OpenedStore } from './store-contract.js';
import { absence, booking, ids, request, settings, subscription } from './store-fixtures.js';
import { incident, recentReport, runVpnStoreContract, ticket, vpnDraft } from './vpn-contract.js';

const tempDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'lowdb-store-'));

const openTempStore = async (): Promise<OpenedStore> => {
  const dir = await tempDir();
  return {
    store: await openLowdbStore({ dataDir: dir }),
    reopen: () => openLowdbStore({ dataDir: dir }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};

runStoreContract('lowdb', openTempStore);
runVpnStoreContract('lowdb (VPN problem reports)', openTempStore);

describe('lowdb store: journal, compaction and crashes', function () {
  this.timeout(30_000);
  let dir: string;
  const open: Store[] = [];
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const openStore = async (dataDir: string, compactEvery?: number, now?: () => Date): Promise<Store> => {
    const s = await openLowdbStore({ dataDir, ...(compactEvery ? { compactEvery } : {}), ...(now ? { now } : {}) });
    open.push(s);
    return s;
  };
  const putMany = async (s: Store, prefix: string, n: number): Promise<void> => {
    for (let i = 0; i < n; i++) await s.transact((tx) => tx.putRequest(request(`${prefix}${i}`)));
  };

  it('journals one line per committed transaction and none for a read-only one', async () => {
    const s = await openStore(dir);
    await putMany(s, 'r', 3);
    await s.transact((tx) => tx.getRequest('r0'));
    const lines = (await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { seq: number }).seq), [1, 2, 3]);
  });

  it('replays the journal without a snapshot and ignores + truncates a torn last line', async () => {
    const s = await openStore(dir);
    await putMany(s, 'r', 4);
    const copy = await tempDir();
    try {
      await cp(dir, copy, { recursive: true }); // the state a crash would leave: journal only
      const journal = path.join(copy, 'journal.ndjson');
      const good = (await stat(journal)).size;
      await appendFile(journal, '{"seq":5,"requests":[{"id":"torn"');
      const reopened = await openStore(copy);
      assert.deepEqual(ids(await reopened.read((r) => r.listRequestsOfPerson('p1'))), ['r0', 'r1', 'r2', 'r3']);
      assert.equal((await stat(journal)).size, good, 'torn tail truncated');
      await reopened.transact((tx) => tx.putRequest(request('r4')));
      await reopened.close();
      const third = await openStore(copy);
      assert.equal((await third.read((r) => r.listRequestsOfPerson('p1'))).length, 5);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('refuses a journal corrupted in the middle', async () => {
    const s = await openStore(dir);
    await putMany(s, 'r', 2);
    const copy = await tempDir();
    try {
      await cp(dir, copy, { recursive: true });
      const journal = path.join(copy, 'journal.ndjson');
      const lines = (await readFile(journal, 'utf8')).split('\n');
      await writeFile(journal, ['{"seq":1,"requests":[', ...lines.slice(1)].join('\n'));
      await assert.rejects(openLowdbStore({ dataDir: copy }), /corrupt journal/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('compacts every N writes into the lowdb snapshot and still reopens to the same state', async () => {
    const s = await openStore(dir, 5);
    await putMany(s, 'r', 23);
    await s.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files.filter((f) => f.startsWith('journal')), ['journal.ndjson']);
    assert.equal((await stat(path.join(dir, 'journal.ndjson'))).size, 0, 'close compacts');
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as { lastSeq: number; requests: unknown[] };
    assert.equal(snapshot.lastSeq, 23);
    assert.equal(snapshot.requests.length, 23);
    const again = await openStore(dir, 5);
    assert.equal((await again.read((r) => r.listRequestsOfPerson('p1'))).length, 23);
  });

  it('recovers from a crash between snapshot and journal deletion (entries replayed once)', async () => {
    const s = await openStore(dir);
    await putMany(s, 'r', 3);
    await s.transact((tx) => tx.nextSequence('n'));
    const oldJournal = await readFile(path.join(dir, 'journal.ndjson'));
    await s.close(); // snapshot lastSeq = 4
    await writeFile(path.join(dir, 'journal.4.ndjson'), oldJournal); // as if never deleted
    const again = await openStore(dir);
    assert.equal((await again.read((r) => r.listRequestsOfPerson('p1'))).length, 3);
    assert.equal(await again.transact((tx) => tx.nextSequence('n')), 2);
    await again.close();
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('journal.')), ['journal.ndjson']);
  });

  it('prunes done jobs older than 7 days at compaction', async () => {
    let now = new Date('2026-03-01T00:00:00.000Z');
    const s = await openStore(dir, undefined, () => now);
    await s.transact(async (tx) => {
      await tx.enqueue({ id: 'old', type: 'a', payload: {} });
      await tx.enqueue({ id: 'recent', type: 'a', payload: {} });
      await tx.enqueue({ id: 'open', type: 'a', payload: {} });
    });
    await s.completeJob('old', '2026-03-01T00:00:00.000Z');
    await s.completeJob('recent', '2026-03-09T00:00:00.000Z');
    now = new Date('2026-03-10T00:00:00.000Z');
    await s.close();
    const again = await openStore(dir);
    assert.deepEqual(ids(await again.read((r) => r.listJobs())), ['open', 'recent']);
  });

  it('loads a snapshot and journal written before desk sharing (no bookings / settings keys)', async () => {
    const old = { format: 1, lastSeq: 1, savedAt: '2026-01-01T00:00:00.000Z', requests: [request('r0')], delegations: [], conversations: [], jobs: [], sequences: { s: 1 } };
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(old));
    await writeFile(path.join(dir, 'journal.ndjson'), `${JSON.stringify({ seq: 2, requests: [request('r1')] })}\n`);
    const s = await openStore(dir);
    await s.read(async (r) => {
      assert.deepEqual(ids(await r.listRequestsOfPerson('p1')), ['r0', 'r1']);
      assert.deepEqual(await r.listBookingsInRange('2000-01-01', '2099-12-31'), []);
      assert.equal(await r.getSettings('p1'), undefined);
    });
    await s.transact(async (tx) => {
      await tx.putBooking(booking('b1'));
      await tx.putSettings(settings('p1', { onSiteVisibility: 'hidden' }));
    });
    await s.close();
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as { bookings: unknown[]; settings: unknown[] };
    assert.equal(snapshot.bookings.length, 1);
    assert.equal(snapshot.settings.length, 1);
    const again = await openStore(dir);
    assert.equal((await again.read((r) => r.getBooking('b1')))?.version, 1);
    assert.equal((await again.read((r) => r.getSettings('p1')))?.onSiteVisibility, 'hidden');
  });

  it('replays bookings and settings from the journal (crash before any compaction)', async () => {
    const s = await openStore(dir);
    await s.transact((tx) => tx.putBooking(booking('b1', { slot: 'morning' })));
    await s.transact(async (tx) => {
      const b = await tx.getBooking('b1');
      assert.ok(b);
      await tx.putBooking({ ...b, status: 'checked-in', date: '2026-03-03' });
      await tx.putSettings(settings('p1', { needsAccessibleDesk: true }));
    });
    const copy = await tempDir();
    try {
      await cp(dir, copy, { recursive: true });
      const reopened = await openStore(copy);
      await reopened.read(async (r) => {
        assert.equal((await r.getBooking('b1'))?.version, 2);
        assert.deepEqual(await r.listBookingsOnDate('2026-03-02'), [], 'the date index follows the move');
        assert.deepEqual(ids(await r.listBookingsOnDate('2026-03-03')), ['b1']);
        assert.equal((await r.getSettings('p1'))?.needsAccessibleDesk, true);
      });
      await assert.rejects(reopened.transact((tx) => tx.putBooking(booking('b2', { date: '2026-03-03' }))), /already booked/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('loads a snapshot and journal written before the calendar sync (no absences / subscriptions keys)', async () => {
    const old = {
      format: 1,
      lastSeq: 1,
      savedAt: '2026-02-01T00:00:00.000Z',
      requests: [request('r0')],
      delegations: [],
      conversations: [],
      jobs: [],
      sequences: {},
      bookings: [booking('b0', { version: 1 })],
      settings: [],
    };
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(old));
    await writeFile(path.join(dir, 'journal.ndjson'), `${JSON.stringify({ seq: 2, bookings: [booking('b1', { date: '2026-03-03', version: 1 })] })}\n`);
    const s = await openStore(dir);
    await s.read(async (r) => {
      assert.deepEqual(ids(await r.listBookingsInRange('2026-03-01', '2026-03-31')), ['b0', 'b1']);
      assert.deepEqual(await r.listAbsencesOfPerson('p1', '2000-01-01', '2099-12-31'), []);
      assert.deepEqual(await r.listAbsencesOfEvent('p1', 'ev1'), []);
      assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
      assert.deepEqual(await r.listSubscriptionsExpiringBefore('2099-01-01T00:00:00.000Z'), []);
    });
    await s.transact(async (tx) => {
      await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
      await tx.putSubscription(subscription('s1'));
    });
    await s.close();
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as { absences: unknown[]; subscriptions: unknown[]; bookings: unknown[] };
    assert.equal(snapshot.absences.length, 1);
    assert.equal(snapshot.subscriptions.length, 1);
    assert.equal(snapshot.bookings.length, 2);
    const again = await openStore(dir);
    await again.read(async (r) => {
      assert.deepEqual(ids(await r.listAbsencesOfEvent('p1', 'ev1')), ['p1:2026-03-02:ev1']);
      assert.equal((await r.getSubscriptionOfPerson('p1'))?.id, 's1');
      assert.equal((await r.getRequest('r0'))?.id, 'r0');
    });
  });

  it('journals a subscription removal as its id and replays it (crash before any compaction)', async () => {
    const s = await openStore(dir);
    await s.transact(async (tx) => {
      await tx.putSubscription(subscription('s1', { personId: 'p1' }));
      await tx.putSubscription(subscription('s2', { personId: 'p2' }));
      await tx.putAbsence(absence('p1', '2026-03-02', 'ev1'));
    });
    await s.transact(async (tx) => {
      await tx.removeSubscription('s1');
      await tx.putAbsence({ ...absence('p1', '2026-03-02', 'ev1'), active: false });
      await tx.putAbsence(absence('p1', '2026-03-04', 'ev2'));
    });
    await s.transact((tx) => tx.removeSubscription('never-existed')); // nothing to journal
    const lines = (await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2, 'removing an unknown subscription writes no journal line');
    const second = JSON.parse(lines[1] ?? '{}') as { removedSubscriptions?: string[]; subscriptions?: unknown[]; absences?: unknown[] };
    assert.deepEqual(second.removedSubscriptions, ['s1']);
    assert.equal(second.subscriptions, undefined);
    assert.equal(second.absences?.length, 2);
    const copy = await tempDir();
    try {
      await cp(dir, copy, { recursive: true }); // journal only, as a kill -9 would leave it
      const reopened = await openStore(copy);
      await reopened.read(async (r) => {
        assert.equal(await r.getSubscription('s1'), undefined);
        assert.equal(await r.getSubscriptionOfPerson('p1'), undefined);
        assert.deepEqual(ids(await r.listSubscriptionsExpiringBefore('2099-01-01T00:00:00.000Z')), ['s2']);
        assert.deepEqual(
          (await r.listAbsencesOfPerson('p1', '2026-03-01', '2026-03-31')).map((a) => [a.date, a.active]),
          [
            ['2026-03-02', false],
            ['2026-03-04', true],
          ],
        );
      });
      await reopened.close(); // compaction: the removed subscription is not in the snapshot
      const snapshot = JSON.parse(await readFile(path.join(copy, 'store.json'), 'utf8')) as { subscriptions: { id: string }[]; absences: unknown[] };
      assert.deepEqual(ids(snapshot.subscriptions), ['s2']);
      assert.equal(snapshot.absences.length, 2);
      const third = await openStore(copy);
      assert.equal(await third.read((r) => r.getSubscription('s1')), undefined);
      assert.equal((await third.read((r) => r.getSubscription('s2')))?.personId, 'p2');
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('keeps a subscription removal across compactions with the journal rotated in between', async () => {
    const s = await openStore(dir, 3);
    await s.transact((tx) => tx.putSubscription(subscription('s1')));
    await s.transact((tx) => tx.putAbsence(absence('p1', '2026-03-02', 'ev1')));
    await s.transact((tx) => tx.removeSubscription('s1')); // third write: compaction starts
    await s.transact((tx) => tx.putSubscription(subscription('s2', { personId: 'p2' })));
    await s.close();
    const again = await openStore(dir, 3);
    await again.read(async (r) => {
      assert.equal(await r.getSubscription('s1'), undefined);
      assert.equal((await r.getSubscriptionOfPerson('p2'))?.id, 's2');
      assert.deepEqual(ids(await r.listAbsencesOfEvent('p1', 'ev1')), ['p1:2026-03-02:ev1']);
    });
  });

  it('loads a snapshot and journal written before the VPN problem reports (no VPN keys)', async () => {
    const old = {
      format: 1,
      lastSeq: 1,
      savedAt: '2026-02-01T00:00:00.000Z',
      requests: [request('r0')],
      delegations: [],
      conversations: [],
      jobs: [],
      sequences: { 'request-2026': 1 },
      bookings: [booking('b0', { version: 1 })],
      settings: [],
      absences: [absence('p1', '2026-03-02', 'ev1')],
      subscriptions: [subscription('s1')],
    };
    await writeFile(path.join(dir, 'store.json'), JSON.stringify(old));
    await writeFile(path.join(dir, 'journal.ndjson'), `${JSON.stringify({ seq: 2, requests: [request('r1')] })}\n`);
    const s = await openStore(dir);
    await s.read(async (r) => {
      assert.deepEqual(ids(await r.listRequestsOfPerson('p1')), ['r0', 'r1']);
      assert.equal((await r.getSubscription('s1'))?.personId, 'p1');
      assert.equal(await r.getTicket('t1'), undefined);
      assert.equal(await r.getTicketByNumber('VPN-2026-00001'), undefined);
      assert.deepEqual(await r.listUnresolvedTickets(), []);
      assert.deepEqual(await r.listOpenIncidents(), []);
      assert.deepEqual(await r.listIncidentsOfReporter('p1'), []);
      assert.equal(await r.getVpnDraft('d1'), undefined);
      assert.deepEqual(await r.getVpnRecentReports(), []);
      assert.deepEqual(await r.getHelpfulness(), {});
    });
    await s.transact(async (tx) => {
      await tx.putTicket(ticket('t1', 1));
      await tx.putIncident(incident('i1', { linkedReporterIds: ['p1'] }));
      await tx.putVpnDraft(vpnDraft('d1'));
      await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z')]);
      await tx.putHelpfulness({ kb: { shown: 1, helped: 1, escalated: 0 } });
    });
    await s.close();
    const snapshot = JSON.parse(await readFile(path.join(dir, 'store.json'), 'utf8')) as {
      tickets: unknown[];
      incidents: unknown[];
      vpnDrafts: unknown[];
      vpnRecentReports: unknown[];
      helpfulness: unknown;
      absences: unknown[];
    };
    assert.equal(snapshot.tickets.length, 1);
    assert.equal(snapshot.incidents.length, 1);
    assert.equal(snapshot.vpnDrafts.length, 1);
    assert.equal(snapshot.vpnRecentReports.length, 1);
    assert.deepEqual(snapshot.helpfulness, { kb: { shown: 1, helped: 1, escalated: 0 } });
    assert.equal(snapshot.absences.length, 1);
    const again = await openStore(dir);
    await again.read(async (r) => {
      assert.equal((await r.getTicketByNumber('VPN-2026-00001'))?.id, 't1');
      assert.deepEqual(ids(await r.listIncidentsOfReporter('p1')), ['i1']);
      assert.equal((await r.getVpnDraft('d1'))?.reporterId, 'p1');
      assert.equal((await r.getRequest('r0'))?.id, 'r0');
    });
  });

  it('journals VPN changes (whole outage window and counters) and replays them (crash before any compaction)', async () => {
    const s = await openStore(dir);
    await s.transact(async (tx) => {
      await tx.putTicket(ticket('t1', 1, { incidentId: 'i1' }));
      await tx.putIncident(incident('i1', { linkedReporterIds: ['p1'] }));
      await tx.putVpnRecentReports([recentReport('2026-03-02T08:00:00.000Z'), recentReport('2026-03-02T08:01:00.000Z')]);
      await tx.putHelpfulness({ kb: { shown: 1, helped: 0, escalated: 0 } });
    });
    await s.transact(async (tx) => {
      await tx.putTicket(ticket('t1', 5, { status: 'resolved' })); // new number, no incident
      await tx.putIncident(incident('i1', { status: 'resolved', linkedReporterIds: ['p2'] }));
      await tx.putVpnDraft(vpnDraft('d1'));
      await tx.putVpnRecentReports([recentReport('2026-03-02T09:00:00.000Z')]);
    });
    const lines = (await readFile(path.join(dir, 'journal.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2);
    const second = JSON.parse(lines[1] ?? '{}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(second).sort(), ['incidents', 'seq', 'tickets', 'vpnDrafts', 'vpnRecentReports']);
    const copy = await tempDir();
    try {
      await cp(dir, copy, { recursive: true }); // journal only, as a kill -9 would leave it
      const reopened = await openStore(copy);
      const check = (r: Store): Promise<void> =>
        r.read(async (x) => {
          assert.equal(await x.getTicketByNumber('VPN-2026-00001'), undefined, 'the number index follows the change');
          assert.equal((await x.getTicketByNumber('VPN-2026-00005'))?.status, 'resolved');
          assert.deepEqual(await x.listUnresolvedTickets(), []);
          assert.deepEqual(await x.listTicketsOfIncident('i1'), []);
          assert.deepEqual(await x.listOpenIncidents(), []);
          assert.deepEqual(await x.listIncidentsOfReporter('p1'), []);
          assert.deepEqual(ids(await x.listIncidentsOfReporter('p2')), ['i1']);
          assert.equal((await x.getVpnDraft('d1'))?.status, 'self-help');
          assert.deepEqual(await x.getVpnRecentReports(), [recentReport('2026-03-02T09:00:00.000Z')]);
          assert.deepEqual(await x.getHelpfulness(), { kb: { shown: 1, helped: 0, escalated: 0 } });
        });
      await check(reopened);
      await reopened.close(); // compaction writes the VPN state into the snapshot
      const third = await openStore(copy);
      await check(third);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('loses no acknowledged write on kill -9 (3 kills, compactions running)', async function () {
    this.timeout(60_000);
    const acked: string[] = [];
    for (let round = 0; round < 3; round++) {
      acked.push(...(await runWriterAndKill(dir, 20 + Math.floor(Math.random() * 60))));
      const s = await openLowdbStore({ dataDir: dir, compactEvery: 7 });
      try {
        const missing = await s.read(async (r) => {
          const jobs = new Set((await r.listJobs()).map((j) => (j.payload as { id: string }).id));
          const stored = await Promise.all(acked.map((id) => r.getRequest(id)));
          return acked.filter((id, i) => stored[i] === undefined || !jobs.has(id));
        });
        assert.deepEqual(missing, [], `round ${round}: acknowledged but lost`);
      } finally {
        await s.close();
      }
    }
  });
});

/** Starts the writer child, SIGKILLs it after `after` acknowledged writes, returns their ids. */
async function runWriterAndKill(dir: string, after: number): Promise<string[]> {
  const round = Math.random().toString(36).slice(2, 6);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/store/fixtures/writer.ts', dir, '7', round], {
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
