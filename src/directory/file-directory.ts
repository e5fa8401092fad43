/**
 * The staff directory from a YAML/JSON file, held in memory. Adapter of the `Directory` port.
 */
import type { OrgUnit, Person } from '../domain/model.js';
import { readConfigText, validateText } from '../config/config-file.js';
import { unitChain, type Directory } from './directory.js';
import { directoryFileSchema, type DirectoryData } from './directory-schema.js';

export class FileDirectory implements Directory {
  private readonly people = new Map<string, Person>();
  private readonly units = new Map<string, OrgUnit>();
  private readonly reports = new Map<string, Person[]>();
  private readonly members = new Map<string, Person[]>();

  constructor(data: DirectoryData) {
    for (const u of data.orgUnits) this.units.set(u.id, u);
    for (const p of data.people) {
      this.people.set(p.id, p);
      push(this.members, p.orgUnitId, p);
      if (p.managerId) push(this.reports, p.managerId, p);
    }
  }

  async getPerson(id: string): Promise<Person | undefined> {
    return this.people.get(id.toLowerCase());
  }

  async listReports(managerId: string): Promise<Person[]> {
    return [...(this.reports.get(managerId.toLowerCase()) ?? [])];
  }

  async listOrgUnitMembers(orgUnitId: string): Promise<Person[]> {
    return [...(this.members.get(orgUnitId) ?? [])];
  }

  async getOrgUnit(id: string): Promise<OrgUnit | undefined> {
    return this.units.get(id);
  }

  async count(): Promise<number> {
    return this.people.size;
  }

  /** Everyone, in file order (reports, seeding). */
  allPeople(): Person[] {
    return [...this.people.values()];
  }

  allOrgUnits(): OrgUnit[] {
    return [...this.units.values()];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Parses directory text; `fileName` picks the format (.yaml/.yml/.json) and names the file in errors. */
export function parseDirectory(text: string, fileName: string): FileDirectory {
  return new FileDirectory(validateText(directoryFileSchema, text, fileName));
}

export async function loadDirectoryFile(path: string): Promise<FileDirectory> {
  return parseDirectory(await readConfigText(path), path);
}

/** Ids of an org unit and its ancestors, own unit first, root last. Unknown unit → []. */
export async function orgUnitChain(directory: Directory, unitId: string): Promise<string[]> {
  return (await directory.getOrgUnit(unitId)) ? unitChain(directory, unitId) : [];
}
