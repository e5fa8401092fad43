/** View models for "Meine Woche" and "Mein Kontingent". */
import { addDays, eachDay, isoWeek, startOfIsoWeek, weekdayKey, weekdayOf, type IsoDate, type Weekday, type WeekdayKey } from '../domain/dates.js';
import type { AveragingWindow, Locale, MobileWorkRequest, RequestDay } from '../domain/model.js';
import { formatDate, formatDateShort, formatHours, formatNumber, t, windowText } from './i18n.js';
import type { ContainerStyle } from './view-helpers.js';

/** The quota state of one person, as computed by the quota engine. */
export interface QuotaSummary {
  policyName: string;
  /** validFrom of the policy version that applies. */
  policyValidFrom: IsoDate;
  window: AveragingWindow;
  /** First day of the averaging window (a Monday for weeks, the 1st for months). */
  windowStart: IsoDate;
  /** Remote hours planned (approved + pending) in the window. */
  hoursUsed: number;
  /** Remote hours allowed in the window; undefined = no hour limit. */
  hoursLimit?: number;
  /** Any day of the week the day counts refer to (usually today). */
  weekOf: IsoDate;
  /** Remote days planned in that ISO week; a half day counts 0.5. */
  daysUsedThisWeek: number;
  maxDaysPerWeek?: number;
  /** Office days left in that week with the current plan. */
  officeDaysThisWeek: number;
  minOfficeDaysPerWeek: number;
}

