/**
 * Use cases: a manager names a deputy for a period (requests made then go to the deputy, and the
 * deputy may decide the manager's open requests), or revokes it.
 */
import { validateDelegation } from '../domain/approver.js';
import type { IsoDate } from '../domain/dates.js';
import { DomainError } from '../domain/errors.js';
import type { Delegation } from '../domain/model.js';
import { nowIso, today, type AppContext } from './app-context.js';

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
    await ctx.store.transact((tx) => tx.putDelegation(delegation));
    ctx.logger.info('delegation_set', { delegationId: delegation.id, managerId: delegation.managerId, deputyId: delegation.deputyId });
    return delegation;
  }

  async revoke(input: { managerId: string; delegationId: string }): Promise<void> {
    const { ctx } = this;
    await ctx.store.transact((tx) => {
      const found = tx.listDelegations(input.managerId).find((d) => d.id === input.delegationId);
      if (!found) throw new DomainError('INVALID_DELEGATION', 'no such delegation of this manager');
      tx.putDelegation({ ...found, revoked: true });
    });
    ctx.logger.info('delegation_revoked', { delegationId: input.delegationId, managerId: input.managerId });
  }

  async current(managerId: string): Promise<Delegation | undefined> {
    const day0 = today(this.ctx);
    const all = await this.ctx.store.read((r) => r.listDelegations(managerId));
    return all
      .filter((d) => !d.revoked && d.to >= day0)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }
}
