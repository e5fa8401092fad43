/** Representative (and deliberately long) data for every card, in both locales. */
import { addDays, eachDay, weekdayOf, type IsoDate } from '../../src/domain/dates.js';
import type { DayVerdict, Locale, MobileWorkRequest, PolicyRules, RequestDay } from '../../src/domain/model.js';
import { errorView, mainMenuView, messageView, requestFormView, requestResultView } from '../../src/cards/employee-views.js';
import { approvalView, delegationFormView, pendingListView, reminderView } from '../../src/cards/manager-views.js';
import { decisionNoticeView, myRequestsView } from '../../src/cards/request-views.js';
import { myWeekView, quotaView, type QuotaSummary } from '../../src/cards/week-views.js';
import { plannerView } from '../../src/cards/planner-views.js';
import { requestPreviewView } from '../../src/cards/preview-views.js';
import type { PlanWeeksResult } from '../../src/app/plan-weeks.js';
import {
  checkInView,
  deskBookedView,
  deskConflictView,
  deskResultsView,
  deskSearchView,
  deskWhereText,
  myBookingsView,
  privacySettingsView,
  teamDayView,
  type DeskResultInput,
} from '../../src/cards/desk-views.js';
import { DESK_ATTRIBUTES, type DeskBooking } from '../../src/domain/desk-model.js';
import { renderCard, type AdaptiveCard, type CardDataMap, type CardName } from '../../src/cards/render.js';
import { vpnSamples } from './vpn-fixtures.js';

export const LONG_NAME = 'Dr. Maximiliane Müller-Lüdenscheidt';
export const LONG_UNIT = 'Amt für Digitalisierung, Organisation und Informationstechnik – Sachgebiet 12.3';
export const NAMES = [LONG_NAME, 'Hans-Joachim von Oberwiesenthal-Schönbrunn', 'Aylin Kaya-Schröder'];
export const TODAY: IsoDate = '2026-11-25';

export const RULES: PolicyRules = {
  location: 'home-only',
  quota: { maxShareOfHours: 0.8, averagingWindow: 'week', maxDaysPerWeek: 3 },
  minOfficeDaysPerWeek: 2,
  presenceDays: [2],
  tracks: { standing: { approval: 'required', trialPeriodMonths: 6, maxDurationMonths: 24 }, occasional: { approval: 'required' } },
  leadTimeDays: 1,
  planningHorizonDays: 180,
  onboardingMonths: 6,
  halfDaysAllowed: true,
  reminderAfterHours: 48,
};

/** Working days from `from`, `count` of them. */
export function workdays(from: IsoDate, count: number): IsoDate[] {
  return eachDay(from, addDays(from, count * 2)).filter((d) => weekdayOf(d) <= 5).slice(0, count);
}

export function makeRequest(id: number, dates: IsoDate[], over: Partial<MobileWorkRequest> = {}): MobileWorkRequest {
  const days: RequestDay[] = dates.map((date, i) => ({
    date,
    portion: i === 1 ? 0.5 : 1,
    ...(i === 1 ? { half: 'morning' as const } : {}),
    status: 'pending',
  }));
  return {
    id: `req-${String(id).padStart(8, '0')}-7c1e-4b5a-9f00-1234567890ab`,
    number: `MA-2026-${String(id).padStart(5, '0')}`,
    personId: 'p-0a1b2c3d',
    orgUnitId: 'ou-12-3',
    track: 'occasional',
    approverId: 'p-manager',
    approvalMode: 'required',
    status: 'pending',
    days,
    comment: 'Ich betreue an diesen Tagen meine Mutter nach einer Operation und arbeite deshalb gern von zu Hause. '.repeat(4).trim(),
    policyVersion: '2024-01-01',
    createdAt: '2026-11-24T08:15:00Z',
    updatedAt: '2026-11-24T08:15:00Z',
    cards: [],
    version: 1,
    ...over,
  };
}

const TWENTY = workdays('2026-11-30', 20);

