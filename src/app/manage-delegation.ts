/**
 * Use cases: a manager names a deputy for a period (requests made then go to the deputy, and the
 * deputy may decide the manager's open requests), or revokes it.
 *
 * Authority ends with the delegation: setting one queues the hand-back of the deputy's open
 * requests for the first instant after its last day (and of an earlier deputy's, when the new one
 * replaces them from its first day); a revoke hands them back at once.
 */
import { validateDelegation } from '../domain/approver.js';
import type { IsoDate } from '../domain/dates.js';
import { DomainError } from '../domain/errors.js';
import type { Delegation } from '../domain/model.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { dayStartsAt, delegationEndsAt, HandBackApprovals, queueHandBack } from './hand-back-approvals.js';

export class ManageDelegation {
  constructor(private readonly ctx: AppContext) {}

  async set(input: { managerId: string; deputyId: string; from: IsoDate; to: IsoDate }): Promise<Delegation> {
    const { ctx } = this;
    const deputy = await ctx.directory.getPerson(input.deputyId);
    if (!deputy) throw new DomainError('UNKNOWN_PERSON', 'deputy not in directory', { userId: input.deputyId });
    const reports = await ctx.directory.listReports(input.managerId);
    if (reports.length === 0) throw new DomainError('INVALID_DELEGATION', 'only managers can name a deputy');
    const delegation: Delegation = {
      id: ctx.ids.newId(),
      managerId: input.managerId,
      deputyId: input.deputyId,
      from: input.from,
      to: input.to,
      createdAt: nowIso(ctx),
    };
    validateDelegation(delegation, today(ctx));
    const timeZone = ctx.policy.organisation.timeZone;
    await ctx.store.transact(async (tx) => {
      const earlier = await tx.listDelegations(input.managerId);
      await tx.putDelegation(delegation);
      await queueHandBack(tx, delegation, delegationEndsAt(delegation, timeZone), delegation.id);
      // A later delegation replaces an earlier deputy from its first day on.
      for (const d of earlier) {
        if (d.revoked || d.deputyId === delegation.deputyId || d.to < delegation.from) continue;
        await queueHandBack(tx, d, dayStartsAt(delegation.from, timeZone), `${d.id}:replaced-by:${delegation.id}`);
      }
    });
    ctx.onJobsQueued?.();
    ctx.logger.info('delegation_set', { delegationId: delegation.id, managerId: delegation.managerId, deputyId: delegation.deputyId });
    return delegation;
  }

  async revoke(input: { managerId: string; delegationId: string }): Promise<void> {
    const { ctx } = this;
    const found = await ctx.store.transact(async (tx) => {
      const d = (await tx.listDelegations(input.managerId)).find((x) => x.id === input.delegationId);
      if (!d) throw new DomainError('INVALID_DELEGATION', 'no such delegation of this manager');
      await tx.putDelegation({ ...d, revoked: true });
      // The outbox makes sure the hand-back happens even if this process stops right now.
      await queueHandBack(tx, d, ctx.clock.now(), `${d.id}:revoked`);
      return d;
    });
    ctx.logger.info('delegation_revoked', { delegationId: input.delegationId, managerId: input.managerId });
    await new HandBackApprovals(ctx).execute({ managerId: found.managerId, deputyId: found.deputyId });
  }

  async current(managerId: string): Promise<Delegation | undefined> {
    const day0 = today(this.ctx);
    const all = await this.ctx.store.read((r) => r.listDelegations(managerId));
    return all
      .filter((d) => !d.revoked && d.to >= day0)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }
}
