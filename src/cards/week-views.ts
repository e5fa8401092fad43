/** View models for "Meine Woche" and "Mein Kontingent". Input shapes match src/app/my-week.ts and my-quota.ts. */
import { addDays, isoWeek, startOfIsoWeek, type IsoDate } from '../domain/dates.js';
import type { HalfDay, Locale } from '../domain/model.js';
import type { CapSummary, QuotaSummary } from '../domain/quota-summary.js';
import { formatDate, formatDateShort, formatHours, formatNumber, t, windowText } from './i18n.js';
import type { ContainerStyle } from './view-helpers.js';

export type { QuotaSummary };

/** The caps of an agreement written with several caps (`caps:`); [] for the single-cap format. */
function listedCaps(q: QuotaSummary): CapSummary[] {
  const caps = q.caps ?? [];
  return caps.some((c) => !c.legacy) ? caps : [];
}

function capName(locale: Locale, cap: CapSummary): string {
  return cap.name ?? t(locale, `quota.cap.${cap.measure}`);
}

function capWindow(locale: Locale, cap: CapSummary): string {
  return windowText(locale, cap.window.kind, cap.window.from, cap.window.to);
}

function capAmount(locale: Locale, cap: CapSummary, n: number): string {
  return cap.measure === 'days' ? t(locale, 'quota.days', { days: formatNumber(locale, n), n }) : formatHours(locale, n);
}

/** One sentence per cap: "„Mobiles Arbeiten (gelegentlich)“: noch 20 Tage im Halbjahr …" */
function capsLeftText(locale: Locale, caps: readonly CapSummary[]): string {
  return caps
    .map((cap) => {
      const window = capWindow(locale, cap);
      const left = Math.max(0, cap.allowed - cap.used);
      return left > 0
        ? t(locale, 'quota.capLeft', { name: capName(locale, cap), left: capAmount(locale, cap, left), window })
        : t(locale, 'quota.capExhausted', { name: capName(locale, cap), window });
    })
    .join(' ');
}

/** One sentence (or two) about what is left: "In KW 48 können Sie noch 1 Tag mobil arbeiten." */
export function quotaLeftText(locale: Locale, q: QuotaSummary): string {
  const caps = listedCaps(q);
  if (caps.length > 0) return capsLeftText(locale, caps);
  const window = windowText(locale, q.window.kind, q.window.from);
  const sentences: string[] = [];
  if (q.maxDaysPerWeek !== undefined) {
    const left = Math.max(0, q.maxDaysPerWeek - q.usedDaysInWeek);
    sentences.push(
      left > 0
        ? t(locale, 'quota.leftDays', { week: q.week, days: left })
        : t(locale, 'quota.exhausted', { window: t(locale, 'window.week', { week: q.week }) }),
    );
  }
  if (q.limitHours !== undefined) {
    const left = Math.max(0, q.limitHours - q.usedHours);
    const sentence =
      left > 0 ? t(locale, 'quota.leftHours', { window, hours: formatHours(locale, left) }) : t(locale, 'quota.exhausted', { window });
    if (!sentences.includes(sentence)) sentences.push(sentence);
  }
  return sentences.length > 0 ? sentences.join(' ') : t(locale, 'quota.noLimit');
}

export interface QuotaInput {
  summary: QuotaSummary;
  /** Name of the policy version, e.g. "DV Mobiles Arbeiten 2024". */
  policyName?: string;
  /** validFrom of that version. */
  policyValidFrom?: IsoDate;
}

export interface QuotaView {
  title: string;
  leftText: string;
  facts: { title: string; value: string }[];
  ruleText: string;
  hasRule: boolean;
}

export function quotaView(locale: Locale, input: QuotaInput): QuotaView {
  const q = input.summary;
  const caps = listedCaps(q);
  // An agreement with several caps: one line per cap (what it counts, used of allowed, its window).
  const capFacts = caps.map((cap) => ({
    title: capName(locale, cap),
    value:
      cap.measure === 'days'
        ? t(locale, 'quota.capValueDays', { used: formatNumber(locale, cap.used), limit: formatNumber(locale, cap.allowed), n: cap.allowed, window: capWindow(locale, cap) })
        : t(locale, 'quota.capValue', { used: formatHours(locale, cap.used), limit: formatHours(locale, cap.allowed), window: capWindow(locale, cap) }),
  }));
  const legacyFacts = [
    { title: t(locale, 'quota.factWindow'), value: windowText(locale, q.window.kind, q.window.from) },
    {
      title: t(locale, 'quota.factHours'),
      value:
        q.limitHours === undefined
          ? formatHours(locale, q.usedHours)
          : t(locale, 'quota.usedOf', { used: formatNumber(locale, q.usedHours), limit: formatHours(locale, q.limitHours) }),
    },
    {
      title: t(locale, 'quota.factDays', { week: q.week }),
      value:
        q.maxDaysPerWeek === undefined
          ? formatNumber(locale, q.usedDaysInWeek)
          : t(locale, 'quota.usedOf', { used: q.usedDaysInWeek, limit: q.maxDaysPerWeek }),
    },
  ];
  const office = {
    title: t(locale, 'quota.factOffice', { week: q.week }),
    value: t(locale, 'quota.officeValue', { n: q.officeDaysInWeek, min: q.minOfficeDaysPerWeek }),
  };
  const facts = caps.length > 0 ? [...capFacts, office] : [...legacyFacts, office];
  const name = input.policyName ?? '';
  return {
    title: t(locale, 'quota.title'),
    hasRule: name !== '',
    leftText: quotaLeftText(locale, q),
    facts,
    ruleText: !name
      ? ''
      : input.policyValidFrom
        ? t(locale, 'quota.rule', { name, date: formatDateShort(locale, input.policyValidFrom) })
        : t(locale, 'quota.ruleName', { name }),
  };
}

