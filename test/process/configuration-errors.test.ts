/**
 * A wrong configuration stops the start with exit code 2 and a message a person can act on:
 * every wrong variable by name, or the file, the path inside it and the problem. No stack trace.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanUp, PROCESS_TEST_TIMEOUT_MS, spawnBot, STACK_FRAME, tempDir, type BotProcess } from './bot-process.js';

const POLICY = (opts: { share?: string; laterOverrides?: string } = {}) => `organisation: { id: test, name: Testamt, state: BY }
versions:
  - validFrom: 2023-01-01
    name: DV 2023
    rules:
      quota:
        maxShareOfHours: ${opts.share ?? '0.4'}
    orgUnitOverrides:
      buergerbuero:
        minOnSiteShare: 0.5
  - validFrom: 2027-01-01
    name: DV 2027
    rules:
      leadTimeDays: 3
${opts.laterOverrides ?? ''}`;

const DIRECTORY_WITH_DANGLING_MANAGER = `orgUnits:
  - id: lra
    name: Landratsamt
people:
  - id: 00000000-0000-0000-0000-000000000001
    name: Leitung
    orgUnit: lra
    weeklyHours: 40
    startDate: 2020-01-01
  - id: 00000000-0000-0000-0000-000000000002
    name: Mitarbeiterin
    orgUnit: lra
    manager: 00000000-0000-0000-0000-000000000099
    weeklyHours: 40
    startDate: 2020-01-01
`;

/** Runs the bot with `env` until it exits; asserts exit code 2, no start, no stack trace. */
async function failingStart(env: Record<string, string>): Promise<BotProcess> {
  const bot = spawnBot({ PORT: '0', DATA_DIR: await tempDir(), ...env });
  const exit = await bot.exited();
  assert.equal(exit.code, 2, `exit ${String(exit.code)}\n${bot.stdout()}\n${bot.stderr()}`);
  assert.doesNotMatch(bot.stderr(), STACK_FRAME);
  assert.doesNotMatch(bot.stdout(), STACK_FRAME);
  assert.ok(!bot.logs().some((l) => l.event === 'started'), 'it started anyway');
  return bot;
}

async function fileIn(name: string, text: string): Promise<string> {
  const path = join(await tempDir('mwb-config-'), name);
  await writeFile(path, text);
  return path;
}

describe('the bot process with a wrong configuration', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS);

  afterEach(cleanUp);

  it('names every wrong environment variable and exits 2', async () => {
    const bot = await failingStart({ PORT: 'abc', STORE: 'postgres', MicrosoftAppId: '72f988bf-86f1-41af-91ab-2d7cd011db47' });
    const stderr = bot.stderr();
    assert.match(stderr, /Configuration error/);
    assert.match(stderr, /^PORT: must be a whole number \(got "abc"\)$/m);
    assert.match(stderr, /^DATABASE_URL: required when STORE is postgres$/m);
    assert.match(stderr, /^MicrosoftAppPassword: required /m);
    assert.match(stderr, /^MicrosoftAppTenantId: required /m);
  });

  it('names the policy file, the path inside it and the problem of an invalid value, and exits 2', async () => {
    const file = await fileIn('broken.yaml', POLICY({ share: '1.5' }));
    const stderr = (await failingStart({ POLICY_FILE: file })).stderr();
    assert.match(stderr, /Configuration file error/);
    assert.ok(
      stderr.includes(`${file}: versions[0].rules.quota.maxShareOfHours: must be at most 1 (got 1.5)`),
      stderr,
    );
  });

  it('names the policy file, the line and the problem of a YAML syntax error, and exits 2', async () => {
    const file = await fileIn('syntax.yaml', 'organisation: { id: test, name: Testamt, state: BY\nversions: [\n');
    const stderr = (await failingStart({ POLICY_FILE: file })).stderr();
    assert.ok(stderr.includes(`${file}: YAML syntax error`), stderr);
    assert.match(stderr, /\(line \d+, column \d+\)/);
  });

  it('names the directory file, the person and the dangling manager reference, and exits 2', async () => {
    const file = await fileIn('directory.yaml', DIRECTORY_WITH_DANGLING_MANAGER);
    const stderr = (await failingStart({ DIRECTORY_FILE: file })).stderr();
    assert.ok(stderr.includes(`${file}: people[1].manager: no person with id "00000000-0000-0000-0000-000000000099"`), stderr);
  });

  it('says which configuration file is not found, and exits 2', async () => {
    const missing = join(await tempDir('mwb-config-'), 'no-such-policy.yaml');
    const stderr = (await failingStart({ POLICY_FILE: missing })).stderr();
    assert.ok(stderr.includes(`${missing}: file not found`), stderr);
  });

  it('refuses a policy whose orgUnitOverrides name an org unit the directory does not know, and exits 2', async () => {
    const file = await fileIn('unknown-unit.yaml', POLICY({ laterOverrides: '    orgUnitOverrides:\n      bauamt:\n        leadTimeDays: 5\n' }));
    const stderr = (await failingStart({ POLICY_FILE: file })).stderr();
    // The sample directory (the default DIRECTORY_FILE) knows lra, fb-2, sg-21, buergerbuero, it-service.
    // The line is that of the override's rules (like every other file error: the value's line).
    const expected = `${file}: versions[1].orgUnitOverrides.bauamt: unknown org unit; known: lra, fb-2, sg-21, buergerbuero, it-service (line 17)`;
    assert.ok(stderr.includes(expected), stderr);
    assert.ok(!stderr.includes('versions[0]'), 'the known unit of versions[0] is not reported');
  });
});
