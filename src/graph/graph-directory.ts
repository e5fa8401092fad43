/**
 * The staff directory from Microsoft Graph (Entra ID), adapter of the `Directory` port, composed
 * over the file directory: `new GraphDirectory(graph, fileDirectory)`.
 *
 * Graph is the source for: display name, mail, department (→ org unit) and manager
 * (`GET /users/{id}`, `/users/{id}/manager`, `/users/{id}/directReports`, and
 * `/users?$filter=department eq '…'` for the members of an org unit).
 * The file stays the source for contracted hours per weekday and the start date (Graph has no
 * contracted working time; `employeeHireDate` is often empty and not the start in this
 * organisation) and for the org-unit tree (Graph departments are flat names). Hence a person
 * exists for the bot only when the file has them: someone in Entra but not in the file cannot be
 * judged against a quota and is treated as unknown (the bot asks them to contact HR).
 *
 * Department → org unit id: the configured map (`departmentMap`, e.g. "Bauaufsicht" → "sg-21"),
 * otherwise the department name itself is the id (an org unit the file does not know is shown with
 * the department name and has no parent). No department in Graph → the file's org unit.
 *
 * Answers are cached in memory for 15 min (`ttlMs`). When Graph cannot be reached, the last answer
 * is used even if expired, else the file's values: a Graph outage never blocks a request.
 * Permissions (application): User.Read.All.
 */
import { z } from 'zod';
import type { OrgUnit, Person } from '../domain/model.js';
import type { Directory } from '../directory/directory.js';
import type { Logger } from '../observability/logger.js';
import type { GraphClient } from './graph-client.js';
import { isGraphRequestError } from './graph-errors.js';
import { relativeLink } from './subscriptions.js';

export const DIRECTORY_CACHE_MS = 15 * 60_000;

/** What the Graph directory needs of the file directory. */
export type FileDirectoryLike = Directory & { allPeople(): Person[]; allOrgUnits(): OrgUnit[] };

export interface GraphDirectoryOptions {
  /** Graph department name → org unit id. */
  departmentMap?: Readonly<Record<string, string>>;
  ttlMs?: number;
  now?: () => number;
  logger?: Logger;
}

const USER_SELECT = 'id,displayName,mail,department,preferredLanguage';
const graphUser = z.object({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  mail: z.string().nullish(),
  department: z.string().nullish(),
  preferredLanguage: z.string().nullish(),
  '@odata.type': z.string().optional(),
});
type GraphUser = z.output<typeof graphUser>;
const userPage = z.object({ value: z.array(z.unknown()).default([]), '@odata.nextLink': z.string().optional() });

interface Entry<T> {
  value: T;
  until: number;
}

