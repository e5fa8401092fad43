import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { cleanUp, STACK_FRAME, tempDir } from '../process/bot-process.js';
import { findPostgres } from '../support/postgres.js';
import { filesOf, writeConfig } from './report-fixtures.js';
import { csvLines, runReport, type Run } from './run-report.js';
import { changes, fillStore, forbiddenStrings } from './vpn-report-fixtures.js';

const KB_ENTRIES = 9; // samples/vpn-knowledge-base.yaml

const TICKETS_DE = [
  'Kalenderwoche;Woche ab;VPN-Client;Symptom;Tickets;P1;P2;P3;P4;Gelöst;Median Minuten Meldung bis Lösung;Wieder geöffnet;Störungen;Verknüpfte Meldende',
  '2026-W45;02.11.2026;FortiClient;Keine Verbindung;x;x;x;x;0;x;x;0;1;x', // fewer than 5 people: x
  '2026-W45;02.11.2026;GlobalProtect;Verbindung ist langsam;x;0;0;0;x;0;;x;0;0',
  '2026-W45;02.11.2026;Cisco Secure Client;Verbindung bricht ab;x;0;0;x;0;0;;0;0;0',
  '2026-W46;09.11.2026;genucard;Problem mit dem Zertifikat;0;0;0;0;0;0;;0;1;x',
  '2026-W46;09.11.2026;GlobalProtect;Verbindung ist langsam;x;0;0;0;x;x;x;x;0;0',
];

function assertNothingPersonal(run: Run): void {
  const text = run.stdout.toString('utf8') + run.stderr;
  for (const s of forbiddenStrings()) assert.ok(!text.includes(s), `the output holds ${JSON.stringify(s)}`);
}

function assertKnowledgeBaseDe(run: Run): void {
  assert.equal(run.code, 0, run.stderr);
  const lines = csvLines(run);
  assert.equal(lines[0], 'Eintrag;Titel;In der Wissensdatenbank;Angezeigt;Geholfen;Eskaliert;Hilfequote (%)');
  assert.equal(lines.length, 1 + KB_ENTRIES + 1);
  assert.equal(lines[1], 'forticlient-10-percent-network;FortiClient bleibt bei 10 % stehen (Fehler -14): Netzwerk oder Port gesperrt;ja;x;x;x;x');
  assert.equal(lines[2], 'forticlient-40-48-credentials;FortiClient bricht bei 40–48 % ab (Fehler -7200): Anmeldedaten oder zweiter Faktor zu spät;ja;0;0;0;');
  assert.equal(lines[KB_ENTRIES], 'no-internet;Allgemein: Verbindung prüfen;ja;x;0;x;x');
  assert.equal(lines[KB_ENTRIES + 1], 'old-forticlient-6-4;(nicht mehr in der Wissensdatenbank);nein;x;x;0;x');
  assert.match(run.stderr, /^10 Einträge \(davon 1 nicht mehr in der Wissensdatenbank\)\n$/);
  assertNothingPersonal(run);
}

function assertTicketsDe(run: Run): void {
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(csvLines(run), TICKETS_DE);
  assert.match(run.stderr, /^5 Zeilen \(x Tickets, 2 Störungen\)\n$/);
  assertNothingPersonal(run);
}