export function verdictsFor(dates: IsoDate[]): DayVerdict[] {
  return dates.map((date, i): DayVerdict => {
    if (i % 3 === 2) {
      return { date, portion: 1, outcome: 'refused', reasons: [{ code: 'QUOTA_DAYS', params: { used: 3, limit: 3, week: 49 } }] };
    }
    return {
      date,
      portion: i === 1 ? 0.5 : 1,
      ...(i === 1 ? { half: 'morning' as const } : {}),
      outcome: 'needs-approval',
      reasons: [{ code: 'APPROVAL_REQUIRED', params: {} }],
    };
  });
}

export const POLICY_NAME = 'Dienstvereinbarung Mobiles Arbeiten und Telearbeit 2024';

/** Domain quota summary for KW 48–49 (two-weeks window). */
export const QUOTA: QuotaSummary = {
  window: { from: '2026-11-23', to: '2026-12-06', kind: 'two-weeks' },
  usedHours: 19.5,
  limitHours: 62.4,
  week: 48,
  usedDaysInWeek: 2.5,
  maxDaysPerWeek: 3,
  officeDaysInWeek: 2.5,
  minOfficeDaysPerWeek: 2,
};

/** The planner on Wednesday of week 48: last week's days are past, next week partly planned. */
export const PLANNER: PlanWeeksResult = {
  today: '2026-11-25',
  weekStart: '2026-11-23',
  teamSize: 9,
  verdicts: [],
  weeks: [
    { weekStart: '2026-11-23', quota: QUOTA },
    { weekStart: '2026-11-30', quota: { ...QUOTA, week: 49, usedDaysInWeek: 1, usedHours: 8.2 } },
  ],
  days: [
    { date: '2026-11-23', status: 'remote-approved', teamOnSite: 2, changeable: false },
    { date: '2026-11-24', status: 'presence-day', teamOnSite: 7, changeable: false, desk: { bookingId: 'b1', deskId: 'A-2-214-1', label: '214.1' } },
    { date: '2026-11-25', status: 'office', teamOnSite: 3, changeable: true, current: 'office-desk', desk: { bookingId: 'b2', deskId: 'A-2-214-1', label: '214.1' } },
    { date: '2026-11-26', status: 'absent', absent: true, teamOnSite: 1, changeable: true, current: 'office' },
    { date: '2026-11-27', status: 'remote-pending', requestId: 'r1', teamOnSite: 0, changeable: true, current: 'mobile' },
    { date: '2026-11-30', status: 'office', teamOnSite: 4, changeable: true, current: 'office' },
    { date: '2026-12-01', status: 'presence-day', teamOnSite: 8, changeable: true, current: 'office' },
    { date: '2026-12-02', status: 'office', teamOnSite: 2, changeable: true, current: 'office' },
    { date: '2026-12-03', status: 'holiday', holidayName: 'Betriebsausflug', teamOnSite: 0, changeable: false },
    { date: '2026-12-04', status: 'remote-approved', requestId: 'r2', teamOnSite: 1, changeable: true, current: 'mobile' },
  ],
};

/** The same week under an agreement with several caps (policies/landkreis-mehrere-grenzen-like.yaml). */
export const QUOTA_CAPS: QuotaSummary = {
  ...QUOTA,
  limitHours: undefined,
  maxDaysPerWeek: undefined,
  caps: [
    { id: 'regelmaessig', name: 'Telearbeit (regelmäßig)', measure: 'share', window: { from: '2026-11-23', to: '2026-12-06', kind: 'two-weeks' }, used: 31.2, allowed: 46.8 },
    { id: 'gelegentlich', name: 'Mobiles Arbeiten (gelegentlich)', measure: 'days', window: { from: '2026-07-01', to: '2026-12-31', kind: 'half-year' }, used: 24, allowed: 24 },
    { id: 'gesamt', measure: 'share', window: { from: '2026-11-01', to: '2026-11-30', kind: 'month' }, used: 78, allowed: 124.8 },
  ],
};

export const REFRESH_IDS = Array.from({ length: 75 }, (_, i) => `29:1AbCdEfGhIjKlMnOpQrStUvWxYz-${i}`);

