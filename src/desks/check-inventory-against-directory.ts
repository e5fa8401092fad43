/**
 * Cross-check of the desk inventory against the staff directory at start (like the policy check
 * in `policy/check-policy-against-directory.ts`):
 * - every org unit in a `reservedFor` (team zone on a floor, room or desk) must exist — a typo
 *   (`sg-12` for `sg-21`) would otherwise open the zone to nobody: no member of the mistyped unit
 *   exists, so the desks stay closed to the real team until the zone opens to everyone;
 * - every `assignedTo` must be a person of the directory, written as the directory writes the id
 *   (Entra object ids are lower case there; the booking rules compare ids exactly, so an
 *   upper-case GUID would lock the assigned desk away from its owner too).
 *
 * `checkInventoryAgainstDirectory` is pure: it takes the nested inventory structure (as written in
 * the file) and the ids the directory knows, and returns the problems (empty = fine), each with the
 * path where the id is written (`sites[0].buildings[0].floors[1].rooms[2].reservedFor[0]`).
 * `checkInventoryFileAgainstDirectory` is what the start runs: it reads the file again for the
 * structure as written and the lines (YAML/JSON) or the CSV rows, and throws a `ConfigFileError`
 * for the desks file (the start then fails with exit 2, see `src/index.ts`).
 */
import { parse } from 'csv-parse/sync';
import { ConfigFileError, type FileProblem } from '../config/config-file-error.js';
import { parseStructuredText, readConfigText } from '../config/config-file.js';
import { formatPath, type PathSegment } from '../config/zod-problems.js';
import type { DeskInventory } from '../domain/desk-model.js';
import type { OrgUnit, Person } from '../domain/model.js';
import { inventoryStructureSchema, inventoryToFile, type InventoryFile } from './inventory-schema.js';

/** How many known org unit ids a message lists before it shortens the list. */
const MAX_LISTED = 20;

export interface KnownIds {
  orgUnitIds: Iterable<string>;
  personIds: Iterable<string>;
}

/** A problem plus the desk it belongs to (when it belongs to one desk) and the field. */
export interface InventoryProblem extends FileProblem {
  field: 'reservedFor' | 'assignedTo';
  deskId?: string;
}

export function checkInventoryAgainstDirectory(
  file: InventoryFile,
  known: KnownIds,
  /** Line of a path in the inventory file, when the source is at hand (for the message). */
  locate?: (path: readonly PathSegment[]) => { line: number } | undefined,
): InventoryProblem[] {
  const units = new Set(known.orgUnitIds);
  const people = new Set(known.personIds);
  const problems: InventoryProblem[] = [];
  const add = (path: PathSegment[], problem: string, field: InventoryProblem['field'], deskId?: string) => {
    const pos = locate?.(path);
    problems.push({ path: formatPath(path), problem, field, ...(deskId !== undefined ? { deskId } : {}), ...(pos ? { line: pos.line } : {}) });
  };
  const checkUnits = (list: readonly string[] | undefined, at: PathSegment[], deskId?: string) => {
    list?.forEach((unitId, k) => {
      if (!units.has(unitId.trim())) add([...at, 'reservedFor', k], unknownUnitProblem(unitId, units), 'reservedFor', deskId);
    });
  };

  file.sites.forEach((site, si) => {
    site.buildings.forEach((building, bi) => {
      building.floors.forEach((floor, fi) => {
        const fp: PathSegment[] = ['sites', si, 'buildings', bi, 'floors', fi];
        checkUnits(floor.reservedFor, fp);
        floor.rooms.forEach((room, ri) => {
          const rp = [...fp, 'rooms', ri];
          checkUnits(room.reservedFor, rp);
          room.desks.forEach((desk, di) => {
            const dp = [...rp, 'desks', di];
            const deskId = desk.id.trim();
            checkUnits(desk.reservedFor, dp, deskId);
            if (desk.assignedTo !== undefined && !people.has(desk.assignedTo.trim())) {
              add([...dp, 'assignedTo'], unknownPersonProblem(desk.assignedTo.trim(), people), 'assignedTo', deskId);
            }
          });
        });
      });
    });
  });
  return problems;
}

