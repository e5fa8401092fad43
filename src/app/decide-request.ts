/**
 * Use case: a manager (or the active deputy) decides a request — approve all, approve some days,
 * or reject — from the approval card.
 *
 * Who may decide is read from the stored request and the clicker's Entra object id, never from
 * the card. A second click on a decided request changes nothing (replays are harmless). The
 * employee's notice and the update of every copy of the approval card are queued with the change.
 */
import { mayDecide } from '../domain/approver.js';
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/dates.js';
import type { MobileWorkRequest } from '../domain/model.js';
import { decideRequest } from '../domain/request-lifecycle.js';
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

export class DecideRequest {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: DecideInput): Promise<DecideResult> {
    const { ctx } = this;
    const found = await ctx.store.read((r) => r.getRequest(input.requestId));
    if (!found) throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId: input.requestId });
    const owner = await ctx.directory.getPerson(found.personId);
    const managerId = owner?.managerId;
    const day0 = today(ctx);

    const result = await ctx.store.transact((tx) => {
      const request = tx.getRequest(input.requestId);
      if (!request) throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId: input.requestId });
      const delegations = managerId ? tx.listDelegations(managerId) : [];
      if (!mayDecide(request, input.userId, managerId, delegations, day0)) {
        throw new DomainError('NOT_APPROVER', 'user may not decide this request', { requestId: request.id });
      }
      if (!request.days.some((d) => d.status === 'pending')) return { request, changed: false };
      if (input.dates) {
        const pending = new Set(request.days.filter((d) => d.status === 'pending').map((d) => d.date));
        if (input.dates.length === 0 || input.dates.some((d) => !pending.has(d))) {
          throw new DomainError('INVALID_INPUT', 'selected days are not pending days of this request');
        }
      }
      const now = nowIso(ctx);
      const decided = decideRequest(request, {
        by: input.userId,
        at: now,
        outcome: input.outcome,
        dates: input.dates,
        comment: input.comment,
      });
      const stored = tx.putRequest(decided);
      queueDayCalendarSync(ctx, tx, request, stored); // Outlook events of the approved days
      tx.enqueue({
        type: JOB.decisionNotify,
        payload: { requestId: stored.id, decisionAt: now },
        dedupeKey: `decision-notify:${stored.id}:${now}`,
      });
      if (stored.cards.length > 0) {
        tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: stored.id }, dedupeKey: `card-update:${stored.id}:${now}` });
      }
      return { request: stored, changed: true };
    });

    if (result.changed) {
      ctx.logger.info('request_decided', { requestId: result.request.id, status: result.request.status, by: input.userId });
      ctx.onJobsQueued?.();
    } else {
      ctx.logger.info('decision_replayed', { requestId: result.request.id, by: input.userId });
    }
    return result;
  }
}