describe('npm run report -- knowledge-base / vpn-tickets (lowdb)', function () {
  this.timeout(60_000);
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    await cleanUp();
  });

  /** A running bot's data directory: half the changes compacted into store.json, the rest in the journal. */
  async function setUp(): Promise<{ dir: string; dataDir: string; env: Record<string, string>; bot: Store }> {
    const dir = await tempDir('mwb-report-vpn-cli-');
    const dataDir = join(dir, 'data');
    const list = changes();
    const half = Math.floor(list.length / 2);
    const earlier = await openLowdbStore({ dataDir, compactEvery: 5 });
    await fillStore(earlier, list.slice(0, half));
    await earlier.close();
    const bot = await openLowdbStore({ dataDir }); // stays open, like the bot process
    stores.push(bot);
    await fillStore(bot, list.slice(half));
    return { dir, dataDir, env: await writeConfig(dir, dataDir), bot };
  }

  it('knowledge-base: one row per entry in file order plus the removed one, counts and help rate with decimal comma', async () => {
    const { env } = await setUp();
    assertKnowledgeBaseDe(await runReport(['knowledge-base'], env));
  });

  it('vpn-tickets: per ISO week × client × symptom, priorities, resolved, median, reopened, outages (dates as 02.11.2026 accepted)', async () => {
    const { env } = await setUp();
    assertTicketsDe(await runReport(['vpn-tickets', '--from', '02.11.2026', '--to', '2026-11-15'], env));
  });

  it('both reports read a running bot\'s data directory without changing a byte of it', async () => {
    const { env, dataDir, bot } = await setUp();
    const before = await filesOf(dataDir);
    assert.equal((await runReport(['knowledge-base'], env)).code, 0);
    assert.equal((await runReport(['vpn-tickets', '--from', '2026-11-02', '--to', '2026-11-15'], env)).code, 0);
    assert.deepEqual(await filesOf(dataDir), before, 'a report changed the data directory');
    await bot.transact((tx) => tx.getHelpfulness()); // the bot goes on
  });

  it('English to --out: decimal point, ISO dates, nothing on stdout', async () => {
    const { dir, env } = await setUp();
    const kbOut = join(dir, 'kb.csv');
    const kb = await runReport(['knowledge-base', '--locale', 'en', '--out', kbOut], env);
    assert.equal(kb.code, 0, kb.stderr);
    assert.equal(kb.stdout.length, 0);
    const kbLines = (await readFile(kbOut, 'utf8')).slice(1).split('\r\n');
    assert.equal(kbLines[1], 'forticlient-10-percent-network;FortiClient stuck at 10 % (error -14): network or port blocked;yes;x;x;x;x');
    assert.match(kb.stderr, /^10 entries \(1 no longer in the knowledge base\) → .*kb\.csv\n$/);

    const ticketsOut = join(dir, 'tickets.csv');
    const tickets = await runReport(['vpn-tickets', '--from=2026-11-09', '--to=2026-11-15', '--locale=en', '--format', 'csv', '--out', ticketsOut], env);
    assert.equal(tickets.code, 0, tickets.stderr);
    assert.deepEqual((await readFile(ticketsOut, 'utf8')).slice(1).split('\r\n'), [
      'ISO week;Week from;VPN client;Symptom;Tickets;P1;P2;P3;P4;Resolved;Median minutes report to solution;Reopened;Outages;Linked reporters',
      '2026-W46;2026-11-09;genucard;Problem with the certificate;0;0;0;0;0;0;;0;1;x',
      '2026-W46;2026-11-09;GlobalProtect;Connection is slow;x;0;0;0;x;x;x;x;0;0',
      '',
    ]);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['knowledge-base with --from', ['knowledge-base', '--from', '2026-11-01'], /knowledge-base kennt kein --from[\s\S]*knowledge-base takes no --from/],
    ['knowledge-base as svg', ['knowledge-base', '--format', 'svg'], /--format muss für knowledge-base csv sein \(nicht "svg"\)[\s\S]*--format must be csv for knowledge-base/],
    ['vpn-tickets as svg', ['vpn-tickets', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'svg'], /--format muss für vpn-tickets csv sein[\s\S]*must be csv for vpn-tickets/],
    ['vpn-tickets without --from', ['vpn-tickets', '--to', '2026-11-30'], /--from fehlt[\s\S]*--from is missing/],
    ['vpn-tickets over 367 days', ['vpn-tickets', '--from', '2026-01-01', '--to', '2027-01-02'], /367 Tage lang; höchstens 366[\s\S]*367 days long; at most 366/],
    ['vpn-tickets from after to', ['vpn-tickets', '--from', '2026-11-30', '--to', '2026-11-01'], /--from 2026-11-30 liegt nach --to 2026-11-01[\s\S]*is after/],
    ['vpn-tickets with a date that does not exist', ['vpn-tickets', '--from', '31.11.2026', '--to', '2026-12-31'], /"31\.11\.2026" ist kein gültiges Datum[\s\S]*is not a valid date/],
    ['an unknown report', ['vpn', '--from', '2026-11-01', '--to', '2026-11-30'], /Unbekannter Bericht "vpn"\. Verfügbar: occupancy, knowledge-base, vpn-tickets[\s\S]*Unknown report "vpn"/],
    ['an unknown locale', ['knowledge-base', '--locale', 'fr'], /--locale muss de oder en sein[\s\S]*--locale must be de or en/],
  ];
  for (const [what, args, message] of bad) {
    it(`stops with exit 2 and a German and English message, no stack, on ${what}`, async () => {
      const dir = await tempDir('mwb-report-vpn-cli-');
      const run = await runReport(args, await writeConfig(dir, join(dir, 'data')));
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^Fehler: .*\nError: /);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /npm run --silent report -- knowledge-base[\s\S]*npm run --silent report -- vpn-tickets --from/);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      assert.equal(run.stdout.length, 0);
    });
  }

  it('stops with exit 2 naming the file when the knowledge base cannot be read, and naming DATA_DIR when it is missing', async () => {
    const dir = await tempDir('mwb-report-vpn-cli-');
    const env = await writeConfig(dir, join(dir, 'data'));
    const noKb = await runReport(['knowledge-base'], { ...env, VPN_KNOWLEDGE_BASE_FILE: join(dir, 'missing-kb.yaml') });
    assert.equal(noKb.code, 2, noKb.stderr);
    assert.match(noKb.stderr, /Konfigurationsdatei \/ Configuration file error:[\s\S]*missing-kb\.yaml/);
    assert.doesNotMatch(noKb.stderr, STACK_FRAME);
    const noData = await runReport(['vpn-tickets', '--from', '2026-11-01', '--to', '2026-11-30'], env);
    assert.equal(noData.code, 2, noData.stderr);
    assert.match(noData.stderr, /Datenverzeichnis \/ Data directory:\nDATA_DIR .*data is not a directory/);
    await assert.rejects(readFile(join(dir, 'data', 'store.json')), { code: 'ENOENT' });
  });
});

