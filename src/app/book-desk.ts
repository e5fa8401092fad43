/**
 * Use case: a person books a desk for a day or half day — once, or as a weekly series.
 *
 * The desk rules are checked and the booking written in one store transaction, so two people
 * clicking the same desk at the same moment get one booking and one clear answer with
 * alternatives. A day already planned as mobile work is not silently doubled: the person is
 * offered the switch (withdraw that day and book), which this use case performs when asked.
 * The check-in reminder and the no-show release are queued with the booking: they survive restarts.
 */
import { eachDay, weekdayOf, type IsoDate, type Weekday } from '../domain/dates.js';
import { alternatives, checkBooking, type DeskReason } from '../domain/desk-availability.js';
import { checkInDeadlineUtc, checkInPlanAt, type CheckInPlan } from '../domain/desk-check-in.js';
import type { BookingSlot, Desk, DeskBooking } from '../domain/desk-model.js';
import { DomainError } from '../domain/errors.js';
import type { MobileWorkRequest } from '../domain/model.js';
import { withdrawRequest } from '../domain/request-lifecycle.js';
import { StoreConflictError, type StoreTx } from '../store/store.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { queueBookingCalendarSync, queueDayCalendarSync } from './calendar-sync.js';
import { bookingContext, deskRulesFor } from './desk-booking-context.js';
import type { PersonFacts } from './evaluation-context.js';
import { JOB } from './job-types.js';
import { loadPersonFacts } from './person-facts.js';

export interface BookDeskInput {
  userId: string;
  deskId: string;
  date: IsoDate;
  slot: BookingSlot;
  /** Withdraw a mobile-work day planned for that date and book (the switch the card offers). */
  switchFromMobile?: boolean;
}

export type BookDeskResult =
  | { kind: 'booked'; booking: DeskBooking; desk: Desk }
  | { kind: 'refused'; reasons: DeskReason[]; alternatives: Desk[]; desk?: Desk }
  | { kind: 'mobile-day'; request: MobileWorkRequest; date: IsoDate };

export interface BookSeriesInput {
  userId: string;
  deskId: string;
  slot: BookingSlot;
  weekdays: Weekday[];
  from: IsoDate;
  until: IsoDate;
}

export interface BookSeriesResult {
  seriesId: string;
  booked: DeskBooking[];
  refused: Array<{ date: IsoDate; reasons: DeskReason[] }>;
  mobileDays: IsoDate[];
}

export class BookDesk {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: BookDeskInput): Promise<BookDeskResult> {
    try {
      return await this.attempt(input);
    } catch (e) {
      // Another bot process stored a booking of this slot between our check and our write (the
      // store refuses the second one): judge again, which now answers "taken" with alternatives.
      if (!(e instanceof StoreConflictError)) throw e;
      this.ctx.logger.warn('desk_conflict_retry', { deskId: input.deskId });
      return this.attempt(input);
    }
  }

  private async attempt(input: BookDeskInput): Promise<BookDeskResult> {
    const { ctx } = this;
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const day0 = today(ctx);
    const result = await ctx.store.transact(async (tx): Promise<BookDeskResult> => {
      const mobile = await mobileRequestOn(tx, input.userId, input.date);
      if (mobile && !input.switchFromMobile) return { kind: 'mobile-day', request: mobile, date: input.date };
      if (mobile) {
        const now = nowIso(ctx);
        const saved = await tx.putRequest(withdrawRequest(mobile, { by: input.userId, at: now, today: day0, dates: [input.date] }));
        await queueDayCalendarSync(ctx, tx, mobile, saved);
        // As WithdrawRequest does: the approver is told and the sent approval card updated.
        if (saved.approverId) {
          await tx.enqueue({ type: JOB.withdrawalNotify, payload: { requestId: saved.id }, dedupeKey: `withdrawal:${saved.id}:${now}` });
        }
        if (saved.cards.length > 0) {
          await tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: saved.id }, dedupeKey: `card-update:${saved.id}:${now}` });
        }
      }
      const outcome = await this.bookOne(tx, facts, input.deskId, input.date, input.slot, day0);
      if ('reasons' in outcome) {
        // Nothing is written when the desk cannot be booked, not even the withdrawal.
        throw new RefusedBooking(outcome.reasons, outcome.alternatives, outcome.desk);
      }
      return { kind: 'booked', booking: outcome.booking, desk: outcome.desk };
    }).catch((e: unknown) => {
      if (e instanceof RefusedBooking) return { kind: 'refused' as const, reasons: e.reasons, alternatives: e.alternatives, desk: e.desk };
      throw e;
    });
    if (result.kind === 'booked') {
      ctx.logger.info('desk_booked', { bookingId: result.booking.id, deskId: result.desk.id, slot: result.booking.slot });
      ctx.onJobsQueued?.();
    } else if (result.kind === 'refused') {
      ctx.logger.info('desk_refused', { deskId: input.deskId, code: result.reasons[0]?.code });
    }
    return result;
  }

  /** Books the desk on every matching weekday in [from, until]; refused days are reported, not fatal. */
  async series(input: BookSeriesInput): Promise<BookSeriesResult> {
    const { ctx } = this;
    if (input.until < input.from) throw new DomainError('END_BEFORE_START', 'series ends before it starts');
    const dates = eachDay(input.from, input.until).filter((d) => input.weekdays.includes(weekdayOf(d)));
    if (dates.length === 0) throw new DomainError('NO_DAYS', 'the series contains no days');
    if (dates.length > 120) throw new DomainError('RANGE_TOO_LONG', 'series too long', { max: 120 });
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const day0 = today(ctx);
    const seriesId = ctx.ids.newId();
    const result = await ctx.store.transact(async (tx) => {
      const out: BookSeriesResult = { seriesId, booked: [], refused: [], mobileDays: [] };
      for (const date of dates) {
        if (await mobileRequestOn(tx, input.userId, date)) {
          out.mobileDays.push(date);
          continue;
        }
        const one = await this.bookOne(tx, facts, input.deskId, date, input.slot, day0, seriesId);
        if ('reasons' in one) out.refused.push({ date, reasons: one.reasons });
        else out.booked.push(one.booking);
      }
      return out;
    });
    ctx.logger.info('desk_series_booked', { seriesId, booked: result.booked.length, refused: result.refused.length });
    if (result.booked.length > 0) ctx.onJobsQueued?.();
    return result;
  }

  private async bookOne(
    tx: StoreTx,
    facts: PersonFacts,
    deskId: string,
    date: IsoDate,
    slot: BookingSlot,
    day0: IsoDate,
    seriesId?: string,
  ): Promise<{ booking: DeskBooking; desk: Desk } | { reasons: DeskReason[]; alternatives: Desk[]; desk?: Desk }> {
    const { ctx } = this;
    const bctx = await bookingContext(ctx, tx, facts, date, day0);
    const desk = ctx.inventory.desks.find((d) => d.id === deskId);
    const reasons = checkBooking(bctx, deskId, date, slot);
    if (reasons.length > 0 || !desk) {
      return {
        reasons: reasons.length > 0 ? reasons : [{ code: 'UNKNOWN_DESK', params: {} }],
        alternatives: desk ? alternatives(bctx, desk, date, slot) : [],
        desk,
      };
    }
    const now = nowIso(ctx);
    const times = checkInTimes(ctx, facts, date, slot);
    const plan = checkInPlanAt(ctx.clock.now(), times);
    const booking = await tx.putBooking({
      id: ctx.ids.newId(),
      deskId,
      personId: facts.person.id,
      date,
      slot,
      status: plan === 'check-in-now' ? 'checked-in' : 'booked',
      ...(plan === 'check-in-now' ? { checkedInAt: now } : {}),
      ...(seriesId ? { seriesId } : {}),
      checkInBy: times.localTime,
      createdAt: now,
      updatedAt: now,
      version: 0,
    });
    await queueCheckInJobs(tx, booking, times, plan);
    await queueBookingCalendarSync(ctx, tx, undefined, booking); // the desk in the person's Outlook calendar
    return { booking, desk };
  }
}

