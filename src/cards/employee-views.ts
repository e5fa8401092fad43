/**
 * View models for the employee's cards: pure functions from domain objects to template data.
 * All texts are translated here; templates only place them.
 */
import { addDays, startOfIsoWeek, type IsoDate, type Weekday } from '../domain/dates.js';
import type { DayVerdict, Locale, MobileWorkRequest, PolicyRules, RequestDay } from '../domain/model.js';
import { errorText, formatDateShort, monthName, reasonText, t, weekdayName } from './i18n.js';
import {
  MAX_DAY_ROWS,
  OUTCOME_COLOR,
  capList,
  countOutcomes,
  dayLabel,
  dayStatusOutcome,
  outcomeSummary,
  type DayOutcome,
  type DayRow,
} from './view-helpers.js';

// ---------------------------------------------------------------- main menu, message

export interface MainMenuView {
  isManager: boolean;
  /** The first example, valid under the person's agreement: „Morgen mobil“ or „03.12. mobil“. */
  example1: string;
}

/** The "Hilfe" card. Managers (and active deputies) also see pending approvals and deputy. */
export function mainMenuView(locale: Locale, facts: { isManager: boolean; today: IsoDate; exampleDay?: IsoDate }): MainMenuView {
  const day = facts.exampleDay;
  const example1 =
    day === undefined || day === addDays(facts.today, 1)
      ? t(locale, 'menu.example1')
      : t(locale, 'menu.example1Date', { date: locale === 'de' ? `${day.slice(8, 10)}.${day.slice(5, 7)}.` : `${Number(day.slice(8, 10))} ${monthName('en', Number(day.slice(5, 7)), true)}` });
  return { isManager: facts.isManager, example1 };
}

export interface MessageView {
  title: string;
  text: string;
  showHelp: boolean;
}

/** A simple card for confirmations and friendly errors; title and text are already translated. */
export function messageView(title: string, text: string, opts: { showHelp?: boolean } = {}): MessageView {
  return { title, text, showHelp: opts.showHelp ?? false };
}

/** A friendly error card for a code (DomainErrorCode, GENERIC, UNKNOWN_VERB, INVALID_INPUT, NOT_ALLOWED). */
export function errorView(locale: Locale, code: string): MessageView {
  return messageView(t(locale, 'message.errorTitle'), errorText(locale, code), { showHelp: true });
}

// ---------------------------------------------------------------- request form

export type RequestKind = 'single' | 'range' | 'recurring';

/** Raw form values as Teams sends them back (all strings). Used to show the form again. */
export interface RequestFormValues {
  kind: RequestKind | '';
  date: IsoDate | '';
  from: IsoDate | '';
  to: IsoDate | '';
  /** ISO weekday numbers, comma-separated: "1,3,5". */
  weekdays: string;
  until: IsoDate | '';
  half: 'whole' | 'morning' | 'afternoon';
  comment: string;
}

export interface RequestFormInput {
  /** The effective rules for the person (after org-unit overrides). */
  rules: PolicyRules;
  policyName: string;
  /** Today in the organisation's time zone. */
  today: IsoDate;
  /** Values to show again, e.g. after a validation error. */
  values?: Partial<RequestFormValues>;
  /** A translated error text shown above the form (e.g. `errorText(locale, 'END_BEFORE_START')`). */
  errorText?: string;
  /** Weekdays offered for recurring requests; default Monday to Friday. */
  weekdays?: Weekday[];
}

export interface RequestFormView {
  rulesText: string;
  hasError: boolean;
  errorText: string;
  minDate: IsoDate;
  maxDate: IsoDate;
  dateRangeError: string;
  halfDaysAllowed: boolean;
  homeOnly: boolean;
  weekdayChoices: { title: string; value: string }[];
  values: RequestFormValues;
}

/** "DV Mobiles Arbeiten 2024: höchstens 3 Tage pro Woche, mindestens 2 Bürotage pro Woche." */
export function rulesSummary(locale: Locale, policyName: string, rules: PolicyRules): string {
  const parts: string[] = [];
  if (rules.caps) {
    // Several caps: the ones for everyone (org-unit caps are named in the verdicts).
    for (const cap of rules.caps.filter((c) => !c.orgUnits)) {
      const n = cap.window.kind === 'rolling-days' || cap.window.kind === 'rolling-weeks' ? cap.window.length : 0;
      const window = t(locale, `capWindow.${cap.window.kind}`, { n });
      const name = cap.name ?? cap.id;
      if (cap.measure === 'share') parts.push(t(locale, 'rules.capShare', { name, percent: Math.round(cap.limit * 100), window }));
      else if (cap.measure === 'hours') parts.push(t(locale, 'rules.capHours', { name, n: cap.limit, window }));
      else parts.push(t(locale, 'rules.capDays', { name, n: cap.limit, window }));
    }
  } else {
    if (rules.quota.maxDaysPerWeek !== undefined) parts.push(t(locale, 'rules.maxDays', { n: rules.quota.maxDaysPerWeek }));
    if (rules.quota.maxShareOfHours !== undefined) {
      parts.push(t(locale, 'rules.maxShare', { percent: Math.round(rules.quota.maxShareOfHours * 100) }));
    }
  }
  if (rules.minOfficeDaysPerWeek > 0) parts.push(t(locale, 'rules.minOffice', { n: rules.minOfficeDaysPerWeek }));
  if (rules.leadTimeDays > 0) parts.push(t(locale, 'rules.leadTime', { n: rules.leadTimeDays }));
  if (rules.location === 'home-only') parts.push(t(locale, 'rules.homeOnly'));
  if (rules.halfDaysAllowed) parts.push(t(locale, 'rules.halfDays'));
  if (parts.length === 0) parts.push(t(locale, 'rules.none'));
  return t(locale, 'rules.intro', { name: policyName, rules: parts.join(', ') });
}