/** One sentence (or two) about what is left: "In KW 48 können Sie noch 1 Tag mobil arbeiten." */
export function quotaLeftText(locale: Locale, q: QuotaSummary): string {
  const week = isoWeek(q.weekOf).week;
  const window = windowText(locale, q.window, q.windowStart);
  const sentences: string[] = [];
  if (q.maxDaysPerWeek !== undefined) {
    const left = Math.max(0, q.maxDaysPerWeek - q.daysUsedThisWeek);
    sentences.push(
      left > 0
        ? t(locale, 'quota.leftDays', { week, days: left })
        : t(locale, 'quota.exhausted', { window: windowText(locale, 'week', startOfIsoWeek(q.weekOf)) }),
    );
  }
  if (q.hoursLimit !== undefined) {
    const left = Math.max(0, q.hoursLimit - q.hoursUsed);
    const sentence = left > 0 ? t(locale, 'quota.leftHours', { window, hours: formatHours(locale, left) }) : t(locale, 'quota.exhausted', { window });
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences.length > 0 ? sentences.join(' ') : t(locale, 'quota.noLimit');
}

export interface QuotaView {
  title: string;
  leftText: string;
  facts: { title: string; value: string }[];
  ruleText: string;
}

export function quotaView(locale: Locale, q: QuotaSummary): QuotaView {
  const week = isoWeek(q.weekOf).week;
  const window = windowText(locale, q.window, q.windowStart);
  const facts = [
    { title: t(locale, 'quota.factWindow'), value: window },
    {
      title: t(locale, 'quota.factHours'),
      value:
        q.hoursLimit === undefined
          ? formatHours(locale, q.hoursUsed)
          : t(locale, 'quota.usedOf', { used: formatNumber(locale, q.hoursUsed), limit: formatHours(locale, q.hoursLimit) }),
    },
    {
      title: t(locale, 'quota.factDays', { week }),
      value:
        q.maxDaysPerWeek === undefined
          ? formatNumber(locale, q.daysUsedThisWeek)
          : t(locale, 'quota.usedOf', { used: q.daysUsedThisWeek, limit: q.maxDaysPerWeek }),
    },
    {
      title: t(locale, 'quota.factOffice', { week }),
      value: t(locale, 'quota.officeValue', { n: q.officeDaysThisWeek, min: q.minOfficeDaysPerWeek }),
    },
  ];
  return {
    title: t(locale, 'quota.title'),
    leftText: quotaLeftText(locale, q),
    facts,
    ruleText: t(locale, 'quota.rule', { name: q.policyName, date: formatDateShort(locale, q.policyValidFrom) }),
  };
}

// ---------------------------------------------------------------- my week

export interface MyWeekInput {
  /** Any day of the week to show; normalised to its Monday. */
  weekStart: IsoDate;
  today: IsoDate;
  /** The person's contracted hours per weekday (0 = not a working day). */
  hoursByWeekday: Record<WeekdayKey, number>;
  /** The person's requests; only pending/approved days inside the week are shown. */
  requests: MobileWorkRequest[];
  /** Public holidays by date, with their names. */
  holidays: Record<IsoDate, string>;
  /** Fixed presence days of the person's policy. */
  presenceDays: Weekday[];
  quota?: QuotaSummary;
  /** Show Saturday and Sunday; default: only when the person works or plans on them. */
  showWeekend?: boolean;
}

export interface WeekDayRow {
  dateText: string;
  statusText: string;
  weight: 'Default' | 'Bolder';
  style: ContainerStyle;
}

export interface MyWeekView {
  title: string;
  rangeText: string;
  days: WeekDayRow[];
  hasQuota: boolean;
  quotaText: string;
  prevWeekStart: IsoDate;
  nextWeekStart: IsoDate;
}

function weekDayStatus(locale: Locale, input: MyWeekInput, date: IsoDate, planned: RequestDay | undefined): string {
  const holiday = input.holidays[date];
  if (holiday !== undefined) return t(locale, 'week.holiday', { name: holiday });
  if (planned) {
    const state = planned.status === 'approved' ? 'Approved' : 'Pending';
    return planned.half
      ? t(locale, `week.mobile${state}Half`, { half: t(locale, `half.${planned.half}`) })
      : t(locale, `week.mobile${state}`);
  }
  const weekday = weekdayOf(date);
  if ((input.hoursByWeekday[weekdayKey(weekday)] ?? 0) <= 0) return t(locale, 'week.free');
  if (input.presenceDays.includes(weekday)) return t(locale, 'week.presence');
  return t(locale, 'week.office');
}

export function myWeekView(locale: Locale, input: MyWeekInput): MyWeekView {
  const monday = startOfIsoWeek(input.weekStart);
  const sunday = addDays(monday, 6);
  const planned = new Map<IsoDate, RequestDay>();
  for (const r of input.requests) {
    for (const d of r.days) {
      if ((d.status === 'pending' || d.status === 'approved') && d.date >= monday && d.date <= sunday) {
        const existing = planned.get(d.date);
        if (!existing || d.status === 'approved') planned.set(d.date, d);
      }
    }
  }
  const weekendUsed =
    (input.hoursByWeekday.sat ?? 0) > 0 || (input.hoursByWeekday.sun ?? 0) > 0 || planned.has(addDays(monday, 5)) || planned.has(sunday);
  const last = (input.showWeekend ?? weekendUsed) ? sunday : addDays(monday, 4);
  const days = eachDay(monday, last).map((date): WeekDayRow => {
    const isToday = date === input.today;
    const label = formatDate(locale, date);
    return {
      dateText: isToday ? t(locale, 'date.today', { date: label }) : label,
      statusText: weekDayStatus(locale, input, date, planned.get(date)),
      weight: isToday ? 'Bolder' : 'Default',
      style: isToday ? 'emphasis' : 'default',
    };
  });
  return {
    title: t(locale, 'week.title', { week: isoWeek(monday).week }),
    rangeText: t(locale, 'date.range', { from: formatDateShort(locale, monday), to: formatDateShort(locale, last) }),
    days,
    hasQuota: input.quota !== undefined,
    quotaText: input.quota ? quotaLeftText(locale, input.quota) : '',
    prevWeekStart: addDays(monday, -7),
    nextWeekStart: addDays(monday, 7),
  };
}
