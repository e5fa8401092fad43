/**
 * Import of the desk inventory from a CSV export (facility management, Excel).
 *
 * Separator `;` (German Excel) or `,`, chosen by the header line (`;` wins when it has one);
 * UTF-8 with or without BOM; fields may be quoted ("…", "" for a quote). One row per desk.
 * Headers in English or German, in any order, case and spaces ignored:
 *
 * | column | German header | required | content |
 * |---|---|---|---|
 * | site | Standort | yes | site name, e.g. "Hauptgebäude Landratsamt" |
 * | building | Gebäude | yes | building name |
 * | floor | Etage (Geschoss, Stockwerk) | yes | floor name, e.g. "2. OG" |
 * | room | Raum | yes | room name or number |
 * | desk | Platz (Arbeitsplatz, Platz-ID) | yes | desk id, unique, e.g. "A-2-214-1" |
 * | label | Bezeichnung | no | short label for cards; empty = the desk id |
 * | attributes | Ausstattung (Merkmale) | no | list separated by `,` or `\|`: docking-station, two-monitors, height-adjustable, accessible, quiet-zone, phone, or German: Dockingstation, zwei Monitore, höhenverstellbar, barrierefrei, Ruhezone, Telefon |
 * | status | Status | no | bookable / buchbar (default), assigned / zugewiesen, unavailable / gesperrt / nicht verfügbar |
 * | reservedFor | Reserviert für (Teamzone) | no | org unit ids separated by `,` or `\|` |
 * | assignedTo | Zugewiesen an | no | person id (Entra object id), required with status assigned |
 * | maxOccupancyFloor | Max. Etage (Höchstbelegung Etage) | no | whole number; rows of one floor give the same value or none |
 * | maxOccupancySite | Max. Standort (Höchstbelegung Standort) | no | whole number; like maxOccupancyFloor |
 * | siteId, buildingId, floorId, roomId | Standort-ID, Gebäude-ID, Etage-ID, Raum-ID | no | ids; when empty they are made from the names: site `slug(site)`, building `<siteId>-slug(building)`, floor `<buildingId>-slug(floor)`, room `<floorId>-slug(room)` (lower case, ä → ae, ß → ss, other characters → `-`) |
 *
 * Rows with the same site (building, floor, room) id belong together; their names must agree.
 * The result is checked like a YAML inventory (unique ids, assigned ⇔ assignedTo). Any bad row
 * makes the whole import fail with a `ConfigFileError` listing every problem with its line and
 * column; nothing is imported.
 */
import { parse } from 'csv-parse/sync';
import { foldUmlauts } from '../text/normalize.js';
import { ConfigFileError, type FileProblem } from '../config/config-file-error.js';
import { problemMessage } from '../config/zod-problems.js';
import { DESK_ATTRIBUTES, type DeskAttribute, type DeskInventory, type DeskStatus } from '../domain/desk-model.js';
import { inventoryFileSchema, inventoryStructureSchema, type InventoryFile } from './inventory-schema.js';

export type CsvColumn =
  | 'site' | 'building' | 'floor' | 'room' | 'desk' | 'label' | 'attributes' | 'status' | 'reservedFor' | 'assignedTo'
  | 'maxOccupancyFloor' | 'maxOccupancySite' | 'siteId' | 'buildingId' | 'floorId' | 'roomId';

/** The header line written by `desks:import --csv` and used in samples/desks.csv (German). */
export const CSV_COLUMNS_DE: Record<CsvColumn, string> = {
  site: 'Standort',
  building: 'Gebäude',
  floor: 'Etage',
  room: 'Raum',
  desk: 'Platz',
  label: 'Bezeichnung',
  attributes: 'Ausstattung',
  status: 'Status',
  reservedFor: 'Reserviert für',
  assignedTo: 'Zugewiesen an',
  maxOccupancyFloor: 'Max. Etage',
  maxOccupancySite: 'Max. Standort',
  siteId: 'Standort-ID',
  buildingId: 'Gebäude-ID',
  floorId: 'Etage-ID',
  roomId: 'Raum-ID',
};

