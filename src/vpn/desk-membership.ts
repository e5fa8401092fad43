/**
 * Who belongs to the service desk: the ids listed in `SERVICE_DESK_MEMBERS` ∪ the transitive
 * members (users, also through nested groups) of the Entra group `SERVICE_DESK_GROUP_ID`.
 *
 * The group is read through Microsoft Graph (application permission GroupMember.Read.All):
 *
 *   GET /groups/{id}/transitiveMembers/microsoft.graph.user?$select=id&$top=999&$count=true
 *       ConsistencyLevel: eventual      (the cast to users is an advanced directory query)
 *
 * following `@odata.nextLink`, and cached for `cacheMinutes` (default 5). Concurrent callers share
 * one read. When Graph fails, the last good list stays in use (a warning is logged) and Graph is
 * asked again after `retryAfterFailureMs` (default 1 min), so that a Graph outage does not slow
 * down every click; when there never was a good list, only the static ids are members. Neither
 * method ever throws because of Graph: a desk member may be refused for a while, nobody gets an
 * error.
 */
import { z } from 'zod';
import type { GraphClient } from '../graph/graph-client.js';
import { isGraphRequestError } from '../graph/graph-errors.js';
import { relativeLink } from '../graph/subscriptions.js';
import { errorFields, type Logger } from '../observability/logger.js';

export interface ServiceDeskMembership {
  isMember(userId: string): Promise<boolean>;
  /** Static ids first, then the group's members; no duplicates; at most `limit`. */
  memberIds(limit?: number): Promise<string[]>;
}

export interface ServiceDeskMembershipOptions {
  /** Entra object ids listed by hand (config `serviceDesk.memberIds`). */
  memberIds: readonly string[];
  /** Entra group whose transitive members belong to the desk (config `serviceDesk.groupId`). */
  groupId?: string;
  /** The Graph client; needed for `groupId`. */
  graph?: Pick<GraphClient, 'get'>;
  /** How long a read of the group is used. Default 5. */
  cacheMinutes?: number;
  /** After a failed read, wait this long before asking Graph again. Default 60 s. */
  retryAfterFailureMs?: number;
  now?: () => Date;
  logger?: Logger;
}

export const DESK_GROUP_PAGE_SIZE = 999;
const MAX_PAGES = 100;

const memberPage = z.object({
  value: z.array(z.object({ id: z.string().min(1) }).loose()).default([]),
  '@odata.nextLink': z.string().optional(),
});

/** Every user id in the group, nested groups included (lower-case, in Graph's order, no duplicates). */
export async function readTransitiveUserIds(graph: Pick<GraphClient, 'get'>, groupId: string): Promise<string[]> {
  const headers = { ConsistencyLevel: 'eventual' };
  const ids = new Set<string>();
  let page = memberPage.parse(
    await graph.get<unknown>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`, {
      query: { $select: 'id', $top: String(DESK_GROUP_PAGE_SIZE), $count: 'true' },
      headers,
    }),
  );
  for (let i = 0; ; i++) {
    for (const member of page.value) ids.add(member.id.toLowerCase());
    const next = page['@odata.nextLink'];
    if (!next || i >= MAX_PAGES) break;
    page = memberPage.parse(await graph.get<unknown>(relativeLink(next), { headers }));
  }
  return [...ids];
}

export function createServiceDeskMembership(options: ServiceDeskMembershipOptions): ServiceDeskMembership {
  const staticIds = [...new Set(options.memberIds.map((id) => id.toLowerCase()))];
  const staticSet = new Set(staticIds);
  const cacheMs = (options.cacheMinutes ?? 5) * 60_000;
  const retryMs = options.retryAfterFailureMs ?? 60_000;
  const now = (): number => (options.now ?? (() => new Date()))().getTime();
  const { groupId, graph, logger } = options;

  /** Last good read of the group. */
  let group: { ids: Set<string>; list: string[] } | undefined;
  /** Until when `group` (or the failure) stands without asking Graph. */
  let freshUntil = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  if (groupId && !graph) logger?.warn('service_desk_group_without_graph', { groupId });

  const refresh = async (): Promise<void> => {
    if (!groupId || !graph) return;
    try {
      const list = await readTransitiveUserIds(graph, groupId);
      group = { ids: new Set(list), list };
      freshUntil = now() + cacheMs;
      logger?.debug('service_desk_group_read', { groupId, members: list.length });
    } catch (err) {
      freshUntil = now() + retryMs;
      logger?.warn('service_desk_group_unavailable', {
        groupId,
        status: isGraphRequestError(err) ? err.status : 0,
        usingLastGood: group !== undefined,
        ...errorFields(err),
      });
    }
  };

  /** The group's members as far as known; reads Graph when the cache ran out. Never throws. */
  const groupMembers = async (): Promise<{ ids: Set<string>; list: string[] } | undefined> => {
    if (!groupId || !graph) return undefined;
    if (now() >= freshUntil) {
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
    }
    return group;
  };

  return {
    async isMember(userId: string): Promise<boolean> {
      const id = userId.toLowerCase();
      if (staticSet.has(id)) return true;
      return (await groupMembers())?.ids.has(id) ?? false;
    },

    async memberIds(limit?: number): Promise<string[]> {
      const fromGroup = (await groupMembers())?.list ?? [];
      const all = [...staticIds, ...fromGroup.filter((id) => !staticSet.has(id))];
      return limit === undefined ? all : all.slice(0, Math.max(0, limit));
    },
  };
}
