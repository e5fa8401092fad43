import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { ANONYMOUS } from '../../src/privacy/anonymise.js';
import type { PersonExport } from '../../src/privacy/person-export.js';
import { parsePrivacyArgs, runPrivacyCommand, type PrivacyCommand } from '../../src/privacy/privacy-cli.js';
import type { MaintainableStore } from '../../src/store/store.js';
import { absence, booking, conversation, request, settings, subscription } from '../store/store-fixtures.js';
import { incident, ticket, vpnDraft, vpnReport } from '../store/vpn-contract.js';
import { forEachStore, type Target } from './store-targets.js';

const P = '1a000000-0000-4000-8000-00000000000p'.replace('p', 'a');
const Q = '2b000000-0000-4000-8000-00000000000b';
const R = '3c000000-0000-4000-8000-00000000000c';
const NOW = new Date('2026-12-07T10:00:00.000Z');

/** P with finished and open things, Q whose request P approved, R who has nothing to do with P. */
async function seed(store: MaintainableStore, opts: { open: boolean }): Promise<void> {
  await store.transact(async (tx) => {
    await tx.putRequest({ ...request('r-done', { personId: P, approverId: Q, status: 'approved', days: [['2026-10-05', 'approved']] }), comment: 'P-KOMMENTAR' });
    if (opts.open) await tx.putRequest(request('r-open', { personId: P, approverId: Q, status: 'pending', days: [['2026-12-15', 'pending']] }));
    await tx.putRequest({ ...request('r-q', { personId: Q, approverId: P, status: 'approved', days: [['2026-11-03', 'approved']] }), decision: { by: P, at: '2026-11-01T08:00:00.000Z', outcome: 'approved' } });
    await tx.putRequest(request('r-r', { personId: R, approverId: Q, status: 'approved', days: [['2026-11-04', 'approved']] }));
    await tx.putBooking({ ...booking('b-past', { personId: P, date: '2026-11-30', status: 'checked-in' }), checkedInAt: '2026-11-30T07:45:00.000Z' });
    if (opts.open) await tx.putBooking(booking('b-future', { personId: P, date: '2026-12-20', deskId: 'D2' }));
    await tx.putTicket({ ...ticket('t-p', 1, { reporterId: P, status: 'resolved', createdAt: '2026-11-10T08:00:00.000Z', solution: 'P-LOESUNG' }), report: vpnReport({ callbackNumber: 'P-RUFNUMMER' }) });
    await tx.putVpnDraft(vpnDraft('d-p', { reporterId: P, createdAt: '2026-12-01T08:00:00.000Z' }));
    await tx.putIncident(incident('i-1', { status: 'resolved', resolvedAt: '2026-11-10T10:00:00.000Z', openedAt: '2026-11-10T08:00:00.000Z', linkedReporterIds: [R, P] }));
    await tx.putDelegation({ id: 'del-ended', managerId: Q, deputyId: P, from: '2026-10-01', to: '2026-10-31', createdAt: '2026-09-01T00:00:00.000Z' });
    if (opts.open) await tx.putDelegation({ id: 'del-now', managerId: P, deputyId: Q, from: '2026-12-01', to: '2026-12-31', createdAt: '2026-11-01T00:00:00.000Z' });
    await tx.putConversation(conversation(P));
    await tx.putConversation(conversation(R));
    await tx.putAbsence(absence(P, '2026-12-02', 'ev-1'));
    await tx.putSubscription(subscription('sub-p', { personId: P, expiresAt: '2026-12-10T08:00:00.000Z' }));
    await tx.putSettings(settings(P, { needsAccessibleDesk: true }));
    await tx.enqueue({ id: 'job-p-done', type: 'decision.notify', payload: { requestId: 'r-done' } });
    await tx.enqueue({ id: 'job-r', type: 'decision.notify', payload: { requestId: 'r-r' } });
  });
  await store.completeJob('job-p-done', '2026-10-02T08:00:00.000Z');
}

