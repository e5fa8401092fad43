/**
 * The staff directory port: who is who, whose manager, which org unit, which contracted hours.
 * Adapters: a YAML/JSON file (`file-directory.ts`) now, Microsoft Graph later.
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