class RefusedBooking extends Error {
  constructor(
    readonly reasons: DeskReason[],
    readonly alternatives: Desk[],
    readonly desk: Desk | undefined,
  ) {
    super('booking refused');
  }
}

/** The person's request with a pending or approved day on `date`, if any. */
export async function mobileRequestOn(tx: Pick<StoreTx, 'listRequestsOfPerson'>, personId: string, date: IsoDate): Promise<MobileWorkRequest | undefined> {
  return (await tx.listRequestsOfPerson(personId, date, date))
    .find((r) => r.days.some((d) => d.date === date && (d.status === 'pending' || d.status === 'approved')));
}

/**
 * When this booking must be checked in: the rules of the person's org unit on that day; an
 * afternoon half day moves the deadline by four hours. Fixed on the booking when it is made.
 */
export function checkInTimes(
  ctx: AppContext,
  facts: PersonFacts,
  date: IsoDate,
  slot: BookingSlot,
): { localTime: string; dueUtc: Date; reminderUtc: Date } {
  const rules = deskRulesFor(ctx, facts, date);
  const shiftHours = slot === 'afternoon' ? 4 : 0;
  const [h = 0, m = 0] = rules.checkInDeadline.split(':').map(Number);
  const localTime = `${String(Math.min(23, h + shiftHours)).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  const dueUtc = checkInDeadlineUtc(date, localTime, ctx.policy.organisation.timeZone);
  return { localTime, dueUtc, reminderUtc: new Date(dueUtc.getTime() - rules.checkInReminderMinutes * 60_000) };
}

async function queueCheckInJobs(tx: StoreTx, booking: DeskBooking, times: ReturnType<typeof checkInTimes>, plan: CheckInPlan): Promise<void> {
  if (plan === 'check-in-now') return; // booked after the deadline: checked in at once, nothing to release
  // The reminder carries its deadline: run late (after a restart), it must not ask to check in when it is too late.
  if (plan === 'remind-and-release') {
    await tx.enqueue({
      type: JOB.deskCheckInReminder,
      payload: { bookingId: booking.id, deadlineAt: times.dueUtc.toISOString() },
      dueAt: times.reminderUtc.toISOString(),
      dedupeKey: `desk-remind:${booking.id}`,
    });
  }
  // A check-in at the deadline itself is in time: the release runs one minute after it.
  await tx.enqueue({
    type: JOB.deskNoShow,
    payload: { bookingId: booking.id },
    dueAt: new Date(times.dueUtc.getTime() + 60_000).toISOString(),
    dedupeKey: `desk-noshow:${booking.id}`,
  });
}
