import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigFileError } from '../../src/config/config-file-error.js';
import { parseStructuredText } from '../../src/config/config-file.js';
import { loadConfig } from '../../src/config/config.js';
import { startApp } from '../../src/composition.js';
import { checkInventoryAgainstDirectory, type KnownIds } from '../../src/desks/check-inventory-against-directory.js';
import { inventoryStructureSchema, type InventoryFile } from '../../src/desks/inventory-schema.js';
import { loadInventoryFile } from '../../src/desks/load-inventory.js';
import { loadDirectoryFile, parseDirectory } from '../../src/directory/file-directory.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { cleanUp, spawnBot, STACK_FRAME, tempDir } from '../process/bot-process.js';

const KNOWN: KnownIds = {
  orgUnitIds: ['lra', 'fb-2', 'sg-21'],
  personIds: ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000ab'],
};

/** One site, one floor, one room with the given lines added to floor, room and desks. */
const yaml = (o: { floor?: string; room?: string; desks: string[] }) => `sites:
  - id: hq
    name: Rathaus
    buildings:
      - id: hq-a
        name: A
        floors:
          - id: hq-a-1
            name: 1. OG
${o.floor ? `            ${o.floor}\n` : ''}            rooms:
              - id: hq-a-1-101
                name: "101"
${o.room ? `                ${o.room}\n` : ''}                desks:
${o.desks.map((d) => `                  - ${d}`).join('\n')}
`;

function fileOf(text: string): { file: InventoryFile; locate: ReturnType<typeof parseStructuredText>['locate'] } {
  const parsed = parseStructuredText(text, 'desks.yaml');
  return { file: inventoryStructureSchema.parse(parsed.data), locate: parsed.locate };
}

describe('checkInventoryAgainstDirectory', () => {
  it('finds nothing in the sample inventory against the sample directory', async () => {
    const directory = await loadDirectoryFile('samples/directory.yaml');
    const { file } = fileOf(await readFile('samples/desks.yaml', 'utf8'));
    const known = { orgUnitIds: directory.allOrgUnits().map((u) => u.id), personIds: directory.allPeople().map((p) => p.id) };
    assert.ok(file.sites.some((s) => s.buildings.some((b) => b.floors.some((f) => f.rooms.some((r) => r.reservedFor?.length)))), 'the sample has team zones');
    assert.deepEqual(checkInventoryAgainstDirectory(file, known), []);
  });

  it('finds nothing when every team zone and assignment names known ids', () => {
    const { file } = fileOf(
      yaml({ floor: 'reservedFor: [fb-2]', room: 'reservedFor: [sg-21]', desks: ['{ id: d1, status: assigned, assignedTo: 00000000-0000-0000-0000-000000000001 }', '{ id: d2, reservedFor: [] }'] }),
    );
    assert.deepEqual(checkInventoryAgainstDirectory(file, KNOWN), []);
  });

  it('reports an unknown team-zone unit where the file writes it (floor, room, desk), with its line and the known units', () => {
    const text = yaml({ floor: 'reservedFor: [bauamt]', room: 'reservedFor: [sg-21, sg-12]', desks: ['{ id: d1 }', '{ id: d2, reservedFor: [it] }'] });
    const { file, locate } = fileOf(text);
    const problems = checkInventoryAgainstDirectory(file, KNOWN, locate);
    assert.deepEqual(
      problems.map((p) => [p.path, p.line]),
      [
        ['sites[0].buildings[0].floors[0].reservedFor[0]', 10],
        ['sites[0].buildings[0].floors[0].rooms[0].reservedFor[1]', 14],
        ['sites[0].buildings[0].floors[0].rooms[0].desks[1].reservedFor[0]', 17],
      ],
    );
    assert.equal(problems[0]?.problem, 'unknown org unit "bauamt" in the team zone; known: lra, fb-2, sg-21');
    assert.equal(problems[2]?.deskId, 'd2');
  });

  it('hints at the spelling when a unit differs only in case', () => {
    const { file } = fileOf(yaml({ desks: ['{ id: d1, reservedFor: [SG-21] }'] }));
    assert.match(checkInventoryAgainstDirectory(file, KNOWN)[0]?.problem ?? '', /did you mean "sg-21"\? ids are case-sensitive/);
  });

  it('reports a desk assigned to someone who is not in the directory, without listing the directory', () => {
    const { file } = fileOf(yaml({ desks: ['{ id: d1, status: assigned, assignedTo: 00000000-0000-0000-0000-000000000099 }'] }));
    const [problem, ...rest] = checkInventoryAgainstDirectory(file, KNOWN);
    assert.deepEqual(rest, []);
    assert.equal(problem?.path, 'sites[0].buildings[0].floors[0].rooms[0].desks[0].assignedTo');
    assert.equal(problem?.problem, 'the desk is assigned to "00000000-0000-0000-0000-000000000099", who is not in the staff directory');
    assert.ok(!problem.problem.includes('0000000000ab'), 'lists people of the directory');
  });

  it('rejects an upper-case Entra id that the booking rules would never match', () => {
    const { file } = fileOf(yaml({ desks: ['{ id: d1, status: assigned, assignedTo: 00000000-0000-0000-0000-0000000000AB }'] }));
    assert.match(checkInventoryAgainstDirectory(file, KNOWN)[0]?.problem ?? '', /"00000000-0000-0000-0000-0000000000ab" \(lower case\)/);
  });

  it('says so when the directory has no org units', () => {
    const { file } = fileOf(yaml({ desks: ['{ id: d1, reservedFor: [sg-21] }'] }));
    assert.match(checkInventoryAgainstDirectory(file, { orgUnitIds: [], personIds: [] })[0]?.problem ?? '', /the directory has no org units$/);
  });
});

