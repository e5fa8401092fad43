import { runReport } from './run-report.js';
import assert from 'node:assert/strict';
import { FileAuditLog } from '../../src/privacy/audit-log.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { cleanUp, STACK_FRAME, tempDir } from '../process/bot-process.js';
import { filesOf, novemberBookings, PEOPLE, putAll, writeConfig } from './report-fixtures.js';

function assertNoPerson(text: string): void {
  for (const p of PEOPLE) {
    assert.ok(!text.toLowerCase().includes(p.id.toLowerCase()), `the output holds the person id ${p.id}`);
    assert.ok(!text.includes(p.name) && !text.includes(p.name.split(' ')[1]!), `the output names ${p.name}`);
  }
}

/** Tags open and close in order (a light well-formedness check; no XML parser in the project). */
function assertBalancedTags(xml: string): void {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else stack.push(name!);
  }
  assert.deepEqual(stack, [], 'unclosed elements');
  assert.doesNotMatch(xml.replace(/<[^>]*>/g, ''), /[<>]|&(?!(amp|lt|gt|quot|apos);)/, 'unescaped text');
}

describe('npm run report -- occupancy', function () {
  this.timeout(60_000);
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
    await cleanUp();
  });

  async function setUp(): Promise<{ dir: string; dataDir: string; env: Record<string, string> }> {
    const dir = await tempDir('mwb-report-cli-');
    const dataDir = join(dir, 'data');
    const store = await openLowdbStore({ dataDir });
    await putAll(store, novemberBookings());
    await store.close();
    return { dir, dataDir, env: await writeConfig(dir, dataDir) };
  }

  it('writes a German CSV (BOM, semicolons, decimal comma) with one row per working day and floor, naming nobody', async () => {
    const { env } = await setUp();
    const run = await runReport(['occupancy', '--from', '2026-11-02', '--to', '2026-11-08'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([...run.stdout.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const lines = run.stdout.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines.pop(), '', 'ends with CRLF');
    assert.equal(lines[0], 'Datum;Standort;Etage;Plätze;Gebucht;Eingecheckt;Nicht erschienen;Auslastung;No-Show-Quote;Beschäftigte je Platz');
    assert.equal(lines.length, 1 + 5 * 2, 'Mon–Fri × 2 floors; the weekend and 9 November are left out');
    assert.deepEqual(lines.slice(3, 5), [
      // d1 checked in (day), d2 no-show (morning), d3 booked (afternoon), d4 cancelled; 4 staff / 4 desks
      '03.11.2026;Rathaus;1. OG;2;x;x;x;x;x;1,00', // two people: hidden (fewer than 5)
      '03.11.2026;Rathaus;2. OG;2;x;0;0;x;x;1,00',
    ]);
    assert.equal(lines[1], '02.11.2026;Rathaus;1. OG;2;0;0;0;0,000;0,000;1,00');
    assertNoPerson(run.stdout.toString('utf8'));
    assertNoPerson(run.stderr);
  });

  it('writes English CSV with ISO dates and a decimal point with --locale en', async () => {
    const { env } = await setUp();
    const run = await runReport(['occupancy', '--from=2026-11-03', '--to=2026-11-03', '--locale', 'en'], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.toString('utf8').slice(1).trim().split('\r\n');
    assert.deepEqual(lines.slice(1), ['2026-11-03;Rathaus;1. OG;2;x;x;x;x;x;1.00', '2026-11-03;Rathaus;2. OG;2;x;0;0;x;x;1.00']);
  });

  it('writes an SVG chart to --out: balanced markup, a title with the period, nobody named, nothing on stdout', async () => {
    const { dir, env } = await setUp();
    const out = join(dir, 'belegung.svg');
    const run = await runReport(['occupancy', '--from', '01.11.2026', '--to', '30.11.2026', '--format', 'svg', '--out', out], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.length, 0);
    const svg = await readFile(out, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*role="img"/);
    assert.match(svg, /<\/svg>\n$/);
    assert.match(svg, /<title id="chart-title">Auslastung der Arbeitsplätze je Etage, 01\.11\.2026 – 30\.11\.2026<\/title>/);
    assert.doesNotMatch(svg, /<title>Rathaus – 1\. OG, 03\.11\.2026:/, 'two people on that floor: no bar');
    assertBalancedTags(svg);
    assertNoPerson(svg);
  });

  it('reads a running bot\'s data directory without changing a byte of it', async () => {
    const dir = await tempDir('mwb-report-cli-');
    const dataDir = join(dir, 'data');
    const bot = await openLowdbStore({ dataDir }); // stays open, like the bot process
    stores.push(bot);
    await putAll(bot, novemberBookings()); // only in the journal so far
    const before = await filesOf(dataDir);

    const run = await runReport(['occupancy', '--from', '2026-11-03', '--to', '2026-11-03'], await writeConfig(dir, dataDir));

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout.toString('utf8'), /03\.11\.2026;Rathaus;1\. OG;2;x;x;x;x;x/);
    assert.deepEqual(await filesOf(dataDir), before, 'the report changed the data directory');
    const audit = await new FileAuditLog(dataDir).list();
    assert.deepEqual(
      audit.map((e) => [e.action, e.params]),
      [['report.occupancy', { format: 'csv', from: '2026-11-03', to: '2026-11-03' }]],
      'the access is in the audit trail (parameters only)',
    );
    await bot.transact(async (tx) => (await tx.listBookingsInRange('2026-11-01', '2026-11-30')).length); // the bot goes on
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['an unknown report', ['belegung', '--from', '2026-11-01', '--to', '2026-11-30'], /Unbekannter Bericht "belegung"[\s\S]*Unknown report "belegung"/],
    ['from after to', ['occupancy', '--from', '2026-11-30', '--to', '2026-11-01'], /--from 2026-11-30 liegt nach --to 2026-11-01[\s\S]*is after/],
    ['more than 366 days', ['occupancy', '--from', '2026-01-01', '--to', '2027-01-02'], /367 Tage lang; höchstens 366[\s\S]*367 days long; at most 366/],
    ['a date that does not exist', ['occupancy', '--from', '2026-02-30', '--to', '2026-03-31'], /"2026-02-30" ist kein gültiges Datum[\s\S]*is not a valid date/],
    ['a missing --to', ['occupancy', '--from', '2026-11-01'], /--to fehlt[\s\S]*--to is missing/],
    ['an unknown format', ['occupancy', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'pdf'], /--format muss csv oder svg sein/],
  ];
  for (const [what, args, message] of bad) {
    it(`stops with exit 2 and a German and English message, no stack, on ${what}`, async () => {
      const { env } = await setUp();
      const run = await runReport(args, env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /usage: npm run --silent report -- occupancy/);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      assert.equal(run.stdout.length, 0);
    });
  }

  it('stops with exit 2 naming the variable when the environment is wrong, and writes no data directory', async () => {
    const dir = await tempDir('mwb-report-cli-');
    const env = await writeConfig(dir, join(dir, 'data'));
    const run = await runReport(['occupancy', '--from', '2026-11-01', '--to', '2026-11-30'], { ...env, STORE: 'mongodb' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /STORE: /);
    assert.doesNotMatch(run.stderr, STACK_FRAME);
    const missing = await runReport(['occupancy', '--from', '2026-11-01', '--to', '2026-11-30'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /DATA_DIR .*data is not a directory/);
    await assert.rejects(readFile(join(dir, 'data', 'store.json')), { code: 'ENOENT' });
  });
});