export class GraphDirectory implements Directory {
  private readonly people = new Map<string, Entry<Person | undefined>>();
  private readonly reports = new Map<string, Entry<string[]>>();
  private readonly members = new Map<string, Entry<string[]>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly graph: Pick<GraphClient, 'get'>,
    private readonly file: FileDirectoryLike,
    private readonly options: GraphDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DIRECTORY_CACHE_MS;
    this.now = options.now ?? Date.now;
  }

  async getPerson(id: string): Promise<Person | undefined> {
    const key = id.toLowerCase();
    return this.cached(this.people, key, async () => {
      const base = await this.file.getPerson(key);
      if (!base) return undefined; // no contracted hours known: not a person for the bot
      const user = await this.getUser(key);
      const managerId = await this.getManagerId(key);
      return this.merge(base, user, managerId);
    }, async () => this.file.getPerson(key));
  }

  async listReports(managerId: string): Promise<Person[]> {
    const key = managerId.toLowerCase();
    const ids = await this.cached(
      this.reports,
      key,
      async () => (await this.listUsers(`/users/${encodeURIComponent(key)}/directReports`, { $select: USER_SELECT })).map((u) => u.id.toLowerCase()),
      async () => (await this.file.listReports(key)).map((p) => p.id),
    );
    return this.peopleOf(ids);
  }

  async listOrgUnitMembers(orgUnitId: string): Promise<Person[]> {
    const ids = await this.cached(
      this.members,
      orgUnitId,
      async () => {
        const out = new Set<string>();
        for (const department of this.departmentsOf(orgUnitId)) {
          const users = await this.listUsers('/users', {
            $filter: `department eq '${department.replace(/'/g, "''")}'`,
            $select: USER_SELECT,
            $count: 'true',
            $top: '999',
          }, { ConsistencyLevel: 'eventual' });
          for (const u of users) out.add(u.id.toLowerCase());
        }
        return [...out];
      },
      async () => (await this.file.listOrgUnitMembers(orgUnitId)).map((p) => p.id),
    );
    return (await this.peopleOf(ids)).filter((p) => p.orgUnitId === orgUnitId);
  }

  async getOrgUnit(id: string): Promise<OrgUnit | undefined> {
    const known = await this.file.getOrgUnit(id);
    if (known) return known;
    // A department name used as id (no mapping): a flat unit named like the department.
    return this.departmentsOf(id).length > 0 && !this.mapsTo(id) ? { id, name: id } : undefined;
  }

  async count(): Promise<number> {
    return this.file.count();
  }

  /** Everyone the bot knows (the file's people), for subscriptions and reports. */
  allPeople(): Person[] {
    return this.file.allPeople();
  }

  allOrgUnits(): OrgUnit[] {
    return this.file.allOrgUnits();
  }

  // ------------------------------------------------------------------ internals

  private orgUnitOf(department: string | null | undefined): string | undefined {
    const name = department?.trim();
    if (!name) return undefined;
    return this.options.departmentMap?.[name] ?? name;
  }

  /** Department names that map to this org unit id (the id itself unless it is a mapping target only). */
  private departmentsOf(orgUnitId: string): string[] {
    const map = this.options.departmentMap ?? {};
    const mapped = Object.entries(map).filter(([, id]) => id === orgUnitId).map(([name]) => name);
    return map[orgUnitId] === undefined && !mapped.includes(orgUnitId) ? [...mapped, orgUnitId] : mapped;
  }

  private mapsTo(id: string): boolean {
    return Object.values(this.options.departmentMap ?? {}).includes(id);
  }

  private merge(base: Person, user: GraphUser | undefined, managerId: string | undefined): Person {
    if (!user) return base;
    const orgUnitId = this.orgUnitOf(user.department) ?? base.orgUnitId;
    const rest: Person = { ...base };
    delete rest.managerId;
    delete rest.email;
    const email = user.mail ?? base.email;
    const manager = managerId ?? base.managerId;
    const language = localeOfLanguage(user.preferredLanguage);
    return {
      ...rest,
      ...(language ? { preferredLocale: language } : {}),
      displayName: user.displayName?.trim() || base.displayName,
      orgUnitId,
      ...(email ? { email } : {}),
      ...(manager ? { managerId: manager } : {}),
    };
  }

  private async getUser(id: string): Promise<GraphUser | undefined> {
    try {
      return graphUser.parse(await this.graph.get<unknown>(`/users/${encodeURIComponent(id)}`, { query: { $select: USER_SELECT } }));
    } catch (e) {
      if (isGraphRequestError(e) && e.status === 404) return undefined;
      throw e;
    }
  }

  private async getManagerId(id: string): Promise<string | undefined> {
    try {
      const m = graphUser.parse(await this.graph.get<unknown>(`/users/${encodeURIComponent(id)}/manager`, { query: { $select: 'id' } }));
      return m.id.toLowerCase();
    } catch (e) {
      if (isGraphRequestError(e) && e.status === 404) return undefined; // no manager in Entra
      throw e;
    }
  }

  private async listUsers(path: string, query: Record<string, string>, headers?: Record<string, string>): Promise<GraphUser[]> {
    const out: GraphUser[] = [];
    let page = userPage.parse(await this.graph.get<unknown>(path, { query, ...(headers ? { headers } : {}) }));
    for (let i = 0; ; i++) {
      for (const item of page.value) {
        const u = graphUser.safeParse(item);
        // directReports may hold contacts and devices: users only.
        if (u.success && (u.data['@odata.type'] === undefined || u.data['@odata.type'] === '#microsoft.graph.user')) out.push(u.data);
      }
      const next = page['@odata.nextLink'];
      if (!next || i >= 100) break;
      page = userPage.parse(await this.graph.get<unknown>(relativeLink(next), headers ? { headers } : {}));
    }
    return out;
  }

  private async peopleOf(ids: readonly string[]): Promise<Person[]> {
    const out: Person[] = [];
    for (const id of ids) {
      const p = await this.getPerson(id);
      if (p) out.push(p);
    }
    return out;
  }

  /** Cached value; on a Graph failure the stale value, else `fallback` (the file). */
  private async cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    const now = this.now();
    const hit = map.get(key);
    if (hit && hit.until > now) return hit.value;
    try {
      const value = await load();
      map.set(key, { value, until: now + this.ttlMs });
      return value;
    } catch (e) {
      this.options.logger?.warn('graph_directory_fallback', { status: isGraphRequestError(e) ? e.status : 0, stale: hit !== undefined });
      return hit ? hit.value : fallback();
    }
  }
}

/** Graph `preferredLanguage` ("de-DE", "en-US", "en") → the bot's locale; other languages → none (the file's or Teams' applies). */
function localeOfLanguage(language: string | null | undefined): 'de' | 'en' | undefined {
  const primary = language?.trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'de' || primary === 'en' ? primary : undefined;
}
