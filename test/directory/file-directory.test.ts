import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigFileError } from '../../src/config/config-file-error.js';
import { loadDirectoryFile, orgUnitChain, parseDirectory } from '../../src/directory/file-directory.js';

const id = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

const UNITS = `orgUnits:
  - { id: lra, name: Landratsamt }
  - { id: sg-21, name: Bauaufsicht, parent: lra }
`;

function person(n: number, extra = ''): string {
  return `  - { id: ${id(n)}, name: Person ${n}, orgUnit: sg-21, weeklyHours: 39, startDate: 2020-01-01${extra ? `, ${extra}` : ''} }\n`;
}

function expectFileError(text: string, fileName = 'samples/broken.yaml'): ConfigFileError {
  try {
    parseDirectory(text, fileName);
  } catch (e) {
    assert.ok(e instanceof ConfigFileError, `expected ConfigFileError, got ${String(e)}`);
    assert.equal(e.file, fileName);
    return e;
  }
  assert.fail('expected a ConfigFileError');
}

function assertProblem(err: ConfigFileError, path: string, problem: RegExp): void {
  const found = err.problems.find((p) => p.path === path && problem.test(p.problem));
  assert.ok(found, `no problem at ${path} matching ${String(problem)} in:\n${err.message}`);
}

describe('staff directory file', () => {
  describe('the sample directory', () => {
    it('loads the Landratsamt Musterkreis with its people and units', async () => {
      const dir = await loadDirectoryFile('samples/directory.yaml');
      assert.ok((await dir.count()) >= 12);
      const head = await dir.getPerson(id(1));
      assert.equal(head?.displayName, 'Dr. Katharina Vogt');
      assert.equal(head?.managerId, undefined);
      const reports = await dir.listReports(id(1));
      assert.ok(reports.length >= 5);
      assert.ok(reports.every((p) => p.managerId === id(1)));
    });

    it('keeps the part-timer’s own days (19.5 h Mon–Wed)', async () => {
      const dir = await loadDirectoryFile('samples/directory.yaml');
      const partTimer = (await dir.listOrgUnitMembers('sg-21')).find((p) => p.weeklyHours === 19.5);
      assert.deepEqual(partTimer?.hoursByWeekday, { mon: 6.5, tue: 6.5, wed: 6.5, thu: 0, fri: 0, sat: 0, sun: 0 });
    });

    it('spreads weekly hours evenly over Mon–Fri when no days are given', async () => {
      const dir = await loadDirectoryFile('samples/directory.yaml');
      const p = await dir.getPerson(id(3));
      assert.deepEqual(p?.hoursByWeekday, { mon: 7.8, tue: 7.8, wed: 7.8, thu: 7.8, fri: 7.8, sat: 0, sun: 0 });
    });

    it('has a new starter in October 2026 and an English-speaking colleague', async () => {
      const dir = await loadDirectoryFile('samples/directory.yaml');
      assert.ok(dir.allPeople().some((p) => p.startDate === '2026-10-01'));
      assert.ok(dir.allPeople().some((p) => p.preferredLocale === 'en'));
    });

    it('gives the chain of org units from the own unit up to the root', async () => {
      const dir = await loadDirectoryFile('samples/directory.yaml');
      assert.deepEqual(await orgUnitChain(dir, 'sg-21'), ['sg-21', 'fb-2', 'lra']);
      assert.deepEqual(await orgUnitChain(dir, 'lra'), ['lra']);
      assert.deepEqual(await orgUnitChain(dir, 'nope'), []);
    });

    it('finds a person whatever the case of the GUID', async () => {
      const dir = parseDirectory(`${UNITS}people:\n${person(10).replace(id(10), 'AAAAAAAA-0000-0000-0000-00000000000A')}`, 'd.yaml');
      assert.ok(await dir.getPerson('aaaaaaaa-0000-0000-0000-00000000000a'));
      assert.ok(await dir.getPerson('AAAAAAAA-0000-0000-0000-00000000000A'));
    });
  });

  describe('refusing a broken directory names file, path and problem', () => {
    it('refuses a manager cycle', () => {
      const err = expectFileError(
        `${UNITS}people:\n${person(1, `manager: ${id(3)}`)}${person(2, `manager: ${id(1)}`)}${person(3, `manager: ${id(2)}`)}`,
      );
      assertProblem(err, 'people[0].manager', /manager cycle: Person 1 \(people\[0\]\) → Person 3 \(people\[2\]\) → Person 2 \(people\[1\]\) → Person 1/);
      assert.equal(err.problems.length, 1, 'one cycle is reported once');
    });

    it('refuses a person who is their own manager', () => {
      const err = expectFileError(`${UNITS}people:\n${person(1)}${person(2, `manager: ${id(2)}`)}`);
      assertProblem(err, 'people[1].manager', /manager cycle/);
    });

    it('refuses a dangling manager', () => {
      const err = expectFileError(`${UNITS}people:\n${person(1)}${person(2)}${person(3)}${person(4, `manager: ${id(99)}`)}`);
      assertProblem(err, 'people[3].manager', new RegExp(`no person with id "${id(99)}"`));
      assert.match(err.message, /^samples\/broken\.yaml: people\[3\]\.manager: no person with id/m);
    });

    it('refuses hours per day that do not add up to the weekly hours', () => {
      const err = expectFileError(`${UNITS}people:\n${person(1, 'hours: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 6 }')}`);
      assertProblem(err, 'people[0].hours', /add up to 38, but weeklyHours is 39/);
    });

    it('accepts hours that add up within 0.01', () => {
      const text = `${UNITS}people:\n${person(1, 'hours: { mon: 7.8, tue: 7.8, wed: 7.8, thu: 7.8, fri: 7.795 }')}`;
      assert.doesNotThrow(() => parseDirectory(text, 'd.yaml'));
    });

    it('refuses duplicate person ids', () => {
      const err = expectFileError(`${UNITS}people:\n${person(1)}${person(2)}${person(1)}`);
      assertProblem(err, 'people[2].id', /duplicate id .* \(already used by people\[0\]\)/);
    });

    it('refuses duplicate org unit ids', () => {
      const err = expectFileError(`${UNITS}  - { id: lra, name: Doppelt }\npeople: []\n`);
      assertProblem(err, 'orgUnits[2].id', /duplicate id "lra"/);
    });

    it('refuses an unknown org unit of a person and an unknown parent', () => {
      const err = expectFileError(`${UNITS}  - { id: x, name: X, parent: nowhere }\npeople:\n${person(1).replace('sg-21', 'sg-99')}`);
      assertProblem(err, 'people[0].orgUnit', /no org unit with id "sg-99"/);
      assertProblem(err, 'orgUnits[2].parent', /no org unit with id "nowhere"/);
    });

    it('refuses a parent cycle of org units', () => {
      const err = expectFileError(`orgUnits:\n  - { id: a, name: A, parent: b }\n  - { id: b, name: B, parent: a }\npeople: []\n`);
      assertProblem(err, 'orgUnits[0].parent', /parent cycle: a → b → a/);
    });

    it('refuses an id that is not a GUID, an unknown key and a bad locale, with their lines', () => {
      const err = expectFileError(
        `${UNITS}people:\n  - id: max\n    name: Max\n    orgUnit: sg-21\n    weeklyHours: 39\n    startDate: 2020-01-01\n    locale: fr\n    mangaer: x\n`,
      );
      assertProblem(err, 'people[0].id', /must be an Entra object id/);
      assertProblem(err, 'people[0].locale', /must be one of de, en \(got "fr"\)/);
      assertProblem(err, 'people[0].mangaer', /unknown key/);
      assert.equal(err.problems.find((p) => p.path === 'people[0].locale')?.line, 10);
    });
  });

  describe('loading from disk', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'directory-test-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('loads JSON and names the file in errors', async () => {
      const good = join(dir, 'staff.json');
      await writeFile(
        good,
        JSON.stringify({
          orgUnits: [{ id: 'lra', name: 'LRA' }],
          people: [{ id: id(1), name: 'A', orgUnit: 'lra', weeklyHours: 19.5, hours: { mon: 10, tue: 9.5 }, startDate: '2024-01-01' }],
        }),
      );
      const d = await loadDirectoryFile(good);
      assert.equal((await d.getPerson(id(1)))?.hoursByWeekday.tue, 9.5);
      assert.equal((await d.listOrgUnitMembers('lra')).length, 1);

      const bad = join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ orgUnits: [{ id: 'lra', name: 'LRA' }], people: [{ id: id(1), name: 'A', orgUnit: 'x', weeklyHours: 39, startDate: '2024-01-01' }] }));
      await assert.rejects(loadDirectoryFile(bad), (e: unknown) => {
        assert.ok(e instanceof ConfigFileError);
        assert.ok(e.message.startsWith(`${bad}: people[0].orgUnit: no org unit with id "x"`), e.message);
        return true;
      });
    });
  });
});