function decided(r: MobileWorkRequest): MobileWorkRequest {
  return {
    ...r,
    status: 'partially-approved',
    days: r.days.map((d, i) => ({ ...d, status: i % 4 === 3 ? 'rejected' : 'approved' })),
    decision: {
      by: 'p-manager',
      at: '2026-11-25T13:05:00Z',
      outcome: 'partially-approved',
      comment: 'Am Dienstag ist Teambesprechung, dafür bitte ins Büro kommen. Danke für den frühen Antrag!',
    },
  };
}

// ---------------------------------------------------------------- desks

export const LONG_SITE = 'Landratsamt – Verwaltungsgebäude Friedrich-Ebert-Straße (Haus B, barrierefreier Eingang)';
export const LONG_FLOOR = '2. Obergeschoss (Ostflügel)';

export function makeBooking(i: number, date: IsoDate, over: Partial<DeskBooking> = {}): DeskBooking {
  return {
    id: `bk-${String(i).padStart(8, '0')}-1a2b-4c3d-8e9f-0123456789ab`,
    deskId: `RH-2-${200 + i}-A`,
    personId: 'p-0a1b2c3d',
    date,
    slot: i % 3 === 0 ? 'day' : i % 3 === 1 ? 'morning' : 'afternoon',
    status: 'booked',
    createdAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-20T08:00:00Z',
    version: 1,
    ...over,
  };
}

/** 30 free desks with every attribute and long place names. */
export const DESK_ROWS: DeskResultInput[] = Array.from({ length: 30 }, (_, i) => ({
  deskId: `RH-2-${200 + i}-${i % 2 === 0 ? 'A' : 'B'}`,
  label: `${200 + i} ${i % 2 === 0 ? 'A' : 'B'}`,
  ...(i % 4 === 3 ? {} : { roomName: i % 4 === 2 ? 'Großraumbüro Nord mit Besprechungsecke' : String(200 + i) }),
  floorName: LONG_FLOOR,
  siteName: LONG_SITE,
  attributes: i % 5 === 4 ? [] : [...DESK_ATTRIBUTES],
  teamZone: i % 2 === 0,
}));

export const SITES = [
  { id: 'site-rh', name: LONG_SITE },
  { id: 'site-ab', name: 'Außenstelle Bürgerbüro Nord' },
];
export const FLOORS = Array.from({ length: 12 }, (_, i) => ({
  id: `fl-${i}`,
  name: i === 0 ? 'Erdgeschoss' : `${i}. Obergeschoss`,
  siteId: i < 8 ? 'site-rh' : 'site-ab',
}));

/** Team names: 140 people with long names, so the card caps the list. */
export const TEAM_NAMES = Array.from({ length: 140 }, (_, i) => `${NAMES[i % NAMES.length] ?? LONG_NAME} ${i}`);

