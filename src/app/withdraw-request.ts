/**
 * Use case: the employee withdraws a request (pending days) or cancels approved days still ahead.
 * The freed days count no longer against the quota; the approver's card is updated and the
 * approver told.
 */
import { DomainError } from '../domain/errors.js';
import type { IsoDate } from '../domain/dates.js';
import type { MobileWorkRequest } from '../domain/model.js';
import { withdrawRequest } from '../domain/request-lifecycle.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { queueDayCalendarSync } from './calendar-sync.js';
import { JOB } from './job-types.js';

export class WithdrawRequest {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: { userId: string; requestId: string; dates?: IsoDate[] }): Promise<MobileWorkRequest> {
    const { ctx } = this;
    const day0 = today(ctx);
    const stored = await ctx.store.transact(async (tx) => {
      const request = await tx.getRequest(input.requestId);
      if (!request) throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId: input.requestId });
      const now = nowIso(ctx);
      const changed = withdrawRequest(request, { by: input.userId, at: now, today: day0, dates: input.dates });
      const saved = await tx.putRequest(changed);
      await queueDayCalendarSync(ctx, tx, request, saved); // delete the Outlook events of cancelled days
      if (saved.approverId) {
        await tx.enqueue({ type: JOB.withdrawalNotify, payload: { requestId: saved.id }, dedupeKey: `withdrawal:${saved.id}:${now}` });
      }
      if (saved.cards.length > 0) {
        await tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: saved.id }, dedupeKey: `card-update:${saved.id}:${now}` });
      }
      return saved;
    });
    ctx.logger.info('request_withdrawn', { requestId: stored.id, status: stored.status });
    ctx.onJobsQueued?.();
    return stored;
  }
}
