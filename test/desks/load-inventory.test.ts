import { ConfigFileError } from '../../src/config/config-file-error.js';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { fileError } from '../support/file-error.js';
import { DESK_ATTRIBUTES } from '../../src/domain/desk-model.js';
import { loadInventoryFile, parseInventory } from '../../src/desks/load-inventory.js';


const ONE = (desk: string, extra = '') => `sites:
  - id: hq
    name: Rathaus
    buildings:
      - id: hq-a
        name: A
        floors:
          - id: hq-a-1
            name: 1. OG
            rooms:
              - id: hq-a-1-101
                name: "101"
                desks:
                  - ${desk}
${extra}`;

describe('desk inventory file', () => {
  describe('samples/desks.yaml', () => {
    it('Landratsamt Musterkreis: 2 sites, 4 floors, 40 desks', async () => {
      const inv = await loadInventoryFile('samples/desks.yaml');
      assert.deepEqual(inv.sites.map((s) => s.name), ['Hauptgebäude Landratsamt', 'Außenstelle Bauamt']);
      assert.deepEqual(inv.floors.map((f) => `${f.name}:${f.maxOccupancy}`), ['EG:12', '1. OG:15', '2. OG:14', 'EG:7']);
      assert.equal(inv.desks.length, 40);
      assert.equal(new Set(inv.desks.map((d) => d.id)).size, 40);
      assert.ok(inv.desks.every((d) => d.attributes.every((a) => DESK_ATTRIBUTES.includes(a))));
    });

    it('2 accessible desks, a zone of sg-21 on the 2. OG, one assigned and one unavailable desk', async () => {
      const inv = await loadInventoryFile('samples/desks.yaml');
      assert.equal(inv.desks.filter((d) => d.attributes.includes('accessible')).length, 2);
      const zone = inv.desks.filter((d) => d.reservedFor.includes('sg-21'));
      assert.equal(zone.length, 7);
      assert.ok(zone.every((d) => d.floorId === 'hq-a-2'));
      assert.deepEqual(inv.desks.filter((d) => d.status === 'assigned').map((d) => [d.id, d.assignedTo]), [['A-1-112-1', '00000000-0000-0000-0000-000000000011']]);
      assert.deepEqual(inv.desks.filter((d) => d.status === 'unavailable').map((d) => d.id), ['A-1-115-3']);
    });

    it('reads the same inventory from JSON', async () => {
      const yaml = await readFile('samples/desks.yaml', 'utf8');
      assert.deepEqual(parseInventory(JSON.stringify(parseYaml(yaml)), 'desks.json'), parseInventory(yaml, 'desks.yaml'));
    });
  });

  describe('defaults and inheritance', () => {
    it('label = id, status bookable, no attributes, open to everyone', () => {
      const [d] = parseInventory(ONE('{ id: X-1 }'), 'i.yaml').desks;
      assert.deepEqual(d, { id: 'X-1', label: 'X-1', siteId: 'hq', buildingId: 'hq-a', floorId: 'hq-a-1', roomId: 'hq-a-1-101', attributes: [], status: 'bookable', reservedFor: [] });
    });

    it('reservedFor: desk over room over floor; [] on a desk opens it', () => {
      const text = `sites:
  - id: s
    name: S
    buildings:
      - id: b
        name: B
        floors:
          - id: f
            name: F
            reservedFor: [fb-2]
            rooms:
              - id: r1
                name: R1
                reservedFor: [sg-21]
                desks: [{ id: a }, { id: b, reservedFor: [it-service] }, { id: c, reservedFor: [] }]
              - id: r2
                name: R2
                desks: [{ id: d }]
`;
      const inv = parseInventory(text, 'i.yaml');
      assert.deepEqual(inv.desks.map((d) => [d.id, d.reservedFor]), [['a', ['sg-21']], ['b', ['it-service']], ['c', []], ['d', ['fb-2']]]);
    });
  });

  describe('refusing broken inventories names file, path, problem and line', () => {
    const cases: Array<{ name: string; text: string; file?: string; path: string; problem: RegExp; line?: number }> = [
      { name: 'an unknown attribute', text: ONE('{ id: X-1, attributes: [monitor] }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].attributes[0]', problem: /must be one of docking-station, .*phone/, line: 14 },
      { name: 'an attribute twice', text: ONE('{ id: X-1, attributes: [phone, phone] }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].attributes', problem: /same attribute twice/, line: 14 },
      { name: 'an unknown status', text: ONE('{ id: X-1, status: broken }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].status', problem: /must be one of bookable, assigned, unavailable/, line: 14 },
      { name: 'assigned without a person', text: ONE('{ id: X-1, status: assigned }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].assignedTo', problem: /required when status is assigned/, line: 14 },
      { name: 'a person without status assigned', text: ONE('{ id: X-1, assignedTo: p-1 }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].status', problem: /must be assigned when assignedTo is given/, line: 14 },
      { name: 'a duplicate desk id', text: ONE('{ id: X-1 }', '                  - { id: X-1 }\n'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[1].id', problem: /duplicate desk id "X-1" \(first at sites\[0\]\.buildings\[0\]\.floors\[0\]\.rooms\[0\]\.desks\[0\]\)/, line: 15 },
      { name: 'an id with a space', text: ONE('{ id: "X 1" }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].id', problem: /letters, digits/, line: 14 },
      { name: 'a typo in a key', text: ONE('{ id: X-1, lable: x }'), path: 'sites[0].buildings[0].floors[0].rooms[0].desks[0].lable', problem: /unknown key/, line: 14 },
      { name: 'a room without desks', text: 'sites:\n  - id: s\n    name: S\n    buildings:\n      - id: b\n        name: B\n        floors:\n          - id: f\n            name: F\n            rooms:\n              - { id: r, name: R, desks: [] }\n', path: 'sites[0].buildings[0].floors[0].rooms[0].desks', problem: /at least 1 entry/, line: 11 },
      { name: 'a zero occupancy limit', text: ONE('{ id: X-1 }').replace('name: 1. OG', 'name: 1. OG\n            maxOccupancy: 0'), path: 'sites[0].buildings[0].floors[0].maxOccupancy', problem: /at least 1/, line: 10 },
      { name: 'no sites', text: 'sites: []\n', path: 'sites', problem: /at least 1 entry/, line: 1 },
      { name: 'YAML syntax', text: 'sites: [\n', path: '', problem: /YAML syntax error/ },
      { name: 'a text file', text: 'x', file: 'desks.txt', path: '', problem: /unsupported file type/ },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const file = c.file ?? 'samples/x.yaml';
        const err = fileError(() => parseInventory(c.text, file));
        const p = err.problems.find((q) => q.path === c.path);
        assert.ok(p, `no problem at "${c.path}": ${err.message}`);
        assert.match(p.problem, c.problem);
        if (c.line !== undefined) assert.equal(p.line, c.line, err.message);
        assert.ok(err.message.startsWith(`${file}: `), err.message);
      });
    }

    it('a missing file', async () => {
      await assert.rejects(loadInventoryFile('samples/no-such-desks.yaml'), (e: unknown) => e instanceof ConfigFileError && /file not found/.test(e.message));
    });

    it('lists every problem, not only the first', () => {
      const err = fileError(() => parseInventory(ONE('{ id: X-1, attributes: [monitor], status: broken }'), 'x.yaml'));
      assert.equal(err.problems.length, 2);
    });
  });
});
