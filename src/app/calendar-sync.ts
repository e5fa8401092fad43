/**
 * Outlook calendar sync, the queuing side: a use case that changes a request or a desk booking
 * calls one of these inside its store transaction, with the record before and after the change.
 * They queue a job per day / booking whose calendar state must change, so the job commits with
 * the change that causes it (or not at all). Nothing is queued unless Graph is configured
 * (`ctx.calendarSync`). The jobs run in src/graph/calendar-jobs.ts.
 *
 * - a day that became approved → `calendar.upsert-day`; one that was approved (or has an event)
 *   and is not any more (withdrawn, cancelled, rejected) → `calendar.remove-day`
 * - a booking that became active (booked / checked-in) → `calendar.upsert-booking`; one that was
 *   active and is cancelled or released → `calendar.remove-booking`
 * - the nightly reconciliation is scheduled with `scheduleCalendarReconcile`
 */
import { checkInDeadlineUtc } from '../domain/desk-check-in.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { DeskBooking } from '../domain/desk-model.js';
import { isActiveBooking } from '../domain/desk-slots.js';
import type { MobileWorkRequest } from '../domain/model.js';
import type { StoreTx } from '../store/store.js';
import { localDate } from '../domain/local-time.js';
import { JOB } from './job-types.js';

/** What the helpers need from the AppContext. */
export interface CalendarSyncContext {
  calendarSync?: boolean;
  statusMessage?: boolean;
  policy?: { organisation: { timeZone: string } };
  clock: { now(): Date };
}

/** Queues the calendar jobs for the days of `after` whose approval changed since `before`. */
export async function queueDayCalendarSync(
  ctx: CalendarSyncContext,
  tx: Pick<StoreTx, 'enqueue'>,
  before: MobileWorkRequest | undefined,
  after: MobileWorkRequest,
): Promise<void> {
  if (!ctx.calendarSync) return;
  const at = ctx.clock.now().toISOString();
  for (const day of after.days) {
    const was = before?.days.find((d) => d.date === day.date);
    const wasApproved = was?.status === 'approved';
    const isApproved = day.status === 'approved';
    if (isApproved && !wasApproved) {
      await tx.enqueue({ type: JOB.calendarUpsertDay, payload: { requestId: after.id, date: day.date }, dedupeKey: `calendar-day:${after.id}:${day.date}:upsert:${at}` });
      if (ctx.statusMessage && day.portion === 1) {
        // At 06:00 local on that day (the start of the flexitime frame); at once when that has passed.
        const due = checkInDeadlineUtc(day.date, '06:00', ctx.policy?.organisation.timeZone ?? 'Europe/Berlin');
        await tx.enqueue({
          type: JOB.presenceStatusMessage,
          payload: { requestId: after.id, date: day.date },
          dueAt: due.toISOString(),
          dedupeKey: `status-message:${after.id}:${day.date}`,
        });
      }
    } else if (!isApproved && (wasApproved || day.calendarEventId !== undefined)) {
      await tx.enqueue({ type: JOB.calendarRemoveDay, payload: { requestId: after.id, date: day.date }, dedupeKey: `calendar-day:${after.id}:${day.date}:remove:${at}` });
    }
  }
}

/** Queues the calendar job for a booking that became active, or stopped being active. */
export async function queueBookingCalendarSync(
  ctx: CalendarSyncContext,
  tx: Pick<StoreTx, 'enqueue'>,
  before: DeskBooking | undefined,
  after: DeskBooking,
): Promise<void> {
  if (!ctx.calendarSync) return;
  const at = ctx.clock.now().toISOString();
  const wasActive = before !== undefined && isActiveBooking(before);
  const isActive = isActiveBooking(after);
  if (isActive && !wasActive) {
    await tx.enqueue({ type: JOB.calendarUpsertBooking, payload: { bookingId: after.id }, dedupeKey: `calendar-booking:${after.id}:upsert:${at}` });
  } else if (!isActive && (wasActive || after.calendarEventId !== undefined)) {
    await tx.enqueue({ type: JOB.calendarRemoveBooking, payload: { bookingId: after.id }, dedupeKey: `calendar-booking:${after.id}:remove:${at}` });
  }
}

/** The next 02:00 (local) from `now` on: the date it belongs to and the instant. */
export function nextReconcileAt(now: Date, timeZone: string, localTime = '02:00'): { date: IsoDate; dueAt: Date } {
  const today = localDate(now, timeZone);
  const tonight = checkInDeadlineUtc(today, localTime, timeZone);
  if (tonight.getTime() > now.getTime()) return { date: today, dueAt: tonight };
  const tomorrow = addDays(today, 1);
  return { date: tomorrow, dueAt: checkInDeadlineUtc(tomorrow, localTime, timeZone) };
}

/** Queues the nightly reconciliation (once per night: the date is the dedupe key). */
export async function scheduleCalendarReconcile(tx: Pick<StoreTx, 'enqueue'>, now: Date, timeZone: string): Promise<IsoDate> {
  const { date, dueAt } = nextReconcileAt(now, timeZone);
  await tx.enqueue({ type: JOB.calendarReconcile, payload: { date }, dueAt: dueAt.toISOString(), dedupeKey: `calendar-reconcile:${date}` });
  return date;
}