const REQUIRED: readonly CsvColumn[] = ['site', 'building', 'floor', 'room', 'desk'];

/** Lower case ASCII: umlauts and ß transliterated (as the text parser does), other accents dropped. */
function ascii(s: string): string {
  return foldUmlauts(s.toLowerCase())
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Lower case, umlauts folded, only letters and digits: "Gebäude-ID" → "gebaeudeid". */
function fold(s: string): string {
  return ascii(s).replace(/[^a-z0-9]/g, '');
}

/** An id from a name: "Hauptgebäude Landratsamt" → "hauptgebaeude-landratsamt", "2. OG" → "2-og". */
export function slug(s: string): string {
  return ascii(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const HEADER_ALIASES: Record<string, CsvColumn> = {};
for (const [column, aliases] of Object.entries({
  site: ['site', 'standort'],
  building: ['building', 'gebaeude'],
  floor: ['floor', 'etage', 'geschoss', 'stockwerk'],
  room: ['room', 'raum'],
  desk: ['desk', 'deskid', 'platz', 'platzid', 'arbeitsplatz'],
  label: ['label', 'bezeichnung'],
  attributes: ['attributes', 'ausstattung', 'merkmale'],
  status: ['status'],
  reservedFor: ['reservedfor', 'reserviertfuer', 'teamzone'],
  assignedTo: ['assignedto', 'zugewiesenan'],
  maxOccupancyFloor: ['maxoccupancyfloor', 'floormaxoccupancy', 'maxetage', 'hoechstbelegungetage'],
  maxOccupancySite: ['maxoccupancysite', 'sitemaxoccupancy', 'maxstandort', 'hoechstbelegungstandort'],
  siteId: ['siteid', 'standortid'],
  buildingId: ['buildingid', 'gebaeudeid'],
  floorId: ['floorid', 'etageid'],
  roomId: ['roomid', 'raumid'],
} satisfies Record<CsvColumn, string[]>)) {
  for (const alias of aliases) HEADER_ALIASES[alias] = column as CsvColumn;
}

const ATTRIBUTE_ALIASES: Record<string, DeskAttribute> = {
  dockingstation: 'docking-station',
  docking: 'docking-station',
  twomonitors: 'two-monitors',
  zweimonitore: 'two-monitors',
  '2monitore': 'two-monitors',
  heightadjustable: 'height-adjustable',
  hoehenverstellbar: 'height-adjustable',
  accessible: 'accessible',
  barrierefrei: 'accessible',
  quietzone: 'quiet-zone',
  ruhezone: 'quiet-zone',
  ruhebereich: 'quiet-zone',
  phone: 'phone',
  telefon: 'phone',
};

const STATUS_ALIASES: Record<string, DeskStatus> = {
  bookable: 'bookable',
  buchbar: 'bookable',
  frei: 'bookable',
  assigned: 'assigned',
  zugewiesen: 'assigned',
  fest: 'assigned',
  unavailable: 'unavailable',
  gesperrt: 'unavailable',
  nichtverfuegbar: 'unavailable',
};

interface CsvRow {
  line: number;
  cells: Partial<Record<CsvColumn, string>>;
}

type Problems = FileProblem[];

function splitList(cell: string): string[] {
  return cell
    .split(/[,|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function readRecords(csvText: string, fileName: string): Array<{ record: string[]; line: number }> {
  const firstLine = csvText.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  try {
    const out = parse(csvText, { delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return out.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    const message = (err.message ?? String(e)).replace(/ at line \d+.*$/, '');
    throw new ConfigFileError(fileName, [{ path: '', problem: `CSV syntax error: ${message}`, ...(typeof err.lines === 'number' ? { line: err.lines } : {}) }]);
  }
}

/** Imports desks from CSV text; `fileName` names the file in errors. All or nothing. */
export function importDesksCsv(csvText: string, fileName: string): DeskInventory {
  const records = readRecords(csvText, fileName);
  const header = records[0];
  if (!header) throw new ConfigFileError(fileName, [{ path: '', problem: 'the file is empty: expected a header line and one line per desk' }]);

  // ---- header
  const problems: Problems = [];
  const columns: Array<CsvColumn | undefined> = [];
  const written: Partial<Record<CsvColumn, string>> = {};
  header.record.forEach((h, i) => {
    const column = HEADER_ALIASES[fold(h)];
    if (h.trim() === '') {
      columns.push(undefined);
      return;
    }
    if (!column) {
      problems.push({ path: h, problem: `unknown column (expected one of: ${Object.values(CSV_COLUMNS_DE).join('; ')} or their English names)`, line: header.line });
    } else if (written[column] !== undefined) {
      problems.push({ path: h, problem: `the same column as ${JSON.stringify(written[column])}`, line: header.line });
    } else written[column] = h;
    columns[i] = column;
  });
  for (const c of REQUIRED) {
    if (written[c] === undefined) problems.push({ path: CSV_COLUMNS_DE[c], problem: `required column is missing (German ${CSV_COLUMNS_DE[c]} or English ${c})`, line: header.line });
  }
  if (problems.length > 0) throw new ConfigFileError(fileName, problems);
  const col = (c: CsvColumn): string => written[c] ?? CSV_COLUMNS_DE[c];

  // ---- rows
  const rows: CsvRow[] = [];
  for (const { record, line } of records.slice(1)) {
    if (record.length > header.record.length) {
      problems.push({ path: '', problem: `has ${record.length} fields, the header has ${header.record.length} (check the separator and quotes)`, line });
      continue;
    }
    const cells: Partial<Record<CsvColumn, string>> = {};
    record.forEach((value, i) => {
      const c = columns[i];
      if (c && value !== '') cells[c] = value;
    });
    rows.push({ line, cells });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ path: '', problem: 'no desks: the file has a header line only' });

  // ---- build the nested structure, remembering the line of every node
  type DeskNode = NonNullable<InventoryFile['sites'][number]['buildings'][number]['floors'][number]['rooms'][number]['desks'][number]>;
  interface RoomNode { id: string; name: string; desks: DeskNode[]; line: number; deskLines: number[] }
  interface FloorNode { id: string; name: string; maxOccupancy?: number; rooms: Map<string, RoomNode>; line: number; maxLine?: number }
  interface BuildingNode { id: string; name: string; floors: Map<string, FloorNode>; line: number; siteId: string }
  interface SiteNode { id: string; name: string; maxOccupancy?: number; buildings: Map<string, BuildingNode>; line: number; maxLine?: number }
  const sites = new Map<string, SiteNode>();
  const buildingSite = new Map<string, string>();
  const floorBuilding = new Map<string, string>();
  const roomFloor = new Map<string, string>();

  const wholeNumber = (row: CsvRow, c: CsvColumn): number | undefined => {
    const v = row.cells[c];
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1) {
      problems.push({ path: col(c), problem: `must be a whole number of at least 1 (got ${JSON.stringify(v)})`, line: row.line });
      return undefined;
    }
    return Number(v);
  };
  /** The same id must not hang under two different parents (e.g. one floor id in two buildings). */
  const claimParent = (index: Map<string, string>, row: CsvRow, c: CsvColumn, kind: string, id: string, parentKind: string, parentId: string): boolean => {
    const other = index.get(id);
    if (other !== undefined && other !== parentId) {
      problems.push({ path: col(c), problem: `${kind} id ${JSON.stringify(id)} is used ${parentKind} ${JSON.stringify(other)} already`, line: row.line });
      return false;
    }
    index.set(id, parentId);
    return true;
  };
  /** One maximum per site or floor: a second row must repeat it or leave it empty. */
  const sameMax = (row: CsvRow, c: CsvColumn, kind: string, node: { id: string; line: number; maxOccupancy?: number; maxLine?: number }, value: number | undefined) => {
    if (value === undefined) return;
    if (node.maxOccupancy !== undefined && node.maxOccupancy !== value) {
      problems.push({ path: col(c), problem: `${kind} ${JSON.stringify(node.id)} has ${node.maxOccupancy} on line ${node.maxLine ?? node.line}, here ${value}`, line: row.line });
    } else {
      node.maxOccupancy = value;
      node.maxLine = row.line;
    }
  };
  const sameName = (row: CsvRow, c: CsvColumn, kind: string, id: string, known: string, given: string, firstLine: number) => {
    if (known !== given) {
      problems.push({ path: col(c), problem: `${kind} ${JSON.stringify(id)} is called ${JSON.stringify(known)} on line ${firstLine}, here ${JSON.stringify(given)}`, line: row.line });
    }
  };

  for (const row of rows) {
    const before = problems.length;
    for (const c of REQUIRED) {
      if (row.cells[c] === undefined) problems.push({ path: col(c), problem: 'must not be empty', line: row.line });
    }
    const attributes: DeskAttribute[] = [];
    for (const a of splitList(row.cells.attributes ?? '')) {
      const attr = ATTRIBUTE_ALIASES[fold(a)];
      if (!attr) problems.push({ path: col('attributes'), problem: `unknown attribute ${JSON.stringify(a)} (expected ${DESK_ATTRIBUTES.join(', ')})`, line: row.line });
      else if (attributes.includes(attr)) problems.push({ path: col('attributes'), problem: `lists ${JSON.stringify(a)} twice`, line: row.line });
      else attributes.push(attr);
    }
    let status: DeskStatus | undefined;
    if (row.cells.status !== undefined) {
      status = STATUS_ALIASES[fold(row.cells.status)];
      if (!status) problems.push({ path: col('status'), problem: `must be bookable/buchbar, assigned/zugewiesen or unavailable/gesperrt (got ${JSON.stringify(row.cells.status)})`, line: row.line });
    }
    const floorMax = wholeNumber(row, 'maxOccupancyFloor');
    const siteMax = wholeNumber(row, 'maxOccupancySite');
    if (problems.length > before) continue;

    const c = row.cells as Record<CsvColumn, string | undefined>;
    const siteName = c.site!, buildingName = c.building!, floorName = c.floor!, roomName = c.room!;
    const siteId = c.siteId ?? slug(siteName);
    const buildingId = c.buildingId ?? `${siteId}-${slug(buildingName)}`;
    const floorId = c.floorId ?? `${buildingId}-${slug(floorName)}`;
    const roomId = c.roomId ?? `${floorId}-${slug(roomName)}`;

    let site = sites.get(siteId);
    if (!site) sites.set(siteId, (site = { id: siteId, name: siteName, buildings: new Map(), line: row.line }));
    else sameName(row, 'site', 'site', siteId, site.name, siteName, site.line);
    sameMax(row, 'maxOccupancySite', 'site', site, siteMax);

    if (!claimParent(buildingSite, row, c.buildingId ? 'buildingId' : 'building', 'building', buildingId, 'at site', siteId)) continue;
    let building = site.buildings.get(buildingId);
    if (!building) site.buildings.set(buildingId, (building = { id: buildingId, name: buildingName, floors: new Map(), line: row.line, siteId }));
    else sameName(row, 'building', 'building', buildingId, building.name, buildingName, building.line);

    if (!claimParent(floorBuilding, row, c.floorId ? 'floorId' : 'floor', 'floor', floorId, 'in building', buildingId)) continue;
    let floor = building.floors.get(floorId);
    if (!floor) building.floors.set(floorId, (floor = { id: floorId, name: floorName, rooms: new Map(), line: row.line }));
    else sameName(row, 'floor', 'floor', floorId, floor.name, floorName, floor.line);
    sameMax(row, 'maxOccupancyFloor', 'floor', floor, floorMax);

    if (!claimParent(roomFloor, row, c.roomId ? 'roomId' : 'room', 'room', roomId, 'on floor', floorId)) continue;
    let room = floor.rooms.get(roomId);
    if (!room) floor.rooms.set(roomId, (room = { id: roomId, name: roomName, desks: [], line: row.line, deskLines: [] }));
    else sameName(row, 'room', 'room', roomId, room.name, roomName, room.line);

    const reservedFor = splitList(c.reservedFor ?? '');
    room.desks.push({
      id: c.desk!,
      ...(c.label !== undefined ? { label: c.label } : {}),
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(c.assignedTo !== undefined ? { assignedTo: c.assignedTo } : {}),
      ...(reservedFor.length > 0 ? { reservedFor } : {}),
    });
    room.deskLines.push(row.line);
  }
  if (problems.length > 0) throw new ConfigFileError(fileName, problems);

  // ---- check like a YAML inventory; report at the row and column
  const siteList = [...sites.values()];
  const file: InventoryFile = {
    sites: siteList.map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.maxOccupancy !== undefined ? { maxOccupancy: s.maxOccupancy } : {}),
      buildings: [...s.buildings.values()].map((b) => ({
        id: b.id,
        name: b.name,
        floors: [...b.floors.values()].map((f) => ({
          id: f.id,
          name: f.name,
          ...(f.maxOccupancy !== undefined ? { maxOccupancy: f.maxOccupancy } : {}),
          rooms: [...f.rooms.values()].map((r) => ({ id: r.id, name: r.name, desks: r.desks })),
        })),
      })),
    })),
  };
  const checked = inventoryStructureSchema.safeParse(file, { error: problemMessage });
  if (!checked.success) {
    const located = checked.error.issues.map((iss): FileProblem => {
      const [, si, , bi, , fi, , ri, , di] = iss.path as Array<string | number>;
      const site = typeof si === 'number' ? siteList[si] : undefined;
      const building = site && typeof bi === 'number' ? [...site.buildings.values()][bi] : undefined;
      const floor = building && typeof fi === 'number' ? [...building.floors.values()][fi] : undefined;
      const room = floor && typeof ri === 'number' ? [...floor.rooms.values()][ri] : undefined;
      const deskLine = room && typeof di === 'number' ? room.deskLines[di] : undefined;
      const line = deskLine ?? room?.line ?? floor?.line ?? building?.line ?? site?.line;
      const level = deskLine !== undefined ? 'desk' : room ? 'room' : floor ? 'floor' : building ? 'building' : 'site';
      const key = String(iss.path[Math.min(iss.path.length - 1, { site: 2, building: 4, floor: 6, room: 8, desk: 10 }[level])] ?? '');
      const idColumn = key === 'id' && level !== 'desk' ? (`${level}Id` as CsvColumn) : undefined;
      const column = idColumn && written[idColumn] !== undefined ? idColumn : columnOf(level, key);
      return { path: column ? col(column) : '', problem: iss.message, ...(line !== undefined ? { line } : {}) };
    });
    throw new ConfigFileError(fileName, located);
  }
  return inventoryFileSchema.parse(file);
}

function columnOf(level: 'site' | 'building' | 'floor' | 'room' | 'desk', key: string): CsvColumn | undefined {
  const table: Record<typeof level, Record<string, CsvColumn>> = {
    site: { id: 'site', name: 'site', maxOccupancy: 'maxOccupancySite' },
    building: { id: 'building', name: 'building' },
    floor: { id: 'floor', name: 'floor', maxOccupancy: 'maxOccupancyFloor' },
    room: { id: 'room', name: 'room' },
    desk: { id: 'desk', label: 'label', attributes: 'attributes', status: 'status', assignedTo: 'assignedTo', reservedFor: 'reservedFor' },
  };
  return table[level][key];
}
