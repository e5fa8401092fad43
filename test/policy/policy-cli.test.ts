/** `npm run policy -- check|explain`: validating a file without the bot, and the plain-text agreement. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, UsageError } from '../../src/policy/policy-cli.js';
import { explainPolicy } from '../../src/policy/policy-explain.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';
import { cleanUp, tempDir } from '../process/bot-process.js';
import { runPolicy } from './run-policy.js';

describe('policy CLI', function () {
  this.timeout(60_000);
  afterEach(cleanUp);

  it('when a shipped policy and its agreements are checked, then exit 0 with a one-line summary', async () => {
    const run = await runPolicy(['check', 'policies/stadt-baender-like.yaml', '--agreements', 'samples/agreements.yaml'], {});
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'OK: policies/stadt-baender-like.yaml: 1 Fassung/version, 2 Grenzen/caps; samples/agreements.yaml: 2 Personen/people\n');
  });

  it('when a file has errors, then exit 2 with every problem and its path, no stack', async () => {
    const dir = await tempDir('mwb-policy-cli-');
    const file = join(dir, 'entwurf.yaml');
    await writeFile(file, `organisation: { id: x, name: X, state: BY }\nversions:\n  - validFrom: 2026-01-01\n    name: DV\n    rules:\n      caps:\n        - { id: a, name: A, share: 2, window: week }\n        - { id: b, name: B, days: 1, window: week, orgUnits: [bauamt] }\n`);
    const run = await runPolicy(['check', file], {});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /entwurf\.yaml: versions\[0\]\.rules\.caps\[0\]\.share: /);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    // Valid syntax, but an org unit the directory does not know.
    await writeFile(file, `organisation: { id: x, name: X, state: BY }\nversions:\n  - validFrom: 2026-01-01\n    name: DV\n    rules:\n      caps:\n        - { id: b, name: B, days: 1, window: week, orgUnits: [bauamt] }\n`);
    const unknown = await runPolicy(['check', file], {});
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /versions\[0\]\.rules\.caps\[0\]\.orgUnits\[0\]: unknown org unit/);
  });

  it('when explain runs in German and English, then every cap, window and exception is in the text', async () => {
    const de = await runPolicy(['explain', '--policy', 'policies/landkreis-mehrere-grenzen-like.yaml'], {});
    assert.equal(de.code, 0, de.stderr);
    for (const line of [
      'Feiertage: gesetzliche Feiertage in Bayern (Region Stadt Augsburg).',
      '  - 24.12. (jedes Jahr): Heiligabend (ganztägig)',
      '„Telearbeit (regelmäßig)“ (regelmäßige Telearbeit): höchstens 60 % der eigenen Arbeitszeit je zwei Wochen (Rhythmus ab Montag, 05.01.2026).',
      '„Mobiles Arbeiten (gelegentlich)“ (gelegentliche mobile Tage): höchstens 24 Tage je Kalenderhalbjahr. Darüber wird ein Tag abgelehnt.',
      '„Bürgerbüro – mobile Tage je Woche“ (regelmäßige und gelegentliche Tage zusammen): höchstens 1 Tag je Kalenderwoche. Darüber entscheidet die Führungskraft. Gilt nur für: buergerbuero.',
      'Neue Beschäftigte arbeiten die ersten 3 Monate vor Ort.',
    ]) assert.ok(de.stdout.includes(line), line);
    const en = await runPolicy(['explain', '--locale', 'en', '--policy', 'policies/kitzingen-like.yaml'], {});
    assert.equal(en.code, 0, en.stderr);
    for (const line of ['"Share of working hours" (standing and occasional days together): at most 40 % of one\'s own working hours per two weeks', 'Fixed presence days (everyone on site): Tuesday.', '    buergerbuero:', '      Fixed presence days (everyone on site): Monday, Thursday.', 'At most 250 people']) {
      assert.ok(en.stdout.includes(line), line);
    }
  });

  it('when the policy changes, then the explanation changes with it (generated, never written by hand)', async () => {
    const policy = await loadPolicyFile('policies/stadt-baender-like.yaml');
    const changed = { ...policy, versions: policy.versions.map((v) => ({ ...v, rules: { ...v.rules, caps: v.rules.caps!.map((c) => (c.id === 'tage-woche' ? { ...c, limit: 3 } : c)) } })) };
    assert.match(explainPolicy(policy), /„Mobile Tage je Woche“ \(regelmäßige und gelegentliche Tage zusammen\): höchstens 4 Tage je Kalenderwoche/);
    assert.match(explainPolicy(changed), /„Mobile Tage je Woche“ \(regelmäßige und gelegentliche Tage zusammen\): höchstens 3 Tage je Kalenderwoche/);
    assert.match(explainPolicy(policy), /Wählbare Bänder: klein \(20 %\), mittel \(40 %\), gross \(60 %\)\. Schriftlich vereinbar bis 80 %\./);
  });

  const bad: Array<[string[], RegExp]> = [
    [['frobnicate'], /unbekannter Befehl "frobnicate"/],
    [['check'], /check braucht genau eine Datei/],
    [['explain', '--locale', 'fr'], /--locale muss de oder en sein/],
    [['simulate', '--from', '2026-07-01', '--to', '2026-09-30'], /simulate braucht --draft/],
    [['simulate', '--draft', 'x.yaml', '--from', '2026-07-01', '--to', '2027-09-30'], /höchstens 366 Tage/],
    [['simulate', '--draft', 'x.yaml', '--from', '31.02.2026', '--to', '2026-09-30'], /--from ist kein Datum/],
    [['simulate', '--draft', 'x.yaml', '--from', '2026-07-01', '--to', '2026-09-30', '--format', 'pdf'], /--format muss csv oder svg sein/],
  ];
  for (const [argv, expected] of bad) {
    it(`when the arguments are ${JSON.stringify(argv)}, then a usage error in German and English`, () => {
      assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && expected.test(e.de) && e.en.length > 0);
    });
  }
});
