import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { documentedPaths } from '../../src/privacy/field-catalogue.js';
import { FIELDS_FILE, withFieldTables } from '../../src/privacy/privacy-cli.js';
import { readLowdbFiles } from '../../src/privacy/lowdb-files.js';
import { pgQuery } from '../support/postgres.js';
import { seedRetentionData, NOW } from './privacy-fixtures.js';
import { forEachStore, type Target } from './store-targets.js';

/** Field paths of a stored record: top-level keys, and one level into objects / arrays of objects (job payload, audit params and results are opaque maps). */
function paths(record: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(record)) {
    out.push(k);
    if (k === 'payload' || k === 'result' || k === 'params') continue;
    const inner = Array.isArray(v) ? v.filter((x) => x !== null && typeof x === 'object') : v !== null && typeof v === 'object' ? [v] : [];
    for (const o of inner) for (const sub of Object.keys(o as object)) out.push(`${k}.${sub}`);
  }
  return out;
}

function undocumented(table: string, records: readonly unknown[]): string[] {
  const known = documentedPaths(table);
  const missing = new Set<string>();
  for (const r of records) for (const p of paths(r as Record<string, unknown>)) if (!known.has(p)) missing.add(`${table}.${p}`);
  return [...missing];
}

describe('The documented fields (docs/datenschutz/felder.md)', () => {
  it('when the field catalogue changes, then felder.md must be regenerated (npm run privacy -- fields)', async () => {
    const doc = await readFile(FIELDS_FILE, 'utf8');
    assert.equal(doc, withFieldTables(doc), 'docs/datenschutz/felder.md is out of date: run npm run privacy -- fields');
  });

  it('when a field is not in the catalogue, then it is reported (the check is not blind)', () => {
    assert.deepEqual(undocumented('bookings', [{ id: 'b', deskId: 'd', mood: 'happy' }]), ['bookings.mood']);
    assert.deepEqual(undocumented('tickets', [{ id: 't', report: { client: 'x', shoeSize: 42 } }]), ['tickets.report.shoeSize']);
  });

  forEachStore((name, factory) => {
    let t: Target;
    beforeEach(async () => {
      t = await factory()(() => NOW);
      await seedRetentionData(t.store);
      await t.store.transact((tx) => tx.putHelpfulness({ 'kb-1': { shown: 3, helped: 1, escalated: 1 } }));
      await t.audit.append({ at: NOW.toISOString(), actor: 'Erika Mustermann', action: 'privacy.export', params: { person: 'x' }, result: { records: 1 } });
    });
    afterEach(async () => {
      await t.dispose();
    });

    it(`when records are stored on ${name}, then every stored field of every table is documented`, async () => {
      const missing: string[] = [];
      let seen = 0;
      if (t.kind === 'lowdb') {
        const { records } = await readLowdbFiles(t.dataDir);
        for (const [table, list] of Object.entries(records)) {
          seen += list.length;
          missing.push(...undocumented(table, list));
        }
        const snapshotOrJournal = (await readFile(`${t.dataDir}/journal.ndjson`, 'utf8')) || (await readFile(`${t.dataDir}/store.json`, 'utf8'));
        assert.match(snapshotOrJournal, /helpfulness/);
      } else {
        const tables: Record<string, string> = {
          requests: 'requests', bookings: 'bookings', settings: 'settings', delegations: 'delegations', conversations: 'conversations',
          absences: 'absences', subscriptions: 'subscriptions', jobs: 'outbox_jobs', tickets: 'vpn_tickets', vpnDrafts: 'vpn_drafts', incidents: 'vpn_incidents',
        };
        for (const [table, sqlTable] of Object.entries(tables)) {
          const rows = await pgQuery<{ doc: unknown }>(t.connectionString, `SELECT doc FROM ${t.schema}.${sqlTable}`);
          seen += rows.length;
          missing.push(...undocumented(table, rows.map((r) => r.doc)));
        }
        const state = await pgQuery<{ name: string; doc: unknown }>(t.connectionString, `SELECT name, doc FROM ${t.schema}.vpn_state`);
        for (const s of state) {
          if (s.name === 'recent-reports') missing.push(...undocumented('vpnRecentReports', s.doc as unknown[]));
          else missing.push(...undocumented('helpfulness', Object.values(s.doc as object)));
        }
        const known = new Set(['recent-reports', 'helpfulness']);
        assert.deepEqual(state.map((s) => s.name).filter((n) => !known.has(n)), []);
      }
      missing.push(...undocumented('audit', await t.audit.list()));
      assert.ok(seen > 20, `the check saw ${seen} records`);
      assert.deepEqual(missing, [], `undocumented stored fields: ${missing.join(', ')}`);
    });
  });
});
