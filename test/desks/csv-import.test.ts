import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileError } from '../support/file-error.js';
import { importDesksCsv, slug } from '../../src/desks/csv-import.js';
import { main as importCli } from '../../src/desks/import-cli.js';
import { inventoryToCsv, inventoryToYaml } from '../../src/desks/inventory-yaml.js';
import { loadInventoryFile, parseInventory } from '../../src/desks/load-inventory.js';


const HEADER_DE = 'Standort;Gebäude;Etage;Raum;Platz;Bezeichnung;Ausstattung;Status;Reserviert für;Zugewiesen an;Max. Etage';
const row = (cells: Partial<Record<'platz' | 'ausstattung' | 'status' | 'reserviert' | 'zugewiesen' | 'max' | 'etage' | 'raum', string>> = {}) =>
  ['Rathaus', 'Altbau', cells.etage ?? '1. OG', cells.raum ?? '101', cells.platz ?? 'A-1', '', cells.ausstattung ?? '', cells.status ?? '', cells.reserviert ?? '', cells.zugewiesen ?? '', cells.max ?? ''].join(';');

describe('desk CSV import', () => {
  describe('good files', () => {
    it('samples/desks.csv gives the same inventory as samples/desks.yaml', async () => {
      assert.deepEqual(await loadInventoryFile('samples/desks.csv'), await loadInventoryFile('samples/desks.yaml'));
    });

    it('German headers and words; ids made from the names', () => {
      const csv = [
        HEADER_DE,
        row({ platz: 'A-1', ausstattung: 'Dockingstation, zwei Monitore', max: '12' }),
        row({ platz: 'A-2', ausstattung: 'barrierefrei | höhenverstellbar', status: 'buchbar', max: '12' }),
        row({ platz: 'A-3', status: 'gesperrt' }),
        row({ platz: 'A-4', status: 'zugewiesen', zugewiesen: 'p-11', raum: '102' }),
        row({ platz: 'A-5', reserviert: 'sg-21, fb-2', etage: '2. OG', raum: 'Büro 2.14 (Team)' }),
      ].join('\n');
      const inv = importDesksCsv(csv, 'desks.csv');
      assert.deepEqual(inv.sites, [{ id: 'rathaus', name: 'Rathaus' }]);
      assert.deepEqual(inv.buildings, [{ id: 'rathaus-altbau', siteId: 'rathaus', name: 'Altbau' }]);
      assert.deepEqual(inv.floors.map((f) => [f.id, f.maxOccupancy]), [['rathaus-altbau-1-og', 12], ['rathaus-altbau-2-og', undefined]]);
      assert.deepEqual(inv.rooms.map((r) => r.id), ['rathaus-altbau-1-og-101', 'rathaus-altbau-1-og-102', 'rathaus-altbau-2-og-buero-2-14-team']);
      assert.deepEqual(
        inv.desks.map((d) => [d.id, d.label, d.attributes, d.status, d.assignedTo, d.reservedFor]),
        [
          ['A-1', 'A-1', ['docking-station', 'two-monitors'], 'bookable', undefined, []],
          ['A-2', 'A-2', ['accessible', 'height-adjustable'], 'bookable', undefined, []],
          ['A-3', 'A-3', [], 'unavailable', undefined, []],
          ['A-4', 'A-4', [], 'assigned', 'p-11', []],
          ['A-5', 'A-5', [], 'bookable', undefined, ['sg-21', 'fb-2']],
        ],
      );
    });

    it('English headers, comma separator, quoted lists, any column order, BOM and CRLF', () => {
      const csv = '\uFEFFdesk,site,building,floor,room,attributes,status,maxOccupancySite,floorId\r\n' +
        'X-1,Town Hall,Main,Ground,G01,"docking-station, phone",bookable,30,th-g\r\n' +
        'X-2,Town Hall,Main,Ground,G01,,,30,th-g\r\n';
      const inv = importDesksCsv(csv, 'desks.csv');
      assert.deepEqual(inv.sites, [{ id: 'town-hall', name: 'Town Hall', maxOccupancy: 30 }]);
      assert.deepEqual(inv.floors.map((f) => f.id), ['th-g']);
      assert.deepEqual(inv.desks.map((d) => [d.id, d.floorId, d.roomId, d.attributes]), [['X-1', 'th-g', 'th-g-g01', ['docking-station', 'phone']], ['X-2', 'th-g', 'th-g-g01', []]]);
    });

    it('slug: umlauts, ß and punctuation', () => {
      const table: Array<[string, string]> = [['Hauptgebäude Landratsamt', 'hauptgebaeude-landratsamt'], ['2. OG', '2-og'], ['Außenstelle Süd', 'aussenstelle-sued'], ['Raum 0.12 (Ruhe)', 'raum-0-12-ruhe']];
      for (const [name, id] of table) assert.equal(slug(name), id);
    });

    it('round trip: inventory → CSV → inventory and → YAML → inventory', async () => {
      const inv = await loadInventoryFile('samples/desks.yaml');
      assert.deepEqual(importDesksCsv(inventoryToCsv(inv), 'x.csv'), inv);
      assert.deepEqual(importDesksCsv(inventoryToCsv(inv, ','), 'x.csv'), inv);
      assert.deepEqual(parseInventory(inventoryToYaml(inv), 'x.yaml'), inv);
    });
  });

  describe('bad rows: the import fails with line, column and problem; nothing is imported', () => {
    const cases: Array<{ name: string; lines: string[]; line: number; column: string; problem: RegExp }> = [
      { name: 'an unknown attribute', lines: [row(), row({ platz: 'A-2', ausstattung: 'Docking, Beamer' })], line: 3, column: 'Ausstattung', problem: /unknown attribute "Beamer"/ },
      { name: 'an attribute twice', lines: [row({ ausstattung: 'Telefon, phone' })], line: 2, column: 'Ausstattung', problem: /twice/ },
      { name: 'an unknown status', lines: [row({ status: 'kaputt' })], line: 2, column: 'Status', problem: /bookable\/buchbar/ },
      { name: 'an empty desk id', lines: [row(), row({ platz: '' })], line: 3, column: 'Platz', problem: /must not be empty/ },
      { name: 'a duplicate desk id', lines: [row({ platz: 'A-1' }), row({ platz: 'A-2' }), row({ platz: 'A-1', raum: '102' })], line: 4, column: 'Platz', problem: /duplicate desk id "A-1"/ },
      { name: 'an id with a space', lines: [row({ platz: 'A 1' })], line: 2, column: 'Platz', problem: /letters, digits/ },
      { name: 'two limits for one floor', lines: [row({ platz: 'A-1', max: '10' }), row({ platz: 'A-2', max: '12' })], line: 3, column: 'Max. Etage', problem: /has 10 on line 2, here 12/ },
      { name: 'a limit that is not a number', lines: [row({ max: 'zehn' })], line: 2, column: 'Max. Etage', problem: /whole number/ },
      { name: 'assigned without a person', lines: [row({ status: 'zugewiesen' })], line: 2, column: 'Zugewiesen an', problem: /required when status is assigned/ },
      { name: 'a person without assigned', lines: [row({ zugewiesen: 'p-1' })], line: 2, column: 'Status', problem: /must be assigned/ },
      { name: 'too many fields', lines: [row() + ';x;y'], line: 2, column: '', problem: /has 13 fields, the header has 11/ },
      { name: 'a bad org unit id', lines: [row({ reserviert: 'sg 21' })], line: 2, column: 'Reserviert für', problem: /letters, digits/ },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const err = fileError(() => importDesksCsv([HEADER_DE, ...c.lines].join('\n'), 'import/desks.csv'));
        const p = err.problems.find((q) => q.line === c.line && q.path === c.column);
        assert.ok(p, `no problem at line ${c.line}, column "${c.column}": ${err.message}`);
        assert.match(p.problem, c.problem);
        assert.ok(err.message.startsWith('import/desks.csv: '), err.message);
        assert.match(err.message, new RegExp(`\\(line ${c.line}\\)`));
      });
    }

    const headerCases: Array<{ name: string; text: string; problem: RegExp }> = [
      { name: 'a required column is missing', text: 'Standort;Gebäude;Etage;Platz\nA;B;C;D\n', problem: /Raum: required column is missing/ },
      { name: 'an unknown column', text: 'Standort;Gebäude;Etage;Raum;Platz;Farbe\nA;B;C;D;E;rot\n', problem: /Farbe: unknown column/ },
      { name: 'a column twice', text: 'Standort;Gebäude;Etage;Raum;Platz;desk\nA;B;C;D;E;F\n', problem: /desk: the same column as "Platz"/ },
      { name: 'an empty file', text: '', problem: /the file is empty/ },
      { name: 'a header only', text: `${HEADER_DE}\n`, problem: /no desks/ },
      { name: 'an open quote', text: `${HEADER_DE}\n"Rathaus;Altbau\n`, problem: /CSV syntax error: Quote Not Closed/ },
    ];
    for (const c of headerCases) {
      it(c.name, () => {
        const err = fileError(() => importDesksCsv(c.text, 'desks.csv'));
        assert.match(err.message, c.problem);
      });
    }

    it('lists every bad row, not only the first', () => {
      const err = fileError(() => importDesksCsv([HEADER_DE, row({ ausstattung: 'Beamer' }), row({ platz: 'A-2' }), row({ platz: 'A-3', status: 'kaputt' })].join('\n'), 'desks.csv'));
      assert.deepEqual(err.problems.map((p) => p.line), [2, 4]);
    });
  });

  describe('desks:import CLI', () => {
    let dir = '';
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'desks-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('writes the YAML inventory of a CSV file', async () => {
      const out = join(dir, 'desks.yaml');
      const code = await importCli(['samples/desks.csv', '--out', out]);
      assert.equal(code, 0);
      const text = await readFile(out, 'utf8');
      assert.match(text, /^# Arbeitsplatzinventar/);
      assert.deepEqual(parseInventory(text, out), await loadInventoryFile('samples/desks.yaml'));
    });

    it('writes nothing and exits 1 for a bad row', async () => {
      const bad = join(dir, 'bad.csv');
      await writeFile(bad, [HEADER_DE, row({ status: 'kaputt' })].join('\n'));
      const out = join(dir, 'out.yaml');
      const write = process.stderr.write;
      let stderr = '';
      process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
      try {
        assert.equal(await importCli([bad, '--out', out]), 1);
      } finally {
        process.stderr.write = write;
      }
      assert.match(stderr, /bad\.csv: Status: .*\(line 2\)/);
      await assert.rejects(stat(out));
    });
  });
});
