/**
 * Use case: the week planner — this and the next week day by day, set with one click per day
 * (office / office with a desk / mobile) and sent as one change.
 *
 * `view` answers what the card shows: per working day the state (office with the desk booked,
 * mobile approved or pending, absent, holiday, presence day), how many colleagues of the team have
 * a desk that day, and what is left of the quota in each week's window. `apply` compares the
 * choices with the stored state and changes only what differs: the new mobile days become ONE
 * request (checked against the agreement like any other, see RequestDays), mobile days set back to
 * office are withdrawn, "office with desk" books the best free desk (near the team first), and
 * "office" on a day with a desk cancels that booking. Each changed day gets a verdict the card shows.
 */
import { addDays, startOfIsoWeek, type IsoDate } from '../domain/dates.js';
import { DomainError } from '../domain/errors.js';
import type { DeskReason } from '../domain/desk-availability.js';
import { isActiveBooking } from '../domain/desk-slots.js';
import type { Locale, Reason } from '../domain/model.js';
import type { QuotaSummary } from '../domain/quota-summary.js';
import { today, type AppContext } from './app-context.js';
import type { BookDesk } from './book-desk.js';
import type { DeskBookings } from './desk-bookings.js';
import type { FindDesks } from './find-desks.js';
import type { MyWeek, WeekDay } from './my-week.js';
import { loadPersonFacts } from './person-facts.js';
import type { RequestDays } from './request-days.js';
import type { WithdrawRequest } from './withdraw-request.js';

export type PlanChoice = 'office' | 'office-desk' | 'mobile';

export interface PlanDay extends WeekDay {
  /** The person's active desk booking that day. */
  desk?: { bookingId: string; deskId: string; label: string };
  /** Colleagues of the org unit (not the person) with a desk that day. */
  teamOnSite: number;
  /** The planner offers office / mobile for this day (a working day from today on, no holiday). */
  changeable: boolean;
  /** The choice the day stands at now. */
  current?: PlanChoice;
}

export interface PlanWeek {
  weekStart: IsoDate;
  quota: QuotaSummary;
}

export type PlanVerdict =
  | { date: IsoDate; kind: 'requested' | 'approved' | 'withdrawn' | 'desk-cancelled' }
  | { date: IsoDate; kind: 'desk-booked'; deskLabel: string }
  | { date: IsoDate; kind: 'refused'; reason?: Reason }
  | { date: IsoDate; kind: 'no-desk'; reason?: DeskReason };

export interface PlanWeeksResult {
  today: IsoDate;
  weekStart: IsoDate;
  weeks: PlanWeek[];
  days: PlanDay[];
  teamSize: number;
  /** After `apply`: what happened to each changed day. */
  verdicts: PlanVerdict[];
  /** After `apply`: the request made for the new mobile days, if any. */
  requestNumber?: string;
}

export interface PlanCollaborators {
  myWeek: MyWeek;
  requestDays: RequestDays;
  withdraw: WithdrawRequest;
  bookDesk: BookDesk;
  findDesks: FindDesks;
  deskBookings: DeskBookings;
}

const WEEKS = 2;

export class PlanWeeks {
  constructor(
    private readonly ctx: AppContext,
    private readonly uc: PlanCollaborators,
  ) {}

