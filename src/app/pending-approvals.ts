/**
 * Query: the requests waiting for this user's decision — as manager, and as the active deputy of
 * another manager. Like a decision, the list follows the delegations in force today, not the
 * approver stored on a request: a former deputy no longer sees requests still routed to them, and
 * a manager (or the new deputy) sees those that wait for a hand-back.
 */
import { mayDecide } from '../domain/approver.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import { today, type AppContext } from './app-context.js';

export class PendingApprovals {
  constructor(private readonly ctx: AppContext) {}

  async execute(userId: string): Promise<MobileWorkRequest[]> {
    const { ctx } = this;
    const day0 = today(ctx);
    const { candidates, delegationsOf } = await ctx.store.read(async (reader) => {
      // Managers this user may stand in for today, and the user as manager.
      const managers = new Set([userId]);
      for (const d of await reader.listDelegationsToDeputy(userId)) {
        if (!d.revoked && d.from <= day0 && day0 <= d.to) managers.add(d.managerId);
      }
      // Anyone a request of those managers' staff may be routed to: the user, the managers, their deputies (any period).
      const approverIds = new Set([userId, ...managers]);
      const delegationsOf = new Map<string, Delegation[]>();
      for (const m of managers) delegationsOf.set(m, await reader.listDelegations(m));
      for (const list of delegationsOf.values()) for (const d of list) approverIds.add(d.deputyId);
      return { candidates: await reader.listPendingForApprovers([...approverIds]), delegationsOf };
    });
    const out: MobileWorkRequest[] = [];
    for (const request of candidates) {
      const managerId = (await ctx.directory.getPerson(request.personId))?.managerId;
      // Requests of a manager the user does not stand in for (a deputy of several managers) are not theirs.
      const delegations = managerId ? (delegationsOf.get(managerId) ?? []) : [];
      if (mayDecide(request, userId, managerId, delegations, day0)) out.push(request);
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
