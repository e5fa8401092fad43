/**
 * Use case: a manager (or the active deputy) decides a request — approve all, approve some days,
 * or reject — from the approval card; or approves several requests at once (bulk).
 *
 * Who may decide is read from the person's current manager, the delegations in force at the
 * moment of the decision and the clicker's Entra object id — never from the card, and never from
 * the approver stored on the request (a deputy whose period ended or was revoked is refused with
 * DELEGATION_ENDED and changes nothing). A second click on a decided request changes nothing
 * (replays are harmless). The employee's notice and the update of every copy of the approval card
 * are queued with the change.
 */
import { decisionRole, resolveApprover } from '../domain/approver.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/dates.js';
import type { MobileWorkRequest, Person } from '../domain/model.js';
import { decideRequest } from '../domain/request-lifecycle.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { queueDayCalendarSync } from './calendar-sync.js';
import { JOB } from './job-types.js';

export interface DecideInput {
  userId: string;
  requestId: string;
  outcome: 'approve' | 'reject';
  /** Approve only these days (others pending are rejected). */
  dates?: IsoDate[];
  comment?: string;
}

export interface DecideResult {
  request: MobileWorkRequest;
  /** False when the request was already decided (a replayed or late click). */
  changed: boolean;
}

/** Thrown inside a transaction when a former deputy clicked; names are added outside it. */
class DelegationEnded extends Error {
  constructor(
    readonly requestId: string,
    readonly managerId: string,
    readonly approverId: string | undefined,
  ) {
    super('delegation ended');
  }
}

export class DecideRequest {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: DecideInput): Promise<DecideResult> {
    const [result] = await this.decideAll(input.userId, [input], false);
    if (!result) throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId: input.requestId });
    return result;
  }

  /**
   * Approves every request in `requestIds` in one transaction. When the user may not decide even
   * one of them (or one does not exist), nothing is decided: DomainError BULK_NOT_APPROVER.
   */
  async approveMany(input: { userId: string; requestIds: string[] }): Promise<DecideResult[]> {
    const ids = [...new Set(input.requestIds)];
    return this.decideAll(input.userId, ids.map((requestId) => ({ userId: input.userId, requestId, outcome: 'approve' as const })), true);
  }

  private async decideAll(userId: string, inputs: DecideInput[], bulk: boolean): Promise<DecideResult[]> {
    const { ctx } = this;
    // The owners' current managers come from the directory (outside the transaction: it may do I/O).
    const found = await ctx.store.read((r) => Promise.all(inputs.map((i) => r.getRequest(i.requestId))));
    const owners = new Map<string, Person | undefined>();
    for (const request of found) {
      if (request && !owners.has(request.personId)) owners.set(request.personId, await ctx.directory.getPerson(request.personId));
    }
    const day0 = today(ctx);

    let results: DecideResult[];
    try {
      results = await ctx.store.transact(async (tx) => {
        const now = nowIso(ctx);
        const requests: Array<{ input: DecideInput; request: MobileWorkRequest }> = [];
        for (const input of inputs) {
          const request = await tx.getRequest(input.requestId);
          if (!request) {
            if (bulk) throw bulkRefused(inputs.length);
            throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId: input.requestId });
          }
          const owner = owners.get(request.personId);
          // A request that appeared after the read above: its owner was not loaded; refuse rather than guess.
          const managerId = owners.has(request.personId) ? owner?.managerId : undefined;
          const delegations = managerId ? await tx.listDelegations(managerId) : [];
          const role = decisionRole(request, userId, managerId, delegations, day0);
          if (role !== 'manager' && role !== 'deputy') {
            if (bulk) throw bulkRefused(inputs.length);
            if (role === 'former-deputy' && managerId && owner) {
              throw new DelegationEnded(request.id, managerId, resolveApprover(owner, delegations, day0)?.approverId);
            }
            throw new DomainError('NOT_APPROVER', 'user may not decide this request', { requestId: request.id });
          }
          requests.push({ input, request });
        }
        const decided: DecideResult[] = [];
        for (const { input, request } of requests) decided.push(await this.decideOne(tx, input, request, now));
        return decided;
      });
    } catch (e) {
      if (e instanceof DelegationEnded) throw await this.delegationEndedError(e);
      throw e;
    }

    for (const result of results) {
      if (result.changed) {
        ctx.logger.info('request_decided', { requestId: result.request.id, status: result.request.status, by: userId });
      } else {
        ctx.logger.info('decision_replayed', { requestId: result.request.id, by: userId });
      }
    }
    if (results.some((r) => r.changed)) ctx.onJobsQueued?.();
    return results;
  }

  private async decideOne(tx: StoreTx, input: DecideInput, request: MobileWorkRequest, now: string): Promise<DecideResult> {
    const { ctx } = this;
    if (!request.days.some((d) => d.status === 'pending')) return { request, changed: false };
    if (input.dates) {
      const pending = new Set(request.days.filter((d) => d.status === 'pending').map((d) => d.date));
      if (input.dates.length === 0 || input.dates.some((d) => !pending.has(d))) {
        throw new DomainError('INVALID_INPUT', 'selected days are not pending days of this request');
      }
    }
    const decided = decideRequest(request, {
      by: input.userId,
      at: now,
      outcome: input.outcome,
      dates: input.dates,
      comment: input.comment,
    });
    const stored = await tx.putRequest(decided);
    await queueDayCalendarSync(ctx, tx, request, stored); // Outlook events of the approved days
    await tx.enqueue({
      type: JOB.decisionNotify,
      payload: { requestId: stored.id, decisionAt: now },
      dedupeKey: `decision-notify:${stored.id}:${now}`,
    });
    if (stored.cards.length > 0) {
      await tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: stored.id }, dedupeKey: `card-update:${stored.id}:${now}` });
    }
    return { request: stored, changed: true };
  }

  private async delegationEndedError(e: DelegationEnded): Promise<DomainError> {
    const { directory, logger } = this.ctx;
    const manager = await directory.getPerson(e.managerId);
    const approver = e.approverId ? await directory.getPerson(e.approverId) : manager;
    logger.info('decision_refused_delegation_ended', { requestId: e.requestId, approverId: e.approverId ?? e.managerId });
    return new DomainError('DELEGATION_ENDED', 'the deputy period has ended', {
      requestId: e.requestId,
      manager: manager?.displayName ?? '—',
      approver: approver?.displayName ?? manager?.displayName ?? '—',
    });
  }
}

function bulkRefused(count: number): DomainError {
  return new DomainError('BULK_NOT_APPROVER', 'user may not decide every selected request', { count });
}