function unknownUnitProblem(unitId: string, known: ReadonlySet<string>): string {
  const what = `unknown org unit ${JSON.stringify(unitId)} in the team zone`;
  if (known.size === 0) return `${what}; the directory has no org units`;
  const ids = [...known];
  const sameButCase = ids.find((id) => id.toLowerCase() === unitId.trim().toLowerCase());
  const hint = sameButCase === undefined ? '' : ` (did you mean "${sameButCase}"? ids are case-sensitive)`;
  const more = ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : '';
  return `${what}${hint}; known: ${ids.slice(0, MAX_LISTED).join(', ')}${more}`;
}

function unknownPersonProblem(personId: string, known: ReadonlySet<string>): string {
  // People are not listed (a directory has thousands, and names do not belong in a log).
  if (known.has(personId.toLowerCase())) {
    return `the person the desk is assigned to must be written as in the staff directory: "${personId.toLowerCase()}" (lower case)`;
  }
  return `the desk is assigned to ${JSON.stringify(personId)}, who is not in the staff directory`;
}

// ---------------------------------------------------------------- at start

/** A directory that can list everyone (the file directory); others are not checked. */
export interface ListingDirectory {
  allOrgUnits(): OrgUnit[];
  allPeople(): Person[];
}

export function canListEveryone(directory: object): directory is ListingDirectory {
  const d = directory as { allOrgUnits?: unknown; allPeople?: unknown };
  return typeof d.allOrgUnits === 'function' && typeof d.allPeople === 'function';
}

/**
 * Checks the inventory loaded from `desksFile` against the directory; throws a `ConfigFileError`
 * for the desks file naming every problem. YAML/JSON: the path as written in the file and its line.
 * CSV: the column and the desk's row (the CSV has `reservedFor` per desk).
 */
export async function checkInventoryFileAgainstDirectory(inventory: DeskInventory, directory: object, desksFile: string): Promise<void> {
  if (!canListEveryone(directory)) return;
  const known: KnownIds = { orgUnitIds: directory.allOrgUnits().map((u) => u.id), personIds: directory.allPeople().map((p) => p.id) };
  const text = await readConfigText(desksFile);
  if (desksFile.toLowerCase().endsWith('.csv')) {
    const found = checkInventoryAgainstDirectory(inventoryToFile(inventory), known);
    if (found.length === 0) return;
    const rows = csvRowsByDesk(text);
    throw new ConfigFileError(
      desksFile,
      found.map((p): FileProblem => {
        const line = p.deskId === undefined ? undefined : rows.get(p.deskId);
        const column = p.field === 'reservedFor' ? 'Reserviert für (reservedFor)' : 'Zugewiesen an (assignedTo)';
        return { path: `${column}, desk ${p.deskId ?? '?'}`, problem: p.problem, ...(line !== undefined ? { line } : {}) };
      }),
    );
  }
  // The file as written (a team zone may be written on a floor or a room, not on each desk).
  const source = parseStructuredText(text, desksFile);
  const file = inventoryStructureSchema.parse(source.data); // validated when it was loaded
  const found = checkInventoryAgainstDirectory(file, known, source.locate);
  if (found.length === 0) return;
  throw new ConfigFileError(
    desksFile,
    found.map(({ path, problem, line }): FileProblem => ({ path, problem, ...(line !== undefined ? { line } : {}) })),
  );
}

/** Line of the first CSV record that has the desk id as one of its cells (desk ids are unique). */
function csvRowsByDesk(text: string): Map<string, number> {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes(';') ? ';' : ',';
  const records = parse(text, { delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as Array<{
    record: string[];
    info: { lines: number };
  }>;
  const rows = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    for (const cell of record) if (cell !== '' && !rows.has(cell)) rows.set(cell, info.lines);
  }
  return rows;
}
