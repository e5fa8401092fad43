import { DEFAULT_VPN_POLICY } from '../../src/domain/model.js';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError } from '../../src/config/config-file-error.js';
import { loadConfig } from '../../src/config/config.js';
import { startApp } from '../../src/composition.js';
import { parseDirectory } from '../../src/directory/file-directory.js';
import type { Policy, PolicyVersion } from '../../src/domain/model.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { checkPolicyAgainstDirectory } from '../../src/policy/check-policy-against-directory.js';
import { parsePolicy } from '../../src/policy/load-policy.js';
import { cleanUp, tempDir } from './bot-process.js';

const KNOWN = ['lra', 'fb-2', 'sg-21', 'buergerbuero'];

const policyText = (versions: string) => `organisation: { id: test, name: Testamt, state: BY }
versions:
${versions}`;

const V2023 = `  - validFrom: 2023-01-01
    name: DV 2023
`;

describe('checkPolicyAgainstDirectory', () => {
  it('finds nothing when every overridden org unit is in the directory', () => {
    const policy = parsePolicy(policyText(`${V2023}    orgUnitOverrides: { buergerbuero: { minOnSiteShare: 0.5 }, sg-21: { leadTimeDays: 3 } }\n`), 'p.yaml');
    assert.deepEqual(checkPolicyAgainstDirectory(policy, KNOWN), []);
  });

  it('finds nothing in a policy without overrides', () => {
    assert.deepEqual(checkPolicyAgainstDirectory(parsePolicy(policyText(V2023), 'p.yaml'), KNOWN), []);
  });

  it('names the version and the unknown unit, and lists the known units', () => {
    const policy = parsePolicy(
      policyText(`${V2023}  - validFrom: 2027-01-01\n    name: DV 2027\n    orgUnitOverrides: { bauamt: { leadTimeDays: 5 } }\n`),
      'p.yaml',
    );
    assert.deepEqual(checkPolicyAgainstDirectory(policy, KNOWN), [
      { path: 'versions[1].orgUnitOverrides.bauamt', problem: 'unknown org unit; known: lra, fb-2, sg-21, buergerbuero' },
    ]);
  });

  it('reports an unknown unit where the file writes it, not again in later versions that inherit it', () => {
    const policy = parsePolicy(
      policyText(
        `${V2023}    orgUnitOverrides: { bauamt: { leadTimeDays: 5 } }\n` +
          `  - validFrom: 2025-01-01\n    name: DV 2025\n` + // inherits the overrides
          `  - validFrom: 2027-01-01\n    name: DV 2027\n    orgUnitOverrides: { bauamt: { leadTimeDays: 4 }, Sg-21: {} }\n`,
      ),
      'p.yaml',
    );
    assert.equal(policy.versions[1]?.orgUnitOverrides['bauamt']?.leadTimeDays, 5, 'versions[1] holds the inherited override');
    const problems = checkPolicyAgainstDirectory(policy, KNOWN);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['versions[0].orgUnitOverrides.bauamt', 'versions[2].orgUnitOverrides.bauamt', 'versions[2].orgUnitOverrides.Sg-21'],
    );
    assert.match(problems[2]?.problem ?? '', /did you mean "sg-21"\?/);
  });

  it('checks every version of a policy built in code, each with its own overrides', () => {
    const base = parsePolicy(policyText(V2023), 'p.yaml').versions[0]!;
    const version = (validFrom: string, units: string[]): PolicyVersion => ({
      ...base,
      validFrom,
      orgUnitOverrides: Object.fromEntries(units.map((u) => [u, { leadTimeDays: 1 }])),
    });
    const policy: Policy = {
      organisation: { id: 't', name: 'T', state: 'BY', timeZone: 'Europe/Berlin' },
      vpn: DEFAULT_VPN_POLICY,
      versions: [version('2023-01-01', ['lra']), version('2024-01-01', ['x']), version('2025-01-01', ['x', 'lra'])],
    };
    assert.deepEqual(
      checkPolicyAgainstDirectory(policy, KNOWN).map((p) => p.path),
      ['versions[1].orgUnitOverrides.x', 'versions[2].orgUnitOverrides.x'],
    );
  });

  it('adds the line when it can locate the path, and shortens a long list of known units', () => {
    const policy = parsePolicy(policyText(`${V2023}    orgUnitOverrides: { bauamt: {} }\n`), 'p.yaml');
    const many = Array.from({ length: 25 }, (_, i) => `unit-${i + 1}`);
    const [problem] = checkPolicyAgainstDirectory(policy, many, (path) => (path.at(-1) === 'bauamt' ? { line: 7 } : undefined));
    assert.equal(problem?.line, 7);
    assert.match(problem?.problem ?? '', /known: unit-1, unit-2, .*unit-20 and 5 more$/);
  });

  it('says so when the directory has no org units at all', () => {
    const policy = parsePolicy(policyText(`${V2023}    orgUnitOverrides: { bauamt: {} }\n`), 'p.yaml');
    assert.equal(checkPolicyAgainstDirectory(policy, [])[0]?.problem, 'unknown org unit; the directory has no org units');
  });
});

describe('startApp with a policy naming an unknown org unit', () => {
  afterEach(cleanUp);

  it('fails with a ConfigFileError of the policy file before opening the store or the port', async () => {
    const dir = await tempDir();
    const policyFile = join(dir, 'policy.yaml');
    await writeFile(policyFile, policyText(`${V2023}    orgUnitOverrides: { bauamt: {} }\n`));
    const directory = parseDirectory('orgUnits: [{ id: lra, name: LRA }]\n', 'd.yaml');
    const dataDir = join(dir, 'data');
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, POLICY_FILE: policyFile });

    await assert.rejects(startApp(config, createMemoryLogger(), { directory, manualWorker: true }), (e: unknown) => {
      assert.ok(e instanceof ConfigFileError);
      assert.equal(e.file, policyFile);
      assert.deepEqual(e.problems, [{ path: 'versions[0].orgUnitOverrides.bauamt', problem: 'unknown org unit; known: lra', line: 5 }]);
      return true;
    });
    assert.ok(!(await readdir(dir)).includes('data'), 'the store was opened');
  });
});
