/**
 * The simulator over a real store (lowdb and PostgreSQL): a quarter of generated requests (12
 * weeks, Mon–Wed every week, approved), a current agreement of 60 % per week (three days fit) and
 * a draft with a tighter cap of 2 days per week → per ISO week the big unit (6 people) shows 18
 * allowed days today, and 12 allowed + 6 refused by the draft's cap; the unit of 4 people is
 * suppressed (no numbers), and no person id or name appears anywhere.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { addDays } from '../../src/domain/dates.js';
import type { MobileWorkRequest } from '../../src/domain/model.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { cleanUp, tempDir } from '../process/bot-process.js';
import { findPostgres } from '../support/postgres.js';
import { runPolicy } from './run-policy.js';

const FROM = '2026-07-06';
const TO = '2026-09-27';
const WEEKS = 12;
const guid = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
const BIG = Array.from({ length: 6 }, (_, i) => guid(100 + i));
const SMALL = Array.from({ length: 4 }, (_, i) => guid(200 + i));

const DIRECTORY = `
orgUnits:
  - { id: amt, name: Amt }
  - { id: gross, name: Große Abteilung, parent: amt }
  - { id: klein, name: Kleine Abteilung, parent: amt }
people:
  - { id: ${guid(1)}, name: Leitung, orgUnit: amt, weeklyHours: 39, startDate: 2010-01-01 }
${[...BIG.map((id, i) => `  - { id: ${id}, name: Person G${i}, orgUnit: gross, manager: ${guid(1)}, weeklyHours: 39, startDate: 2015-01-01 }`), ...SMALL.map((id, i) => `  - { id: ${id}, name: Person K${i}, orgUnit: klein, manager: ${guid(1)}, weeklyHours: 39, startDate: 2015-01-01 }`)].join('\n')}
`;

const policy = (caps: string) => `
organisation: { id: sim, name: Simulation, state: NW }
versions:
  - validFrom: 2020-01-01
    name: Fassung
    rules:
      leadTimeDays: 1
      planningHorizonDays: 90
      tracks: { occasional: { approval: none } }
      caps:
${caps}
`;
const CURRENT = policy(`        - { id: anteil, name: Anteil, share: 60%, window: week }`);
const DRAFT = policy(`        - { id: anteil, name: Anteil, share: 60%, window: week }
        - { id: zwei-tage, name: Zwei Tage je Woche, days: 2, window: week }`);

function requestsOf(personId: string, orgUnitId: string): MobileWorkRequest[] {
  return Array.from({ length: WEEKS }, (_, w) => {
    const monday = addDays(FROM, 7 * w);
    const created = `${addDays(monday, -3)}T08:00:00.000Z`;
    return {
      id: randomUUID(),
      number: `MA-2026-${personId.slice(-3)}${w}`,
      personId,
      orgUnitId,
      track: 'occasional',
      approvalMode: 'none',
      status: 'approved',
      days: [0, 1, 2].map((i) => ({ date: addDays(monday, i), portion: 1 as const, status: 'approved' as const })),
      policyVersion: '2020-01-01',
      createdAt: created,
      updatedAt: created,
      cards: [],
      version: 0,
    };
  });
}

async function fill(store: Store): Promise<void> {
  for (const [ids, unit] of [[BIG, 'gross'], [SMALL, 'klein']] as const) {
    for (const id of ids) {
      await store.transact(async (tx) => {
        for (const r of requestsOf(id, unit)) await tx.putRequest(r);
      });
    }
  }
}

async function files(dir: string): Promise<Record<string, string>> {
  await writeFile(join(dir, 'directory.yaml'), DIRECTORY);
  await writeFile(join(dir, 'current.yaml'), CURRENT);
  await writeFile(join(dir, 'draft.yaml'), DRAFT);
  return { DIRECTORY_FILE: join(dir, 'directory.yaml'), POLICY_FILE: join(dir, 'current.yaml'), FIXED_NOW: '2026-10-15T09:00:00+02:00' };
}

function assertCsv(text: string): void {
  assert.ok(text.startsWith('\uFEFF'), 'BOM');
  const lines = text.slice(1).trimEnd().split('\r\n');
  assert.equal(lines[0], 'Organisationseinheit;Kalenderwoche;Personen;heute erlaubt;heute Genehmigung;heute abgelehnt;Entwurf erlaubt;Entwurf Genehmigung;Entwurf abgelehnt;Entwurf entscheidende Grenzen;heute entscheidende Grenzen');
  const gross = lines.filter((l) => l.startsWith('gross;'));
  const klein = lines.filter((l) => l.startsWith('klein;'));
  assert.equal(gross.length, WEEKS);
  assert.equal(klein.length, WEEKS);
  assert.equal(gross[0], 'gross;2026-W28;6;18;0;0;12;0;6;zwei-tage: 6;');
  for (const l of gross) assert.match(l, /^gross;2026-W\d\d;6;18;0;0;12;0;6;zwei-tage: 6;$/);
  for (const l of klein) assert.match(l, /^klein;2026-W\d\d;< 5 Personen;;;;;;;;$/, 'the unit of 4 people is suppressed');
  for (const id of [...BIG, ...SMALL]) assert.ok(!text.includes(id), 'no person id in the output');
  assert.ok(!/Person [GK]\d/.test(text), 'no name in the output');
}

describe('policy simulate (CLI over a real store)', function () {
  this.timeout(120_000);
  afterEach(cleanUp);

  it('when a quarter of requests is replayed on lowdb against a draft with a tighter cap, then the big unit shows the days the draft refuses and the unit of 4 is suppressed; SVG too', async () => {
    const dir = await tempDir('mwb-simulate-');
    const dataDir = join(dir, 'data');
    const store = await openLowdbStore({ dataDir });
    try {
      await fill(store);
    } finally {
      await store.close();
    }
    const env = { ...(await files(dir)), DATA_DIR: dataDir };
    const csv = await runPolicy(['simulate', '--draft', join(dir, 'draft.yaml'), '--from', FROM, '--to', TO], env);
    assert.equal(csv.code, 0, csv.stderr);
    assertCsv(csv.stdout);
    assert.match(csv.stderr, /24 rows \(12 suppressed: fewer than 5 people\), 120 requests replayed/);

    const out = join(dir, 'sim.svg');
    const svg = await runPolicy(['simulate', '--draft', join(dir, 'draft.yaml'), '--from', FROM, '--to', TO, '--format', 'svg', '--out', out, '--locale', 'en'], env);
    assert.equal(svg.code, 0, svg.stderr);
    const picture = await readFile(out, 'utf8');
    assert.match(picture, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal((picture.match(/<title>2026-W\d\d refused: 6<\/title>/g) ?? []).length, WEEKS, 'one draft bar of 6 refused days per week (small unit left out)');
    assert.equal((picture.match(/<title>2026-W\d\d refused: 0<\/title>/g) ?? []).length, WEEKS, 'current: nothing refused');
  });

  it('when the arguments are wrong, then exit 2 with a message in German and English and no stack', async () => {
    const dir = await tempDir('mwb-simulate-');
    const env = { ...(await files(dir)), DATA_DIR: join(dir, 'data') };
    const run = await runPolicy(['simulate', '--draft', join(dir, 'draft.yaml'), '--from', '2026-09-30', '--to', '2026-07-01'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Fehler: --to liegt vor --from\nError: --to is before --from/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  describe('on PostgreSQL', () => {
    let admin: string | undefined;
    let database = '';
    const urlOf = (db: string) => {
      const u = new URL(admin!);
      u.pathname = `/${db}`;
      return u.toString();
    };
    const sql = async (text: string) => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(text);
      } finally {
        await client.end();
      }
    };
    before(async function () {
      admin = await findPostgres();
      if (!admin) this.skip();
    });
    beforeEach(async () => {
      database = `policy_sim_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      await sql(`CREATE DATABASE ${database}`);
    });
    afterEach(async () => {
      await sql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });

    it('when the same quarter is stored in PostgreSQL, then the same numbers come out', async () => {
      const store = await openPostgresStore({ connectionString: urlOf(database), now: () => new Date('2026-07-01T08:00:00Z') });
      try {
        await fill(store);
      } finally {
        await store.close();
      }
      const dir = await tempDir('mwb-simulate-pg-');
      const env = { ...(await files(dir)), STORE: 'postgres', DATABASE_URL: urlOf(database) };
      const run = await runPolicy(['simulate', '--draft', join(dir, 'draft.yaml'), '--from', FROM, '--to', TO], env);
      assert.equal(run.code, 0, run.stderr);
      assertCsv(run.stdout);
    });
  });
});