function deskSamples(locale: Locale, s: <N extends CardName>(name: N, label: string, data: CardDataMap[N]) => Sample): Sample[] {
  const where = deskWhereText(locale, { floorName: LONG_FLOOR, roomName: '214', siteName: LONG_SITE });
  const booked = makeBooking(1, '2026-12-03', { slot: 'day', seriesId: 'series-1' });
  const bookings = Array.from({ length: 25 }, (_, i) => ({
    booking: makeBooking(i, i < 3 ? TODAY : addDays(TODAY, i), { status: i === 1 ? 'checked-in' : 'booked' }),
    deskLabel: `${200 + i} A`,
    where,
  }));
  const today = makeBooking(5, TODAY, { slot: 'day' });
  return [
    s('desk-search', 'empty', deskSearchView(locale, { today: TODAY, sites: SITES, floors: FLOORS, attributes: [...DESK_ATTRIBUTES] })),
    s(
      'desk-search',
      'prefilled with error',
      deskSearchView(locale, {
        today: TODAY,
        date: '2026-12-03',
        slot: 'morning',
        sites: SITES.slice(0, 1),
        floors: FLOORS.slice(0, 1),
        attributes: ['accessible', 'two-monitors'],
        maxDate: '2027-02-23',
        errorText: 'Bitte wählen Sie einen Arbeitstag. <>&"',
        values: { site: 'site-rh', floor: 'fl-2', attributes: ['two-monitors', 'phone'], nearTeam: true },
      }),
    ),
    s('desk-results', '30 free', deskResultsView(locale, { date: '2026-12-03', slot: 'day', desks: DESK_ROWS })),
    s(
      'desk-results',
      'alternatives',
      deskResultsView(locale, {
        date: '2026-12-03',
        slot: 'afternoon',
        desks: DESK_ROWS.slice(0, 3),
        headline: 'alternatives',
        noticeText: 'Der gewünschte Platz ist leider schon vergeben. Diese Plätze sind frei:',
      }),
    ),
    s('desk-results', 'empty', deskResultsView(locale, { date: '2026-12-03', slot: 'morning', desks: [] })),
    s(
      'desk-booked',
      'series',
      deskBookedView(locale, { booking: booked, deskLabel: '214 A', where, attributes: [...DESK_ATTRIBUTES], checkInDeadline: '10:00', seriesCount: 12 }),
    ),
    s('desk-booked', 'plain', deskBookedView(locale, { booking: { ...booked, seriesId: undefined }, deskLabel: '214 A', where, attributes: [], checkInDeadline: '10:00' })),
    s('desk-my-bookings', 'many', myBookingsView(locale, { today: TODAY, bookings })),
    s('desk-my-bookings', 'empty', myBookingsView(locale, { today: TODAY, bookings: [] })),
    ...(['due', 'reminder', 'checked-in', 'released'] as const).map((state) =>
      s('desk-check-in', state, checkInView(locale, { booking: today, deskLabel: '214 A', where, deadline: '10:00', state })),
    ),
    s(
      'desk-check-in',
      'released (mobile work)',
      checkInView(locale, { booking: { ...today, status: 'released', releaseReason: 'mobile-work' }, deskLabel: '214 A', where, deadline: '10:00', state: 'released' }),
    ),
    s('team-day', '140 names', teamDayView(locale, { date: '2026-12-03', orgUnitName: LONG_UNIT, names: TEAM_NAMES, hiddenCount: 7 })),
    s('team-day', 'only hidden', teamDayView(locale, { date: '2026-12-04', orgUnitName: LONG_UNIT, names: [], hiddenCount: 3 })),
    s('team-day', 'nobody', teamDayView(locale, { date: '2026-12-07', orgUnitName: LONG_UNIT, names: [], hiddenCount: 0 })),
    s(
      'desk-conflict',
      'mobile day, with desk',
      deskConflictView(locale, { date: '2026-12-03', kind: 'mobile-day-on-desk', requestId: 'req-00000042', deskId: 'RH-2-214-A', deskLabel: '214 A', slot: 'morning' }),
    ),
    s('desk-conflict', 'mobile day, search', deskConflictView(locale, { date: '2026-12-03', kind: 'mobile-day-on-desk', requestId: 'req-00000042' })),
    s('desk-conflict', 'desk day', deskConflictView(locale, { date: '2026-12-03', kind: 'desk-on-mobile-day', bookingId: booked.id, deskLabel: '214 A' })),
    s('privacy-settings', 'visible', privacySettingsView(locale, { visibility: 'name', needsAccessibleDesk: false })),
    s('privacy-settings', 'hidden, accessible', privacySettingsView(locale, { visibility: 'hidden', needsAccessibleDesk: true })),
  ];
}

/** Every card with one or more realistic data sets. */
export interface Sample {
  name: CardName;
  label: string;
  locale: Locale;
  data: object;
  card: AdaptiveCard;
}

