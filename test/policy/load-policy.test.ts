import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from '../../src/config/config-file-error.js';
import { loadPolicyFile, parsePolicy } from '../../src/policy/load-policy.js';

const MINIMAL = `organisation: { id: lra, name: Landratsamt, state: BY }
versions:
  - validFrom: 2023-01-01
    name: DV 2023
`;

function expectFileError(fn: () => unknown): ConfigFileError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigFileError, `expected ConfigFileError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigFileError');
}

describe('policy file', () => {
  describe('the shipped policies', () => {
    it('Münster-like: 4/5 of the weekly hours, one office day, 8 h standing telework, flexitime Mon–Sat 06–20, NW', async () => {
      const policy = await loadPolicyFile('policies/muenster-like.yaml');
      assert.equal(policy.organisation.state, 'NW');
      assert.equal(policy.organisation.timeZone, 'Europe/Berlin');
      const [v1, v2] = policy.versions;
      assert.ok(v1 && v2);
      assert.equal(v1.validFrom, '2019-01-01');
      assert.equal(v1.rules.quota.maxShareOfHours, 0.8);
      assert.equal(v1.rules.quota.averagingWindow, 'week');
      assert.equal(v1.rules.minOfficeDaysPerWeek, 1);
      assert.equal(v1.rules.location, 'anywhere');
      assert.equal(v1.rules.tracks.standing.minHoursPerWeek, 8);
      assert.equal(v1.rules.tracks.standing.approval, 'required');
      assert.equal(v1.rules.tracks.occasional.approval, 'notify');
      assert.deepEqual(v1.rules.flexitime, { days: [1, 2, 3, 4, 5, 6], from: '06:00', to: '20:00' });
      assert.deepEqual(v1.orgUnitOverrides['buergerbuero'], { presenceDays: [1, 4], minOnSiteShare: 0.5 });
    });

    it('Münster-like 2027 version changes only the averaging window and keeps the rest', async () => {
      const [v1, v2] = (await loadPolicyFile('policies/muenster-like.yaml')).versions;
      assert.ok(v1 && v2);
      assert.equal(v2.validFrom, '2027-01-01');
      assert.equal(v2.rules.quota.averagingWindow, 'month');
      assert.deepEqual({ ...v2.rules, quota: v1.rules.quota }, v1.rules);
      assert.deepEqual(v2.orgUnitOverrides, v1.orgUnitOverrides);
    });

    it('Kitzingen-like: home only, 40 % over two weeks, Tuesday team day, 3 months onboarding, 150 per day, BY', async () => {
      const policy = await loadPolicyFile('policies/kitzingen-like.yaml');
      assert.equal(policy.organisation.state, 'BY');
      const [v1, v2] = policy.versions;
      assert.ok(v1 && v2);
      assert.equal(v1.rules.location, 'home-only');
      assert.equal(v1.rules.quota.maxShareOfHours, 0.4);
      assert.equal(v1.rules.quota.averagingWindow, 'two-weeks');
      assert.equal(v1.rules.minOfficeDaysPerWeek, 1);
      assert.deepEqual(v1.rules.presenceDays, [2]);
      assert.equal(v1.rules.onboardingMonths, 3);
      assert.equal(v1.rules.capacityPerDay, 150);
      assert.equal(v1.rules.tracks.standing.approval, 'required');
      assert.equal(v1.rules.tracks.occasional.approval, 'required');
      assert.deepEqual(v1.orgUnitOverrides['buergerbuero'], { presenceDays: [1, 4], minOnSiteShare: 0.5 });
      assert.equal(v2.validFrom, '2027-01-01');
      assert.equal(v2.rules.capacityPerDay, 250);
      assert.equal(v2.rules.quota.maxShareOfHours, 0.4);
    });
  });

  describe('reading values', () => {
    it('fills every rule the file leaves out with a default', () => {
      const [v] = parsePolicy(MINIMAL, 'p.yaml').versions;
      assert.ok(v);
      assert.equal(v.rules.location, 'home-only');
      assert.equal(v.rules.tracks.standing.approval, 'required');
      assert.equal(v.rules.tracks.occasional.approval, 'required');
      assert.deepEqual(v.rules.presenceDays, []);
      assert.equal(v.rules.halfDaysAllowed, true);
      assert.deepEqual(v.orgUnitOverrides, {});
    });

    it('accepts shares as 0.8, "80%", "80,5 %" and "4/5"', () => {
      for (const [written, expected] of [['0.8', 0.8], ['"80%"', 0.8], ['"80,5 %"', 0.805], ['"4/5"', 0.8]] as const) {
        const text = `${MINIMAL}    rules: { quota: { maxShareOfHours: ${written} } }\n`;
        const share = parsePolicy(text, 'p.yaml').versions[0]?.rules.quota.maxShareOfHours;
        assert.ok(share !== undefined && Math.abs(share - expected) < 1e-9, `${written} → ${String(share)}`);
      }
    });

    it('reads the same policy from JSON', () => {
      const json = JSON.stringify({
        organisation: { id: 'lra', name: 'LRA', state: 'HE' },
        versions: [{ validFrom: '2024-01-01', name: 'DV', rules: { presenceDays: ['fri', 'mon'] } }],
      });
      const policy = parsePolicy(json, 'p.json');
      assert.deepEqual(policy.versions[0]?.rules.presenceDays, [1, 5]);
    });
  });

  describe('refusing broken policies names file, path and problem', () => {
    const cases: Array<{ name: string; text: string; path: string; problem: RegExp; line?: number }> = [
      {
        name: 'a share above 1',
        text: `${MINIMAL}    rules:\n      quota:\n        maxShareOfHours: 1.5\n`,
        path: 'versions[0].rules.quota.maxShareOfHours',
        problem: /must be at most 1 \(got 1\.5\)/,
        line: 7,
      },
      {
        name: 'a percentage above 100',
        text: `${MINIMAL}    rules: { minOnSiteShare: "150%" }\n`,
        path: 'versions[0].rules.minOnSiteShare',
        problem: /must be at most 1 \(got 1\.5\)/,
      },
      {
        name: 'an unknown key (typo)',
        text: `${MINIMAL}    rules:\n      presenceDay: [tue]\n`,
        path: 'versions[0].rules.presenceDay',
        problem: /unknown key/,
        line: 6,
      },
      {
        name: 'a bad weekday',
        text: `${MINIMAL}    rules: { presenceDays: [mon, dienstag] }\n`,
        path: 'versions[0].rules.presenceDays[1]',
        problem: /must be one of mon, tue, wed, thu, fri, sat, sun \(got "dienstag"\)/,
      },
      {
        name: 'versions out of order',
        text: `${MINIMAL}  - validFrom: 2022-06-01\n    name: older\n`,
        path: 'versions[1].validFrom',
        problem: /must be after validFrom of versions\[0\] \(2023-01-01\)/,
      },
      {
        name: 'two versions on the same day',
        text: `${MINIMAL}  - validFrom: 2023-01-01\n    name: same\n`,
        path: 'versions[1].validFrom',
        problem: /must be after/,
      },
      {
        name: 'a bad state',
        text: MINIMAL.replace('state: BY', 'state: Bayern'),
        path: 'organisation.state',
        problem: /must be a German state code .*\(got "Bayern"\)/,
      },
      {
        name: 'an impossible date',
        text: MINIMAL.replace('2023-01-01', '2023-02-30'),
        path: 'versions[0].validFrom',
        problem: /must be a date like 2026-01-31 \(got "2023-02-30"\)/,
      },
      {
        name: 'months that are not whole numbers',
        text: `${MINIMAL}    rules: { onboardingMonths: 2.5 }\n`,
        path: 'versions[0].rules.onboardingMonths',
        problem: /whole number/,
      },
      {
        name: 'an unknown key in an org unit override',
        text: `${MINIMAL}    orgUnitOverrides:\n      buergerbuero: { presenceDayz: [mon] }\n`,
        path: 'versions[0].orgUnitOverrides.buergerbuero.presenceDayz',
        problem: /unknown key/,
      },
      {
        name: 'invalid YAML',
        text: `${MINIMAL}    rules:\n      quota: { maxShareOfHours: 0.5\n`,
        path: '',
        problem: /YAML syntax error/,
      },
    ];

    for (const c of cases) {
      it(`refuses ${c.name}`, () => {
        const err = expectFileError(() => parsePolicy(c.text, 'policies/broken.yaml'));
        assert.equal(err.code, 'CONFIG_FILE_INVALID');
        assert.equal(err.file, 'policies/broken.yaml');
        const found = err.problems.find((p) => p.path === c.path && c.problem.test(p.problem));
        assert.ok(found, `no problem at ${c.path} matching ${String(c.problem)} in:\n${err.message}`);
        if (c.line !== undefined) assert.equal(found.line, c.line);
        assert.match(err.message, new RegExp(`^policies/broken\\.yaml: ${c.path ? c.path.replace(/[[\].]/g, '\\$&') + ': ' : ''}`, 'm'));
      });
    }

    it('names the line of a YAML syntax error', () => {
      const err = expectFileError(() => parsePolicy('organisation:\n  id: a\n   name: b\n', 'policies/broken.yaml'));
      assert.ok(err.problems[0]?.line !== undefined && err.problems[0].line >= 2, err.message);
      assert.match(err.message, /^policies\/broken\.yaml: YAML syntax error: .*\(line \d+, column \d+\)/);
    });

    it('refuses duplicate keys in YAML', () => {
      const err = expectFileError(() => parsePolicy(`${MINIMAL}    rules: { leadTimeDays: 1, leadTimeDays: 2 }\n`, 'p.yaml'));
      assert.match(err.message, /YAML syntax error/);
    });

    it('names the line and column of a JSON syntax error', () => {
      const err = expectFileError(() => parsePolicy('{\n  "organisation": {,}\n}', 'policies/broken.json'));
      assert.equal(err.problems[0]?.line, 2);
      assert.match(err.message, /^policies\/broken\.json: JSON syntax error/);
    });

    it('lists every problem of a file, not only the first', () => {
      const text = `${MINIMAL.replace('state: BY', 'state: XX')}    rules: { quota: { maxShareOfHours: 2 }, lead: 1 }\n`;
      const err = expectFileError(() => parsePolicy(text, 'p.yaml'));
      assert.deepEqual(err.problems.map((p) => p.path).sort(), [
        'organisation.state',
        'versions[0].rules.lead',
        'versions[0].rules.quota.maxShareOfHours',
      ]);
    });

    it('refuses a file type it cannot read', () => {
      const err = expectFileError(() => parsePolicy(MINIMAL, 'policies/x.toml'));
      assert.match(err.message, /unsupported file type/);
    });
  });

  describe('loading from disk', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'policy-test-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('loads a YAML file and names the file path in errors', async () => {
      const good = join(dir, 'good.yaml');
      await writeFile(good, MINIMAL);
      assert.equal((await loadPolicyFile(good)).versions.length, 1);

      const bad = join(dir, 'bad.yaml');
      await writeFile(bad, `${MINIMAL}    rules: { quota: { maxShareOfHours: 1.5 } }\n`);
      await assert.rejects(loadPolicyFile(bad), (e: unknown) => {
        assert.ok(e instanceof ConfigFileError);
        assert.equal(e.file, bad);
        assert.ok(e.message.startsWith(`${bad}: versions[0].rules.quota.maxShareOfHours: must be at most 1 (got 1.5)`), e.message);
        return true;
      });
    });

    it('reports a missing file as a file error', async () => {
      await assert.rejects(loadPolicyFile(join(dir, 'missing.yaml')), (e: unknown) => {
        assert.ok(e instanceof ConfigFileError);
        assert.match(e.message, /file not found/);
        return true;
      });
    });
  });
});