  async view(input: { userId: string; weekStart?: IsoDate; locale: Locale }): Promise<PlanWeeksResult> {
    const { ctx } = this;
    const day0 = today(ctx);
    const first = startOfIsoWeek(input.weekStart ?? day0);
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const team = (await ctx.directory.listOrgUnitMembers(facts.person.orgUnitId)).map((p) => p.id).filter((id) => id !== facts.person.id);
    const weeks: PlanWeek[] = [];
    const days: PlanDay[] = [];
    for (let w = 0; w < WEEKS; w++) {
      const week = await this.uc.myWeek.execute({ userId: input.userId, weekStart: addDays(first, 7 * w), locale: input.locale });
      weeks.push({ weekStart: week.weekStart, quota: week.quota });
      for (const d of week.days) days.push({ ...d, teamOnSite: 0, changeable: false });
    }
    const last = addDays(first, 7 * WEEKS - 1);
    const teamIds = new Set(team);
    const { mine, others } = await ctx.store.read(async (reader) => ({
      mine: (await reader.listBookingsOfPerson(facts.person.id, first, last)).filter(isActiveBooking),
      others: (await reader.listBookingsInRange(first, last)).filter((b) => isActiveBooking(b) && teamIds.has(b.personId)),
    }));
    const label = (deskId: string) => ctx.inventory.desks.find((d) => d.id === deskId)?.label ?? deskId;
    for (const day of days) {
      const booking = mine.find((b) => b.date === day.date);
      if (booking) day.desk = { bookingId: booking.id, deskId: booking.deskId, label: label(booking.deskId) };
      day.teamOnSite = new Set(others.filter((b) => b.date === day.date).map((b) => b.personId)).size;
      day.changeable = day.date >= day0 && day.status !== 'holiday' && day.status !== 'non-working';
      day.current =
        day.status === 'remote-approved' || day.status === 'remote-pending' ? 'mobile' : day.desk ? 'office-desk' : day.changeable ? 'office' : undefined;
    }
    return { today: day0, weekStart: first, weeks, days, teamSize: team.length + 1, verdicts: [] };
  }

  async apply(input: { userId: string; weekStart: IsoDate; locale: Locale; choices: Array<{ date: IsoDate; choice: PlanChoice }> }): Promise<PlanWeeksResult> {
    const before = await this.view({ userId: input.userId, weekStart: input.weekStart, locale: input.locale });
    const byDate = new Map(before.days.map((d) => [d.date, d]));
    const verdicts: PlanVerdict[] = [];
    const toMobile: IsoDate[] = [];
    const toOffice: Array<{ day: PlanDay; desk: boolean }> = [];
    for (const { date, choice } of input.choices) {
      const day = byDate.get(date);
      if (!day?.changeable || day.current === choice) continue; // unknown, past or unchanged: nothing to do
      if (choice === 'mobile') toMobile.push(date);
      else toOffice.push({ day, desk: choice === 'office-desk' });
    }

    // Office days first: a withdrawn mobile day and a cancelled desk never count against the new request.
    for (const { day, desk } of toOffice) {
      if (day.current === 'mobile' && day.requestId) {
        await this.uc.withdraw.execute({ userId: input.userId, requestId: day.requestId, dates: [day.date] });
        verdicts.push({ date: day.date, kind: 'withdrawn' });
      }
      if (!desk && day.desk) {
        await this.uc.deskBookings.cancel({ userId: input.userId, bookingId: day.desk.bookingId });
        verdicts.push({ date: day.date, kind: 'desk-cancelled' });
      }
      if (desk && !day.desk) verdicts.push(await this.bookBestDesk(input.userId, day.date));
    }

    let requestNumber: string | undefined;
    if (toMobile.length > 0) {
      const result = await this.uc.requestDays.execute({ userId: input.userId, spec: { type: 'dates', dates: toMobile }, releaseDesks: true });
      requestNumber = result.request?.number;
      for (const v of result.verdicts) {
        const saved = result.request?.days.find((d) => d.date === v.date);
        if (v.outcome === 'refused' || !saved) verdicts.push({ date: v.date, kind: 'refused', reason: v.reasons[0] });
        else verdicts.push({ date: v.date, kind: saved.status === 'approved' ? 'approved' : 'requested' });
      }
    }
    const after = await this.view({ userId: input.userId, weekStart: input.weekStart, locale: input.locale });
    return { ...after, verdicts, ...(requestNumber ? { requestNumber } : {}) };
  }

  private async bookBestDesk(userId: string, date: IsoDate): Promise<PlanVerdict> {
    const free = await this.uc.findDesks.execute({ userId, query: { date, slot: 'day', nearTeam: false } });
    const best = [...free].sort((a, b) => Number(b.teamZone) - Number(a.teamZone))[0];
    if (!best) return { date, kind: 'no-desk' };
    const r = await this.uc.bookDesk.execute({ userId, deskId: best.desk.id, date, slot: 'day', switchFromMobile: true });
    if (r.kind === 'booked') return { date, kind: 'desk-booked', deskLabel: r.desk.label };
    if (r.kind === 'refused') return { date, kind: 'no-desk', reason: r.reasons[0] };
    throw new DomainError('INVALID_INPUT', 'mobile day still planned after withdrawal', { date });
  }
}