/** Every card with one or more realistic data sets, rendered in `locale`. */
export function samples(locale: Locale): Sample[] {
  const s = <N extends CardName>(name: N, label: string, data: CardDataMap[N]): Sample => ({
    name,
    label,
    locale,
    data,
    card: renderCard(name, data, locale),
  });
  const big = makeRequest(42, TWENTY);
  const resultRequest = makeRequest(42, verdictsFor(TWENTY).filter((v) => v.outcome !== 'refused').map((v) => v.date));
  const pendingItems = NAMES.flatMap((name, i) =>
    Array.from({ length: 8 }, (_, j) => ({ request: makeRequest(100 + i * 10 + j, workdays(addDays('2026-12-01', j), 5)), person: { displayName: name } })),
  );
  const teamAway = Object.fromEntries(TWENTY.map((d, i) => [d, { away: i % 7, size: 14 }]));
  const quotaByDate = Object.fromEntries(TWENTY.map((d) => [d, { daysUsed: 2.5, daysLimit: 3, hoursUsed: 19.5, hoursLimit: 31.2 }]));
  const quotaByWeek = { '2026-11-30': QUOTA, '2026-12-07': QUOTA };
  const approvalInput = { request: big, person: { displayName: LONG_NAME, orgUnitName: LONG_UNIT }, teamAwayByDate: teamAway, quotaByDate, refreshUserIds: REFRESH_IDS };
  const standing = makeRequest(7, workdays('2026-12-07', 60), {
    track: 'standing',
    standing: { weekdays: [5, 1, 3], validFrom: '2026-12-07', validTo: '2027-06-30', trialUntil: '2027-03-31' },
  });
  return [
    s('main-menu', 'manager', mainMenuView(locale, { isManager: true, today: TODAY, exampleDay: addDays(TODAY, 1) })),
    s('main-menu', 'employee', mainMenuView(locale, { isManager: false, today: TODAY, exampleDay: addDays(TODAY, 1) })),
    s('main-menu', 'employee, two days lead time', mainMenuView(locale, { isManager: false, today: TODAY, exampleDay: addDays(TODAY, 2) })),
    s('request-form', 'empty', requestFormView(locale, { rules: RULES, policyName: POLICY_NAME, today: TODAY })),
    s(
      'request-form',
      'again with error',
      requestFormView(locale, {
        rules: { ...RULES, location: 'anywhere', halfDaysAllowed: false },
        policyName: POLICY_NAME,
        today: TODAY,
        values: { kind: 'range', from: '2026-12-10', to: '2026-12-01', weekdays: '1,5', comment: 'ö"<>&' },
        errorText: 'Das Ende liegt vor dem Beginn.',
      }),
    ),
    s('request-result', '20 days', requestResultView(locale, resultRequest, verdictsFor(TWENTY))),
    s('request-result', 'nothing saved', requestResultView(locale, undefined, verdictsFor(TWENTY).filter((v) => v.outcome === 'refused'))),
    s(
      'my-week',
      'with holiday and plans',
      myWeekView(locale, {
        weekStart: '2026-12-23',
        today: '2026-12-23',
        days: [
          { date: '2026-12-21', status: 'remote-approved' },
          { date: '2026-12-22', status: 'presence-day' },
          { date: '2026-12-23', status: 'remote-pending', half: 'afternoon' },
          { date: '2026-12-24', status: 'office' },
          { date: '2026-12-25', status: 'holiday', holidayName: '1. Weihnachtstag' },
          { date: '2026-12-26', status: 'non-working' },
          { date: '2026-12-27', status: 'non-working' },
        ],
        quota: { ...QUOTA, week: 52, window: { from: '2026-12-21', to: '2027-01-03', kind: 'two-weeks' } },
      }),
    ),
    s(
      'my-week',
      'presence day ahead without a desk',
      myWeekView(locale, {
        weekStart: '2026-11-30',
        today: '2026-11-25',
        days: [
          { date: '2026-11-30', status: 'office' },
          { date: '2026-12-01', status: 'presence-day' },
          { date: '2026-12-02', status: 'remote-approved' },
          { date: '2026-12-03', status: 'office' },
          { date: '2026-12-04', status: 'office' },
        ],
        suggestDeskOn: '2026-12-01',
      }),
    ),
    s('week-planner', 'this and next week', plannerView(locale, PLANNER)),
    s(
      'week-planner',
      'after sending, with verdicts',
      plannerView(locale, {
        ...PLANNER,
        requestNumber: 'MA-2026-00042',
        verdicts: [
          { date: '2026-11-30', kind: 'requested' },
          { date: '2026-12-02', kind: 'desk-booked', deskLabel: '214.1' },
          { date: '2026-12-01', kind: 'refused', reason: { code: 'PRESENCE_DAY', params: {} } },
          { date: '2026-12-03', kind: 'no-desk', reason: { code: 'FLOOR_FULL', params: {} } },
          { date: '2026-12-04', kind: 'withdrawn' },
        ],
      }),
    ),
    s(
      'request-preview',
      'two days, one refused',
      requestPreviewView(locale, { type: 'dates', dates: ['2026-12-14', '2026-12-15'] }, [
        { date: '2026-12-14', portion: 1, outcome: 'needs-approval', reasons: [{ code: 'APPROVAL_REQUIRED', params: {} }] },
        { date: '2026-12-15', portion: 1, outcome: 'refused', reasons: [{ code: 'PRESENCE_DAY', params: {} }] },
      ]),
    ),
    s('request-preview', 'recurring, 20 days', requestPreviewView(locale, { type: 'recurring', weekdays: [1, 3], from: '2026-12-07', until: '2027-02-15' }, verdictsFor(TWENTY))),
    s('quota', 'two weeks', quotaView(locale, { summary: QUOTA, policyName: POLICY_NAME, policyValidFrom: '2024-01-01' })),
    s('quota', 'several caps', quotaView(locale, { summary: QUOTA_CAPS, policyName: POLICY_NAME, policyValidFrom: '2024-01-01' })),
    s('approval', 'pending 20 days', approvalView(locale, approvalInput)),
    s('approval', 'standing', approvalView(locale, { ...approvalInput, quotaByDate: undefined, quotaByWeek, request: standing })),
    s('approval', 'decided', approvalView(locale, { ...approvalInput, request: decided(big), decidedByName: NAMES[1] })),
    s('approval', 'withdrawn', approvalView(locale, { ...approvalInput, request: { ...big, status: 'withdrawn' } })),
    s('pending-list', '24 items', pendingListView(locale, pendingItems)),
    s('pending-list', 'empty', pendingListView(locale, [])),
    s('decision-notice', 'partial', decisionNoticeView(locale, { request: decided(big), deciderName: LONG_NAME })),
    s(
      'decision-notice',
      'rejected',
      decisionNoticeView(locale, {
        request: { ...big, status: 'rejected', days: big.days.map((d) => ({ ...d, status: 'rejected' })), decision: { by: 'x', at: '2026-11-25T13:05:00Z', outcome: 'rejected' } },
      }),
    ),
    s('my-requests', 'many', myRequestsView(locale, { requests: pendingItems.map((p) => p.request), today: TODAY })),
    s('my-requests', 'empty', myRequestsView(locale, { requests: [], today: TODAY })),
    s(
      'delegation-form',
      'active',
      delegationFormView(locale, {
        today: TODAY,
        people: NAMES.map((n, i) => ({ id: `p-${i}`, displayName: n })),
        active: { delegation: { id: 'del-1', managerId: 'm', deputyId: 'p-0', from: '2026-12-21', to: '2027-01-08', createdAt: '2026-11-20T10:00:00Z' }, deputyName: LONG_NAME },
      }),
    ),
    s('delegation-form', 'nobody', delegationFormView(locale, { today: TODAY, people: [], errorText: 'Bitte prüfen.' })),
    s('message', 'error', errorView(locale, 'ALREADY_DECIDED')),
    s('message', 'plain', messageView('Erledigt', 'Ihr Antrag wurde zurückgezogen.')),
    s('reminder', 'three', reminderView(locale, { count: 3, oldestCreatedAt: '2026-11-20T07:59:00Z' })),
    ...deskSamples(locale, s),
    ...vpnSamples(locale, s),
  ];
}