describe('One person’s data: export (Art. 15) and erasure (Art. 17)', () => {
  forEachStore((name, factory) => {
    let t: Target;
    let outDir: string;
    let lines: string[];
    beforeEach(async () => {
      t = await factory()(() => NOW);
      outDir = await mkdtemp(path.join(tmpdir(), 'auskunft-'));
      lines = [];
    });
    afterEach(async () => {
      await t.dispose();
      await rm(outDir, { recursive: true, force: true });
    });

    /** Runs one command as the CLI does; lowdb's store is closed first (the CLI opens the files itself). */
    async function run(args: string[]): Promise<number> {
      const cmd: PrivacyCommand = parsePrivacyArgs([...args, '--operator', 'Erika Mustermann']);
      const env =
        t.kind === 'lowdb'
          ? { STORE: 'lowdb', DATA_DIR: t.dataDir, POLICY_FILE: 'policies/kitzingen-like.yaml' }
          : { STORE: 'postgres', DATABASE_URL: t.connectionString, POLICY_FILE: 'policies/kitzingen-like.yaml' };
      if (t.kind === 'lowdb') await t.store.close();
      try {
        return await runPrivacyCommand(cmd, { config: loadConfig(env), now: () => NOW, out: (l) => lines.push(l), schema: t.schema }, t.audit);
      } finally {
        if (t.kind === 'lowdb') await t.reopen().catch(() => undefined);
      }
    }

    it(`when an administrator exports a person on ${name}, then the JSON holds every record naming them, the summary is German, and the access is audited without data`, async () => {
      await seed(t.store, { open: true });
      assert.equal(await run(['export', P, '--out', outDir]), 0);
      const files = (await readdir(outDir)).sort();
      assert.deepEqual(files, [`auskunft-${P}-2026-12-07.json`, `auskunft-${P}-2026-12-07.md`]);
      const doc = JSON.parse(await readFile(path.join(outDir, files[0]!), 'utf8')) as PersonExport;
      assert.deepEqual(doc.own.requests?.map((r) => r.id).sort(), ['r-done', 'r-open']);
      assert.deepEqual(doc.own.bookings?.map((b) => b.id).sort(), ['b-future', 'b-past']);
      assert.equal(doc.own.tickets?.[0]?.report.callbackNumber, 'P-RUFNUMMER');
      assert.deepEqual(doc.own.vpnDrafts?.map((d) => d.id), ['d-p']);
      assert.deepEqual(doc.own.conversations?.map((c) => c.userId), [P]);
      assert.deepEqual(doc.own.absences?.map((a) => a.eventId), ['ev-1']);
      assert.deepEqual(doc.own.subscriptions?.map((s) => s.id), ['sub-p']);
      assert.equal(doc.own.settings?.[0]?.needsAccessibleDesk, true);
      assert.deepEqual(doc.roles.requests?.map((r) => r.id), ['r-q'], 'Q’s request names P as approver');
      assert.deepEqual(doc.roles.incidents?.map((i) => i.id), ['i-1']);
      assert.deepEqual(doc.roles.delegations?.map((d) => d.id).sort(), ['del-ended', 'del-now']);
      assert.ok(!JSON.stringify(doc).includes('r-r'), 'nothing of an unrelated person');
      assert.equal(doc.retentionMonths.mobileWork, 13);
      const md = await readFile(path.join(outDir, files[1]!), 'utf8');
      assert.match(md, /# Auskunft nach Art\. 15 DSGVO/);
      assert.match(md, /\| Anträge auf mobile Arbeit \| 2 \| 13 Monate/);
      assert.equal((await stat(path.join(outDir, files[0]!))).mode & 0o777, 0o600);
      const audit = await t.audit.list({ action: 'privacy.export' });
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor, 'Erika Mustermann');
      assert.equal(audit[0]!.params['person'], P);
      assert.ok(!JSON.stringify(audit).includes('P-RUFNUMMER') && !JSON.stringify(audit).includes('P-KOMMENTAR'));
    });

    it(`when erase runs without --yes on ${name}, then it only says what it would do`, async () => {
      await seed(t.store, { open: false });
      const before = await t.store.findRecords(P);
      assert.equal(await run(['erase', P]), 0);
      assert.deepEqual(await t.store.findRecords(P), before);
      assert.match(lines.join('\n'), /Probelauf/);
    });

    it(`when a person with open processes is erased on ${name}, then everything finished goes, aggregates stay, and the output says what was kept and why`, async () => {
      await seed(t.store, { open: true });
      const totalBefore = (await t.store.findRecords('')).requests.length;
      assert.equal(await run(['erase', P, '--yes']), 0);
      const left = await t.store.findRecords(P);
      assert.deepEqual(left.requests.map((r) => r.id).sort(), ['r-open', 'r-q']);
      assert.deepEqual(left.bookings.map((b) => b.id), ['b-future']);
      assert.deepEqual(left.delegations.map((d) => d.id), ['del-now']);
      assert.deepEqual(left.conversations.map((c) => c.userId), [P], 'kept to tell P the outcome of the open request');
      assert.deepEqual([...left.tickets, ...left.vpnDrafts, ...left.absences, ...left.subscriptions, ...left.settings, ...left.incidents], []);
      assert.deepEqual(left.jobs, []);
      const all = await t.store.findRecords('');
      assert.equal(all.requests.length, totalBefore, 'finished requests are anonymised, not lost for the statistics');
      assert.equal(all.requests.find((r) => r.id === 'r-done')?.personId, ANONYMOUS);
      assert.equal(all.incidents.find((i) => i.id === 'i-1')?.linkedReporterIds.length, 2);
      assert.ok(all.jobs.some((j) => j.id === 'job-r'), 'other people’s jobs stay');
      const text = lines.join('\n');
      assert.match(text, /behalten \d+× – offener Vorgang/);
      assert.match(text, /behalten 1× – Datensatz einer anderen Person/);
      const everything = await t.everything();
      for (const marker of ['P-KOMMENTAR', 'P-LOESUNG', 'P-RUFNUMMER']) assert.ok(!everything.includes(marker), `${marker} still stored`);
      const done = await t.audit.list({ action: 'privacy.erase.done' });
      assert.equal(done[0]?.params['person'], P);
      assert.equal(done[0]?.result?.['settings.deleted'], 1);
    });

    it(`when a person with nothing open is erased on ${name}, then only other people’s records still name them`, async () => {
      await seed(t.store, { open: false });
      assert.equal(await run(['erase', P, '--yes']), 0);
      const left = await t.store.findRecords(P);
      assert.deepEqual(left.requests.map((r) => r.id), ['r-q']);
      const rest = Object.entries(left).filter(([k, v]) => k !== 'requests' && (v as unknown[]).length > 0);
      assert.deepEqual(rest, []);
    });
  });
});
