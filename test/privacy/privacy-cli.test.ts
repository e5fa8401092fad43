/** The privacy CLI as `npm run privacy -- …` runs it: a child process on a lowdb data directory. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveOperator } from '../../src/privacy/audit-log.js';
import { parsePrivacyArgs, PrivacyUsageError } from '../../src/privacy/privacy-cli.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { cleanEnv, REPO_ROOT } from '../process/bot-process.js';
import { seedRetentionData } from './privacy-fixtures.js';

function privacy(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/privacy/privacy-cli.ts', ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run privacy (child process, lowdb)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'privacy-cli-'));
    env = { STORE: 'lowdb', DATA_DIR: dataDir, POLICY_FILE: 'policies/kitzingen-like.yaml' };
    const store = await openLowdbStore({ dataDir, now: () => new Date('2026-12-07T02:00:00.000Z') });
    await seedRetentionData(store);
    await store.close();
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when check finds records past their period it exits 3, after retention it exits 0 and says nothing is older, and audit lists both runs', async () => {
    const before = await privacy(['check', '--operator', 'Erika Mustermann'], env);
    assert.equal(before.code, 3, before.stderr);
    assert.match(before.stdout, /FÄLLIG mobileWork/);
    const runNow = await privacy(['retention', '--operator', 'Erika Mustermann'], env);
    assert.equal(runNow.code, 0, runNow.stderr);
    assert.match(runNow.stdout, /Anträge auf mobile Arbeit und ihre Tage: gelöscht 0, anonymisiert [1-9]/);
    const after = await privacy(['check', '--operator', 'Erika Mustermann'], env);
    assert.equal(after.code, 0, after.stdout);
    assert.match(after.stdout, /Nichts ist älter als seine Frist\./);
    const audit = await privacy(['audit', '--operator', 'Erika Mustermann'], env);
    assert.equal(audit.code, 0);
    assert.match(audit.stdout, /Erika Mustermann\s+privacy\.check/);
    assert.match(audit.stdout, /Erika Mustermann\s+privacy\.retention .*mobileWork\.anonymised=[1-9]/);
    assert.match(audit.stdout, /privacy\.audit/);
  });

  it('when called without a command, then it exits 2 with the usage and no stack', async () => {
    const r = await privacy([], env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: npm run privacy/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  const wrong: Array<[string, string[], RegExp]> = [
    ['export without a person', ['export', '--operator', 'Erika Mustermann'], /Entra-Objekt-ID/],
    ['an unknown option', ['check', '--force', '--operator', 'Erika Mustermann'], /Unbekannte Option/],
    ['a wrong date', ['audit', '--from', '7.12.', '--operator', 'Erika Mustermann'], /kein Datum/],
  ];
  for (const [what, args, message] of wrong) {
    it(`when called with ${what}, then the call is refused with a German and English message`, () => {
      assert.throws(() => parsePrivacyArgs(args), (e: Error) => e instanceof PrivacyUsageError && message.test(e.message) && / \/ /.test(e.message));
    });
  }

  it('when run as a shared account without --operator, then it refuses (the audit trail must name a person)', () => {
    assert.throws(() => resolveOperator(undefined, () => 'root'), /--operator/);
    assert.equal(resolveOperator(undefined, () => 'emustermann'), 'emustermann');
    assert.equal(resolveOperator(' Erika Mustermann ', () => 'root'), 'Erika Mustermann');
    assert.throws(() => resolveOperator('x', () => 'root'), /--operator/);
  });
});