describe('startApp with a desk inventory that does not match the directory', () => {
  afterEach(cleanUp);
  const directory = parseDirectory(
    'orgUnits: [{ id: lra, name: LRA }, { id: sg-21, name: SG 21 }, { id: buergerbuero, name: BB }]\npeople: [{ id: 00000000-0000-0000-0000-000000000001, name: Leitung, orgUnit: lra, weeklyHours: 40, startDate: 2020-01-01 }]\n',
    'd.yaml',
  );

  it('fails with a ConfigFileError of the desks file (path, line) before opening the store or the port', async () => {
    const dir = await tempDir();
    const desksFile = join(dir, 'desks.yaml');
    await writeFile(desksFile, yaml({ room: 'reservedFor: [sg-12]', desks: ['{ id: d1 }'] }));
    const config = loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), DESKS_FILE: desksFile });

    await assert.rejects(startApp(config, createMemoryLogger(), { directory, manualWorker: true }), (e: unknown) => {
      assert.ok(e instanceof ConfigFileError);
      assert.equal(e.file, desksFile);
      assert.deepEqual(e.problems, [
        { path: 'sites[0].buildings[0].floors[0].rooms[0].reservedFor[0]', problem: 'unknown org unit "sg-12" in the team zone; known: lra, sg-21, buergerbuero', line: 13 },
      ]);
      return true;
    });
    assert.ok(!(await readdir(dir)).includes('data'), 'the store was opened');
  });

  it('names the CSV column, the desk and its row for a CSV inventory', async () => {
    const dir = await tempDir();
    const desksFile = join(dir, 'desks.csv');
    await writeFile(
      desksFile,
      'Standort;Gebäude;Etage;Raum;Platz;Status;Reserviert für;Zugewiesen an\n' +
        'Rathaus;A;1. OG;101;d1;;sg-21;\n' +
        'Rathaus;A;1. OG;101;d2;zugewiesen;;00000000-0000-0000-0000-000000000042\n',
    );
    const config = loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), DESKS_FILE: desksFile });
    await assert.rejects(startApp(config, createMemoryLogger(), { directory, manualWorker: true }), (e: unknown) => {
      assert.ok(e instanceof ConfigFileError);
      assert.deepEqual(
        e.problems.map((p) => [p.path, p.line]),
        [['Zugewiesen an (assignedTo), desk d2', 3]],
      );
      return true;
    });
  });

  it('is not run for an inventory passed in by a test (overrides)', async () => {
    const dir = await tempDir();
    const desksFile = join(dir, 'desks.yaml');
    await writeFile(desksFile, yaml({ desks: ['{ id: d1, reservedFor: [nowhere] }'] }));
    const inventory = await loadInventoryFile(desksFile);
    const config = loadConfig({ PORT: '0', DATA_DIR: join(dir, 'data'), DESKS_FILE: desksFile });
    const app = await startApp(config, createMemoryLogger(), { directory, inventory, manualWorker: true });
    await app.stop();
  });
});

describe('the bot process with a desk inventory naming an unknown org unit', function () {
  this.timeout(30_000);
  afterEach(cleanUp);

  it('exits with 2 and names the desks file, the path and the problem, without a stack', async () => {
    const dir = await tempDir('mwb-config-');
    const desksFile = join(dir, 'desks.yaml');
    await writeFile(desksFile, yaml({ floor: 'reservedFor: [bauamt]', desks: ['{ id: d1 }'] }));
    const bot = spawnBot({ PORT: '0', DATA_DIR: join(dir, 'data'), DESKS_FILE: desksFile });
    const exit = await bot.exited(20_000);
    assert.equal(exit.code, 2, `${bot.stdout()}\n${bot.stderr()}`);
    assert.match(bot.stderr(), /Configuration file error \/ Fehler in Konfigurationsdatei:/);
    assert.ok(
      bot.stderr().includes(`${desksFile}: sites[0].buildings[0].floors[0].reservedFor[0]: unknown org unit "bauamt" in the team zone; known: lra, `),
      bot.stderr(),
    );
    assert.match(bot.stderr(), /\(line 10\)/);
    assert.doesNotMatch(bot.stderr(), STACK_FRAME);
    assert.ok(!bot.logs().some((l) => l.event === 'started'), 'it started anyway');
  });
});
