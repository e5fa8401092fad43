/**
 * Query: "Meine Woche" — the person's week day by day (office, mobile approved or requested,
 * holiday, presence day, non-working day, absent) and what is left of the quota.
 *
 * Absences come from the Outlook calendar (out-of-office events, src/app/absences.ts). An absent
 * day with an approved or pending mobile-work day keeps that status, is marked `absent`, and offers
 * to withdraw that one day (from today on): the day is not withdrawn automatically, the person
 * decides. An absent day without one shows as `absent` instead of office or presence day.
 */
import { addDays, startOfIsoWeek, weekdayKey, weekdayOf, type IsoDate } from '../domain/dates.js';
import { holidayCalendarOf } from '../domain/holiday-calendar.js';
import type { HalfDay, Locale } from '../domain/model.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { quotaSummary } from '../domain/quota-summary.js';
import { today, type AppContext } from './app-context.js';
import { buildEvaluationContext } from './evaluation-context.js';
import { loadPersonFacts } from './person-facts.js';

export type WeekDayStatus = 'office' | 'remote-approved' | 'remote-pending' | 'holiday' | 'presence-day' | 'non-working' | 'absent';

export interface WeekDay {
  date: IsoDate;
  status: WeekDayStatus;
  portion?: number;
  half?: HalfDay;
  holidayName?: string;
  requestId?: string;
  /** An out-of-office event in the person's Outlook calendar covers this day. */
  absent?: boolean;
  /** Offer to withdraw this day of `requestId` (absent on a mobile-work day, today or later). */
  canWithdraw?: boolean;
}

export interface MyWeekResult {
  /** The first team presence day from today on in this week without a desk booking. */
  suggestDeskOn?: IsoDate;
  weekStart: IsoDate;
  today: IsoDate;
  days: WeekDay[];
  quota: ReturnType<typeof quotaSummary>;
  policyName?: string;
}

export class MyWeek {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: { userId: string; weekStart?: IsoDate; locale: Locale }): Promise<MyWeekResult> {
    const { ctx } = this;
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const day0 = today(ctx);
    const weekStart = startOfIsoWeek(input.weekStart ?? day0);
    const weekEnd = addDays(weekStart, 6);
    const calendar = holidayCalendarOf(ctx.policy);

    return ctx.store.read(async (reader) => {
      const evaluation = await buildEvaluationContext(reader, facts, ctx.policy, day0, { from: weekStart, to: weekEnd });
      const requests = await reader.listRequestsOfPerson(facts.person.id, weekStart, weekEnd);
      const absentOn = new Set(
        (await reader.listAbsencesOfPerson(facts.person.id.toLowerCase(), weekStart, weekEnd))
          .filter((a) => a.active)
          .map((a) => a.date),
      );
      const days: WeekDay[] = [];
      for (let i = 0; i < 7; i++) {
        const date = addDays(weekStart, i);
        const hours = facts.person.hoursByWeekday[weekdayKey(weekdayOf(date))];
        const inForce = rulesInForce(ctx.policy, facts.orgUnitChain, date);
        const rules = inForce.inForce ? inForce.rules : undefined;
        const off = calendar.dayOff(date, input.locale);
        if (off && off.portion >= 1) {
          days.push({ date, status: 'holiday', holidayName: off.name });
          continue;
        }
        if (!hours) {
          if (i < 5) days.push({ date, status: 'non-working' });
          continue;
        }
        const hit = requests
          .flatMap((r) => r.days.map((d) => ({ r, d })))
          .find(({ d }) => d.date === date && (d.status === 'approved' || d.status === 'pending'));
        const absent = absentOn.has(date);
        if (hit) {
          days.push({
            date,
            status: hit.d.status === 'approved' ? 'remote-approved' : 'remote-pending',
            portion: hit.d.portion,
            half: hit.d.half,
            requestId: hit.r.id,
            ...(absent ? { absent: true, canWithdraw: date >= day0 } : {}),
          });
        } else if (absent) {
          days.push({ date, status: 'absent', absent: true });
        } else if (rules?.presenceDays.includes(weekdayOf(date))) {
          days.push({ date, status: 'presence-day' });
        } else {
          days.push({ date, status: 'office' });
        }
      }
      const booked = new Set(
        (await reader.listBookingsOfPerson(facts.person.id, weekStart, weekEnd))
          .filter((b) => b.status === 'booked' || b.status === 'checked-in')
          .map((b) => b.date),
      );
      const suggestDeskOn = days.find((d) => d.status === 'presence-day' && d.date >= day0 && !booked.has(d.date))?.date;
      return {
        suggestDeskOn,
        weekStart,
        today: day0,
        days,
        quota: quotaSummary(evaluation, weekStart),
        policyName: rulesInForce(ctx.policy, facts.orgUnitChain, weekStart).version.name,
      };
    });
  }
}
