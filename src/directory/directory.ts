/**
 * The staff directory port: who is who, whose manager, which org unit, which contracted hours.
 * Adapters: a YAML/JSON file (`file-directory.ts`) and Microsoft Graph (`src/graph/graph-directory.ts`).
 */
import type { OrgUnit, Person } from '../domain/model.js';

export interface Directory {
  getPerson(id: string): Promise<Person | undefined>;
  /** Direct reports of a manager. */
  listReports(managerId: string): Promise<Person[]>;
  /** Everyone in an org unit (not its children). */
  listOrgUnitMembers(orgUnitId: string): Promise<Person[]>;
  getOrgUnit(id: string): Promise<OrgUnit | undefined>;
  /** Number of people in the whole organisation (capacity reports). */
  count(): Promise<number>;
}

/**
 * [unit, parent, grandparent, …] for policy overrides. The unit itself is always first, even when
 * the directory has no record of it (a Graph department name used as id); cycles stop the walk.
 */
export async function unitChain(directory: Pick<Directory, 'getOrgUnit'>, unitId: string): Promise<string[]> {
  const chain: string[] = [];
  let id: string | undefined = unitId;
  while (id && !chain.includes(id)) {
    chain.push(id);
    id = (await directory.getOrgUnit(id))?.parentId;
  }
  return chain;
}
