/**
 * Timed job: remind the approver of a request that is still pending.
 *
 * The story: a request that needs approval queues its first reminder when it is stored
 * (`queueFirstReminder`, after the `reminderAfterHours` of the person's org unit). When the job is
 * due, `due` says whom to remind — nobody once the request was decided or withdrawn. The adapter
 * sends the reminder card; `sent` then notes the reminder on the request and queues the next one,
 * again after the org unit's interval from the rules in force that day, at most `maxReminders`
 * in all. The reminder's number travels in the payload (jobs queued before it did carry it only in
 * their dedupe key, which is still read for them).
 */
import { z } from 'zod';
import { unitChain } from '../../directory/directory.js';
import { localDate } from '../../domain/local-time.js';
import type { MobileWorkRequest } from '../../domain/model.js';
import { rulesInForce } from '../../domain/policy-resolution.js';
import type { StoreTx } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import { JOB } from '../job-types.js';

export const approvalRemindPayload = z.object({
  requestId: z.string().min(1),
  /** Which reminder this is: 1 for the first. */
  n: z.number().int().min(1).optional(),
});
export type ApprovalRemindPayload = z.infer<typeof approvalRemindPayload>;

export const MAX_REMINDERS = 3;

/** A reminder to send: to whom, for which request, the how-manieth. */
export interface DueReminder {
  requestId: string;
  approverId: string;
  n: number;
}

const dedupeKeyOf = (requestId: string, n: number) => (n === 1 ? `approval-remind:${requestId}` : `approval-remind:${requestId}:${n}`);

/** The reminder's number: from the payload, else from a dedupe key `approval-remind:<id>:<n>` of older jobs, else 1. */
function reminderNumber(payload: ApprovalRemindPayload, dedupeKey: string | undefined): number {
  if (payload.n !== undefined) return payload.n;
  const n = Number((dedupeKey ?? '').split(':')[2]);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

function dueAt(from: Date, hours: number): string {
  return new Date(from.getTime() + hours * 3_600_000).toISOString();
}

/** Queue the first reminder of a request just stored (in the same transaction). */
export async function queueFirstReminder(tx: StoreTx, request: MobileWorkRequest, now: string, reminderAfterHours: number): Promise<void> {
  const payload: ApprovalRemindPayload = { requestId: request.id, n: 1 };
  await tx.enqueue({ type: JOB.approvalRemind, payload, dueAt: dueAt(new Date(now), reminderAfterHours), dedupeKey: dedupeKeyOf(request.id, 1) });
}

export class ApprovalReminder {
  constructor(
    private readonly ctx: AppContext,
    private readonly maxReminders = MAX_REMINDERS,
  ) {}

  /** The reminder to send now, or undefined when the request is no longer waiting for its approver. */
  async due(payload: ApprovalRemindPayload, dedupeKey?: string): Promise<DueReminder | undefined> {
    const request = await this.ctx.store.read((r) => r.getRequest(payload.requestId));
    if (!request?.approverId || request.status !== 'pending') return undefined;
    return { requestId: request.id, approverId: request.approverId, n: reminderNumber(payload, dedupeKey) };
  }

  /** The reminder went out: note it on the request and queue the next one after the unit's interval. */
  async sent(reminder: DueReminder): Promise<void> {
    const { ctx } = this;
    const at = ctx.clock.now();
    const request = await ctx.store.read((r) => r.getRequest(reminder.requestId));
    if (!request) return;
    const chain = await unitChain(ctx.directory, request.orgUnitId);
    const { rules } = rulesInForce(ctx.policy, chain, localDate(at, ctx.policy.organisation.timeZone));
    await ctx.store.transact(async (tx) => {
      const current = await tx.getRequest(reminder.requestId);
      if (!current) return;
      await tx.putRequest({ ...current, remindedAt: at.toISOString() });
      if (reminder.n >= this.maxReminders || current.status !== 'pending') return;
      const next = reminder.n + 1;
      const payload: ApprovalRemindPayload = { requestId: current.id, n: next };
      await tx.enqueue({ type: JOB.approvalRemind, payload, dueAt: dueAt(at, rules.reminderAfterHours), dedupeKey: dedupeKeyOf(current.id, next) });
    });
    ctx.logger.info('approval_reminded', { requestId: reminder.requestId, approverId: reminder.approverId, reminder: reminder.n });
  }
}