export function requestFormView(locale: Locale, input: RequestFormInput): RequestFormView {
  const { rules, today } = input;
  const minDate = addDays(today, rules.leadTimeDays);
  const maxDate = addDays(today, rules.planningHorizonDays);
  const offered: Weekday[] = input.weekdays ?? [1, 2, 3, 4, 5];
  const values: RequestFormValues = {
    kind: '',
    date: '',
    from: '',
    to: '',
    weekdays: '',
    until: '',
    half: 'whole',
    comment: '',
    ...input.values,
  };
  return {
    rulesText: rulesSummary(locale, input.policyName, rules),
    hasError: Boolean(input.errorText),
    errorText: input.errorText ?? '',
    minDate,
    maxDate,
    dateRangeError: t(locale, 'form.dateRangeError', {
      min: formatDateShort(locale, minDate),
      max: formatDateShort(locale, maxDate),
    }),
    halfDaysAllowed: rules.halfDaysAllowed,
    homeOnly: rules.location === 'home-only',
    weekdayChoices: offered.map((d) => ({ title: weekdayName(locale, d), value: String(d) })),
    values,
  };
}

// ---------------------------------------------------------------- request result

export interface ResultDayRow extends DayRow {
  reasonText: string;
  hasReason: boolean;
}

export interface RequestResultView {
  title: string;
  summary: string;
  nextSteps: string;
  hasNextSteps: boolean;
  days: ResultDayRow[];
  hasMore: boolean;
  moreText: string;
  canWithdraw: boolean;
  /** Empty when nothing was saved. */
  requestId: string;
  /** Monday of the first day's week ('' = current week). */
  weekStart: IsoDate | '';
}

function findDay(request: MobileWorkRequest | undefined, v: DayVerdict): RequestDay | undefined {
  return request?.days.find((d) => d.date === v.date && d.half === v.half);
}

/**
 * The answer to "request days". `request` is undefined when nothing could be saved (every day
 * refused). The saved day status (e.g. approved at once) wins over the verdict's outcome.
 */
export function requestResultView(
  locale: Locale,
  request: MobileWorkRequest | undefined,
  verdicts: DayVerdict[],
): RequestResultView {
  const sorted = [...verdicts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const outcomes: DayOutcome[] = [];
  const rows = sorted.map((v): ResultDayRow => {
    const saved = findDay(request, v);
    const outcome: DayOutcome = saved
      ? dayStatusOutcome(saved.status)
      : v.outcome === 'allowed'
        ? 'approved'
        : v.outcome === 'needs-approval'
          ? 'pending'
          : 'rejected';
    outcomes.push(outcome);
    const reason = v.reasons[0];
    const text = reason && reason.code !== 'OK' ? reasonText(locale, reason) : '';
    return {
      dateText: dayLabel(locale, v),
      statusText: t(locale, `status.${outcome}`),
      color: OUTCOME_COLOR[outcome],
      reasonText: text,
      hasReason: text !== '',
    };
  });
  const counts = countOutcomes(outcomes);
  const capped = capList(rows, MAX_DAY_ROWS);
  const nextKey = counts.pending > 0 ? 'result.nextPending' : counts.approved > 0 ? 'result.nextApproved' : 'result.nextNone';
  const firstDate = sorted[0]?.date ?? request?.days[0]?.date;
  const active = request?.days.some((d) => d.status === 'pending' || d.status === 'approved') ?? false;
  return {
    title: request ? t(locale, 'result.title', { number: request.number }) : t(locale, 'result.titleNone'),
    summary: outcomeSummary(locale, counts),
    nextSteps: t(locale, nextKey),
    hasNextSteps: rows.length > 0,
    days: capped.shown,
    hasMore: capped.hasMore,
    moreText: t(locale, 'result.more', { total: capped.total, shown: capped.shown.length }),
    canWithdraw: request !== undefined && active,
    requestId: request?.id ?? '',
    weekStart: firstDate ? startOfIsoWeek(firstDate) : '',
  };
}
