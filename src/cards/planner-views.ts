/**
 * View of the week planner (src/app/plan-weeks.ts): this and the next week, one row per working
 * day with its state in words, how many of the team are on site, and — from today on — one
 * radio group office / office with desk / mobile. Verdicts after sending are words too (colour
 * only repeats them). Input ids are `day.<ISO date>`; action data carries the first Monday only.
 */
import type { PlanDay, PlanVerdict, PlanWeeksResult } from '../app/plan-weeks.js';
import { addDays, isoWeek, type IsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { deskReasonText, formatDate, formatDateShort, reasonText, t } from './i18n.js';
import type { ContainerStyle, TextColor } from './view-helpers.js';
import { quotaLeftText, weekDayStatus } from './week-views.js';

export interface PlannerDayRow {
  dateText: string;
  weight: 'Default' | 'Bolder';
  style: ContainerStyle;
  statusText: string;
  teamText: string;
  hasChoice: boolean;
  inputId: string;
  value: string;
  choiceLabel: string;
  officeTitle: string;
  deskTitle: string;
  mobileTitle: string;
  hasVerdict: boolean;
  verdictText: string;
  verdictColor: TextColor;
  /** Out of office in Outlook on a mobile day: a button withdraws just this day. */
  hasWithdraw: boolean;
  withdrawText: string;
  withdrawRequestId: string;
  withdrawDates: string;
}

export interface PlannerWeek {
  heading: string;
  quotaText: string;
  days: PlannerDayRow[];
}

export interface PlannerView {
  title: string;
  introText: string;
  hasResult: boolean;
  resultText: string;
  resultStyle: ContainerStyle;
  weeks: PlannerWeek[];
  hasChoices: boolean;
  weekStart: IsoDate;
  prevWeekStart: IsoDate;
  nextWeekStart: IsoDate;
}

const isMobile = (day: PlanDay) => day.status === 'remote-approved' || day.status === 'remote-pending';

function statusOf(locale: Locale, day: PlanDay): string {
  const base = weekDayStatus(locale, day);
  if (day.absent && isMobile(day)) return t(locale, 'week.absentOnMobile', { status: base });
  if (day.desk && (day.status === 'office' || day.status === 'presence-day' || day.status === 'absent')) {
    return t(locale, 'planner.withDesk', { status: base, desk: day.desk.label });
  }
  return base;
}

function verdictText(locale: Locale, v: PlanVerdict): { text: string; color: TextColor } {
  switch (v.kind) {
    case 'requested':
      return { text: t(locale, 'planner.v.requested'), color: 'Warning' };
    case 'approved':
      return { text: t(locale, 'planner.v.approved'), color: 'Good' };
    case 'withdrawn':
      return { text: t(locale, 'planner.v.withdrawn'), color: 'Good' };
    case 'desk-cancelled':
      return { text: t(locale, 'planner.v.deskCancelled'), color: 'Good' };
    case 'desk-booked':
      return { text: t(locale, 'planner.v.deskBooked', { desk: v.deskLabel }), color: 'Good' };
    case 'no-desk':
      return { text: t(locale, 'planner.v.noDesk', { reason: v.reason ? deskReasonText(locale, v.reason) : t(locale, 'planner.v.noFreeDesk') }), color: 'Attention' };
    default:
      return { text: t(locale, 'planner.v.refused', { reason: v.reason ? reasonText(locale, v.reason) : '' }).trim(), color: 'Attention' };
  }
}

function teamText(locale: Locale, day: PlanDay, teamSize: number): string {
  if (day.status === 'holiday' || day.status === 'non-working') return '';
  return day.teamOnSite > 0 ? t(locale, 'planner.team', { n: day.teamOnSite, size: teamSize }) : t(locale, 'planner.teamNone');
}

function resultOf(locale: Locale, r: PlanWeeksResult): { text: string; style: ContainerStyle } | undefined {
  if (r.verdicts.length === 0) return undefined;
  const refused = r.verdicts.filter((v) => v.kind === 'refused' || v.kind === 'no-desk').length;
  const done = r.verdicts.length - refused;
  const parts = [t(locale, 'planner.resultSaved', { n: done })];
  if (r.requestNumber) parts.push(t(locale, 'planner.resultRequest', { number: r.requestNumber }));
  if (refused > 0) parts.push(t(locale, 'planner.resultRefused', { n: refused }));
  return { text: parts.join(' '), style: refused > 0 ? 'warning' : 'good' };
}

export function plannerView(locale: Locale, r: PlanWeeksResult): PlannerView {
  const verdictByDate = new Map(r.verdicts.map((v) => [v.date, v]));
  const weeks = r.weeks.map((w): PlannerWeek => {
    const days = r.days.filter((d) => d.date >= w.weekStart && d.date <= addDays(w.weekStart, 6));
    const last = days[days.length - 1]?.date ?? addDays(w.weekStart, 4);
    return {
      heading: t(locale, 'planner.weekHeading', { week: isoWeek(w.weekStart).week, from: formatDateShort(locale, w.weekStart), to: formatDateShort(locale, last) }),
      quotaText: quotaLeftText(locale, w.quota),
      days: days.map((day): PlannerDayRow => {
        const label = formatDate(locale, day.date);
        const isToday = day.date === r.today;
        const v = verdictByDate.get(day.date);
        const verdict = v ? verdictText(locale, v) : undefined;
        const hasWithdraw = day.absent === true && isMobile(day) && day.canWithdraw === true && day.requestId !== undefined;
        return {
          dateText: isToday ? t(locale, 'date.today', { date: label }) : label,
          weight: isToday ? 'Bolder' : 'Default',
          style: isToday ? 'emphasis' : day.absent && isMobile(day) ? 'warning' : 'default',
          statusText: statusOf(locale, day),
          teamText: teamText(locale, day, r.teamSize),
          hasChoice: day.changeable && day.current !== undefined,
          inputId: `day.${day.date}`,
          value: day.current ?? '',
          choiceLabel: t(locale, 'planner.choiceLabel', { date: label }),
          officeTitle: t(locale, 'planner.choiceOffice'),
          deskTitle: day.desk ? t(locale, 'planner.choiceDeskKept', { desk: day.desk.label }) : t(locale, 'planner.choiceDesk'),
          mobileTitle: t(locale, 'planner.choiceMobile'),
          hasVerdict: verdict !== undefined,
          verdictText: verdict?.text ?? '',
          verdictColor: verdict?.color ?? 'Default',
          hasWithdraw,
          withdrawText: hasWithdraw ? t(locale, 'week.withdrawDay') : '',
          withdrawRequestId: hasWithdraw ? (day.requestId ?? '') : '',
          withdrawDates: hasWithdraw ? day.date : '',
        };
      }),
    };
  });
  const result = resultOf(locale, r);
  const lastWeek = r.weeks[r.weeks.length - 1]?.weekStart ?? r.weekStart;
  return {
    title: t(locale, 'planner.title', { from: isoWeek(r.weekStart).week, to: isoWeek(lastWeek).week }),
    introText: t(locale, 'planner.intro'),
    hasResult: result !== undefined,
    resultText: result?.text ?? '',
    resultStyle: result?.style ?? 'default',
    weeks,
    hasChoices: weeks.some((w) => w.days.some((d) => d.hasChoice)),
    weekStart: r.weekStart,
    prevWeekStart: addDays(r.weekStart, -7 * r.weeks.length),
    nextWeekStart: addDays(r.weekStart, 7 * r.weeks.length),
  };
}