const adminUrl = await findPostgres();

describe('npm run report -- knowledge-base / vpn-tickets (PostgreSQL)', function () {
  this.timeout(60_000);
  if (!adminUrl) {
    it('needs a PostgreSQL server at 127.0.0.1:5432 (skipped)', function () {
      this.skip();
    });
    return;
  }
  const admin = adminUrl;
  let database = '';
  async function adminSql(text: string): Promise<void> {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }
  const urlOf = (db: string): string => {
    const u = new URL(admin);
    u.pathname = `/${db}`;
    return u.toString();
  };
  beforeEach(async () => {
    database = `report_cli_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    await adminSql(`CREATE DATABASE ${database}`);
  });
  afterEach(async () => {
    await adminSql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await cleanUp();
  });

  /** The bot's database (default schema), filled through the real store; returns the report's environment. */
  async function setUp(): Promise<Record<string, string>> {
    const store = await openPostgresStore({ connectionString: urlOf(database) });
    try {
      await fillStore(store);
    } finally {
      await store.close();
    }
    const dir = await tempDir('mwb-report-vpn-cli-');
    return { ...(await writeConfig(dir, join(dir, 'unused'))), STORE: 'postgres', DATABASE_URL: urlOf(database) };
  }

  it('knowledge-base and vpn-tickets give the same numbers as with lowdb', async () => {
    const env = await setUp();
    assertKnowledgeBaseDe(await runReport(['knowledge-base'], env));
    assertTicketsDe(await runReport(['vpn-tickets', '--from', '2026-11-02', '--to', '2026-11-15'], env));
  });

  it('a database without the bot\'s tables stops with exit 2 naming them, and gets none created', async () => {
    const dir = await tempDir('mwb-report-vpn-cli-');
    const env = { ...(await writeConfig(dir, join(dir, 'unused'))), STORE: 'postgres', DATABASE_URL: urlOf(database) };
    const run = await runReport(['knowledge-base'], env);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /Datenbank \/ Database:\n.*no table mobile_work\.vpn_tickets/);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
    const client = new pg.Client({ connectionString: urlOf(database) });
    await client.connect();
    try {
      assert.equal((await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'mobile_work'`)).rowCount, 0);
    } finally {
      await client.end();
    }
  });
});
