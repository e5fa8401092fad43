/**
 * Use case: when a deputy loses authority for a manager (the delegation's period passed, it was
 * revoked, or a later delegation named someone else), the open requests routed to that deputy go
 * back to whoever decides now — the manager, or the next active deputy.
 *
 * Run by the outbox job `delegation.end` (queued when the delegation is set, due at the first
 * instant after its last day; queued again at once on a revoke). Safe to run any number of times
 * and at any moment: a request moves only while its stored approver may no longer decide it.
 * Each moved request gets the approval card sent to its new approver, and every copy already sent
 * is updated (the former deputy's copy says the request is no longer theirs, without buttons).
 */
import { mayDecide, resolveApprover } from '../domain/approver.js';
import { checkInDeadlineUtc } from '../domain/desk-check-in.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { Delegation, Person } from '../domain/model.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { JOB } from './job-types.js';

export interface HandBackInput {
  managerId: string;
  deputyId: string;
}

export class HandBackApprovals {
  constructor(private readonly ctx: AppContext) {}

  /** Moves the deputy's open requests of this manager's staff; returns how many moved. */
  async execute(input: HandBackInput): Promise<number> {
    const { ctx } = this;
    const day0 = today(ctx);
    const candidates = await ctx.store.read((r) => r.listPendingForApprovers([input.deputyId]));
    if (candidates.length === 0) return 0;
    const owners = new Map<string, Person | undefined>();
    for (const c of candidates) {
      if (!owners.has(c.personId)) owners.set(c.personId, await ctx.directory.getPerson(c.personId));
    }
    const moved = await ctx.store.transact(async (tx) => {
      const delegations = await tx.listDelegations(input.managerId);
      const now = nowIso(ctx);
      const ids: string[] = [];
      for (const c of candidates) {
        const request = await tx.getRequest(c.id);
        const owner = owners.get(c.personId);
        if (!request || request.status !== 'pending' || request.approverId !== input.deputyId) continue;
        if (!owner || owner.managerId !== input.managerId) continue; // the deputy may stand in for several managers
        if (mayDecide(request, input.deputyId, input.managerId, delegations, day0)) continue; // still in force
        const next = resolveApprover(owner, delegations, day0)?.approverId;
        if (!next || next === request.approverId) continue;
        const saved = await tx.putRequest({ ...request, approverId: next, updatedAt: now });
        await tx.enqueue({ type: JOB.approvalSend, payload: { requestId: saved.id }, dedupeKey: `approval-send:${saved.id}:${next}:${now}` });
        if (saved.cards.length > 0) {
          await tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: saved.id }, dedupeKey: `card-update:${saved.id}:hand-back:${now}` });
        }
        ids.push(saved.id);
      }
      return ids;
    });
    for (const requestId of moved) {
      ctx.logger.info('approval_handed_back', { requestId, from: input.deputyId, managerId: input.managerId });
    }
    if (moved.length > 0) ctx.onJobsQueued?.();
    return moved.length;
  }
}

/** The first instant after the delegation's last day (local midnight of the organisation). */
export function delegationEndsAt(d: Pick<Delegation, 'to'>, timeZone: string): Date {
  return checkInDeadlineUtc(addDays(d.to, 1), '00:00', timeZone);
}

/** The first instant of a local day. */
export function dayStartsAt(date: IsoDate, timeZone: string): Date {
  return checkInDeadlineUtc(date, '00:00', timeZone);
}

/** Queues the hand-back of `deputyId`'s open requests of `managerId` at `dueAt`. */
export async function queueHandBack(tx: Pick<StoreTx, 'enqueue'>, d: Pick<Delegation, 'managerId' | 'deputyId'>, dueAt: Date, key: string): Promise<void> {
  await tx.enqueue({
    type: JOB.delegationEnd,
    payload: { managerId: d.managerId, deputyId: d.deputyId },
    dueAt: dueAt.toISOString(),
    dedupeKey: `delegation-end:${key}`,
  });
}