// ---------------------------------------------------------------- my week

/** The status of one day of the week, as decided by the application (src/app/my-week.ts). */
export type WeekDayStatus = 'office' | 'remote-approved' | 'remote-pending' | 'holiday' | 'presence-day' | 'non-working' | 'absent';

export interface WeekDayInput {
  date: IsoDate;
  status: WeekDayStatus;
  half?: HalfDay;
  holidayName?: string;
  requestId?: string;
  /** Out of office in Outlook that day. */
  absent?: boolean;
  /** Offer to withdraw this day of `requestId`. */
  canWithdraw?: boolean;
}

export interface MyWeekInput {
  /** Any day of the week shown; normalised to its Monday. */
  weekStart: IsoDate;
  today: IsoDate;
  /** The days to show (Monday–Friday, plus the weekend when the person works then). */
  days: WeekDayInput[];
  /** Shown as a "left" line when it belongs to the week shown. */
  quota?: QuotaSummary;
  /** A team presence day ahead with no desk booked yet: the card suggests booking one. */
  suggestDeskOn?: IsoDate;
}

export interface WeekDayRow {
  dateText: string;
  statusText: string;
  weight: 'Default' | 'Bolder';
  style: ContainerStyle;
  /** Absent on a mobile-work day: a button withdraws just this day (ids only in the data). */
  hasWithdraw: boolean;
  withdrawText: string;
  withdrawRequestId: string;
  withdrawDates: string;
}

export interface MyWeekView {
  title: string;
  rangeText: string;
  days: WeekDayRow[];
  hasQuota: boolean;
  quotaText: string;
  prevWeekStart: IsoDate;
  nextWeekStart: IsoDate;
  hasDeskSuggestion: boolean;
  deskSuggestionText: string;
  deskSuggestionDate: IsoDate;
}

export function weekDayStatus(locale: Locale, day: WeekDayInput): string {
  switch (day.status) {
    case 'holiday':
      return day.holidayName ? t(locale, 'week.holiday', { name: day.holidayName }) : t(locale, 'reasonGeneric.PUBLIC_HOLIDAY');
    case 'remote-approved':
    case 'remote-pending': {
      const state = day.status === 'remote-approved' ? 'Approved' : 'Pending';
      return day.half
        ? t(locale, `week.mobile${state}Half`, { half: t(locale, `half.${day.half}`) })
        : t(locale, `week.mobile${state}`);
    }
    case 'presence-day':
      return t(locale, 'week.presence');
    case 'non-working':
      return t(locale, 'week.free');
    case 'absent':
      return t(locale, 'week.absent');
    default:
      return t(locale, 'week.office');
  }
}

export function myWeekView(locale: Locale, input: MyWeekInput): MyWeekView {
  const monday = startOfIsoWeek(input.weekStart);
  const days = [...input.days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = days[days.length - 1]?.date ?? addDays(monday, 4);
  const rows = days.map((day): WeekDayRow => {
    const isToday = day.date === input.today;
    const label = formatDate(locale, day.date);
    const status = weekDayStatus(locale, day);
    const absentOnMobile = day.absent === true && (day.status === 'remote-approved' || day.status === 'remote-pending');
    const hasWithdraw = absentOnMobile && day.canWithdraw === true && day.requestId !== undefined;
    return {
      dateText: isToday ? t(locale, 'date.today', { date: label }) : label,
      statusText: absentOnMobile ? t(locale, 'week.absentOnMobile', { status }) : status,
      weight: isToday ? 'Bolder' : 'Default',
      style: isToday ? 'emphasis' : absentOnMobile ? 'warning' : 'default',
      hasWithdraw,
      withdrawText: hasWithdraw ? t(locale, 'week.withdrawDay') : '',
      withdrawRequestId: hasWithdraw ? (day.requestId ?? '') : '',
      withdrawDates: hasWithdraw ? day.date : '',
    };
  });
  const week = isoWeek(monday).week;
  const quota = input.quota && input.quota.week === week ? input.quota : undefined;
  return {
    title: t(locale, 'week.title', { week }),
    rangeText: t(locale, 'date.range', { from: formatDateShort(locale, monday), to: formatDateShort(locale, last) }),
    days: rows,
    hasQuota: quota !== undefined,
    quotaText: quota ? quotaLeftText(locale, quota) : '',
    prevWeekStart: addDays(monday, -7),
    nextWeekStart: addDays(monday, 7),
    hasDeskSuggestion: input.suggestDeskOn !== undefined,
    deskSuggestionText: input.suggestDeskOn ? t(locale, 'week.deskSuggestion', { date: formatDate(locale, input.suggestDeskOn) }) : '',
    deskSuggestionDate: input.suggestDeskOn ?? monday,
  };
}
