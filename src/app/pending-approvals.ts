/**
 * Query: the requests waiting for this user's decision — as manager, and as the active deputy of
 * another manager.
 */
import type { MobileWorkRequest } from '../domain/model.js';
import { today, type AppContext } from './app-context.js';

export class PendingApprovals {
  constructor(private readonly ctx: AppContext) {}

  async execute(userId: string): Promise<MobileWorkRequest[]> {
    const { ctx } = this;
    const day0 = today(ctx);
    const reports = await ctx.directory.listReports(userId);
    const reportIds = new Set(reports.map((p) => p.id));
    return ctx.store.read((reader) => {
      const forIds = new Set([userId]);
      for (const d of reader.listDelegationsToDeputy(userId)) {
        if (!d.revoked && d.from <= day0 && day0 <= d.to) forIds.add(d.managerId);
      }
      const byApprover = reader.listPendingForApprovers([...forIds]);
      // Requests of my reports that were routed to a deputy whose delegation has ended.
      const mine = reader
        .listPendingForApprovers([...reader.listDelegations(userId).map((d) => d.deputyId)])
        .filter((r) => reportIds.has(r.personId));
      const all = new Map<string, MobileWorkRequest>();
      for (const r of [...byApprover, ...mine]) all.set(r.id, r);
      return [...all.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    });
  }
}
