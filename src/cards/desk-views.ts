/**
 * View models for desk sharing: search, results, booking confirmation, my bookings, check-in,
 * "who is on site", the switch between a mobile day and a desk, and the privacy settings.
 * Pure functions; every text is translated here. Desk equipment is always written out as words
 * (never colour or icons only). Action data carries ids, dates and slots only.
 */
import { addDays, compareDates, weekdayOf, type IsoDate } from '../domain/dates.js';
import {
  DESK_ATTRIBUTES,
  type BookingSlot,
  type DeskAttribute,
  type DeskBooking,
  type OnSiteVisibility,
} from '../domain/desk-model.js';
import type { Locale } from '../domain/model.js';
import { formatDate, formatDateShort, monthName, t, weekdayName } from './i18n.js';
import { plainText } from './plain-text.js';
import { MAX_LIST_ITEMS, capList, type ContainerStyle } from './view-helpers.js';

export { deskReasonText, DESK_REASON_PARAMS, type DeskReasonCode } from './i18n.js';

export interface Choice {
  title: string;
  value: string;
}

/** Most names listed on the "who is on site" card; the rest is counted in the "and N more" line. */
export const MAX_TEAM_NAMES = 100;

const SLOT_ORDER: Readonly<Record<BookingSlot, number>> = { morning: 0, day: 1, afternoon: 2 };

// ---------------------------------------------------------------- small texts (exported for the bot)

/** "ganzer Tag" / "vormittags" / "nachmittags". */
export function slotText(locale: Locale, slot: BookingSlot): string {
  return t(locale, `slot.${slot}`);
}

/** "Do, 03.12.2026, ganzer Tag". */
export function slotDateText(locale: Locale, date: IsoDate, slot: BookingSlot): string {
  return t(locale, 'date.withHalf', { date: formatDate(locale, date), half: slotText(locale, slot) });
}

/** "Donnerstag, 03.12." / "Thursday, 3 Dec". */
export function weekdayDayText(locale: Locale, date: IsoDate): string {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const short =
    locale === 'de'
      ? `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.`
      : `${day} ${monthName(locale, month, true)}`;
  return t(locale, 'date.weekdayDay', { weekday: weekdayName(locale, weekdayOf(date)), date: short });
}

/** "Dockingstation · zwei Monitore · höhenverstellbar · barrierefrei" (fixed order, no repeats); '' for none. */
export function deskAttributesText(locale: Locale, attributes: readonly DeskAttribute[]): string {
  return DESK_ATTRIBUTES.filter((a) => attributes.includes(a))
    .map((a) => t(locale, `deskAttribute.${a}`))
    .join(' · ');
}

/**
 * "2. OG, Raum 214, Hauptgebäude". A room name that starts with a digit gets the word "Raum"/"Room"
 * in front; a named room ("Großraumbüro Nord") is shown as it is.
 */
/**
 * "2. Obergeschoss (Ostflügel), Raum 214, Rathaus" for a card TextBlock. The names come from the
 * inventory file and are escaped: a floor "2. OG" at the start would otherwise be a numbered list.
 */
export function deskWhereText(locale: Locale, place: { floorName: string; roomName?: string; siteName: string }): string {
  const floor = plainText(place.floorName);
  const site = plainText(place.siteName);
  const room = place.roomName?.trim();
  if (!room) return t(locale, 'desk.whereNoRoom', { floor, site });
  const roomText = /^\d/.test(room) ? t(locale, 'desk.room', { name: plainText(room) }) : plainText(room);
  return t(locale, 'desk.where', { floor, room: roomText, site });
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function isActive(b: DeskBooking): boolean {
  return b.status === 'booked' || b.status === 'checked-in';
}

// ---------------------------------------------------------------- search

export interface DeskSearchInput {
  /** Today in the organisation's time zone: the earliest day offered. */
  today: IsoDate;
  /** Pre-filled day (e.g. from "Tisch morgen"); omitted = empty, the person must choose. */
  date?: IsoDate;
  /** Pre-filled slot; default whole day. */
  slot?: BookingSlot;
  sites: Array<{ id: string; name: string }>;
  floors: Array<{ id: string; name: string; siteId: string }>;
  /** The equipment offered as a multi-select (usually what the inventory has). */
  attributes: DeskAttribute[];
  /** A translated error text shown above the form. */
  errorText?: string;
  /** Last bookable day (booking window); omitted = no upper limit on the date input. */
  maxDate?: IsoDate;
  /** Values to show again, e.g. after an error. */
  values?: { site?: string; floor?: string; attributes?: DeskAttribute[]; nearTeam?: boolean };
}

export interface DeskSearchView {
  hasError: boolean;
  errorText: string;
  minDate: IsoDate;
  /** null = no upper limit (the property is left out of the card). */
  maxDate: IsoDate | null;
  dateRangeError: string;
  hasSites: boolean;
  siteChoices: Choice[];
  hasFloors: boolean;
  floorChoices: Choice[];
  hasAttributes: boolean;
  attributeChoices: Choice[];
  values: {
    date: IsoDate | '';
    slot: BookingSlot;
    site: string;
    floor: string;
    /** Comma-separated attribute values, as Teams sends a multi-select back. */
    attributes: string;
    nearTeam: 'true' | 'false';
  };
}

/** The desk search form. Inputs: date, slot, site, floor, attributes, nearTeam; submit `desk.find`. */
export function deskSearchView(locale: Locale, input: DeskSearchInput): DeskSearchView {
  const siteName = new Map(input.sites.map((s) => [s.id, s.name]));
  const manySites = input.sites.length > 1;
  const offered = DESK_ATTRIBUTES.filter((a) => input.attributes.includes(a));
  const chosen = (input.values?.attributes ?? []).filter((a) => offered.includes(a));
  const min = formatDateShort(locale, input.today);
  return {
    hasError: Boolean(input.errorText),
    errorText: input.errorText ?? '',
    minDate: input.today,
    maxDate: input.maxDate ?? null,
    dateRangeError: input.maxDate
      ? t(locale, 'search.dateError', { min, max: formatDateShort(locale, input.maxDate) })
      : t(locale, 'search.dateErrorFrom', { min }),
    hasSites: manySites,
    siteChoices: input.sites.map((s) => ({ title: s.name, value: s.id })),
    hasFloors: input.floors.length > 1,
    floorChoices: input.floors.map((f) => ({
      title: manySites ? t(locale, 'search.floorChoice', { floor: f.name, site: siteName.get(f.siteId) ?? '' }) : f.name,
      value: f.id,
    })),
    hasAttributes: offered.length > 0,
    attributeChoices: offered.map((a) => ({ title: capitalize(t(locale, `deskAttribute.${a}`)), value: a })),
    values: {
      date: input.date ?? '',
      slot: input.slot ?? 'day',
      site: input.values?.site ?? '',
      floor: input.values?.floor ?? '',
      attributes: chosen.join(','),
      nearTeam: input.values?.nearTeam ? 'true' : 'false',
    },
  };
}

// ---------------------------------------------------------------- results

export interface DeskResultInput {
  deskId: string;
  label: string;
  roomName?: string;
  floorName: string;
  siteName: string;
  attributes: DeskAttribute[];
  /** The desk is in the person's team neighbourhood. */
  teamZone: boolean;
}

export interface DeskResultsInput {
  date: IsoDate;
  slot: BookingSlot;
  /** Free desks in the order to show them (the caller ranks, e.g. team area first). */
  desks: DeskResultInput[];
  /** 'alternatives' when the wished desk was taken; default 'free'. */
  headline?: 'free' | 'alternatives';
  /** A translated notice above the list, e.g. `t(locale, 'results.noticeTaken')`. */
  noticeText?: string;
}

export interface DeskResultRow {
  deskId: string;
  labelText: string;
  /** "Platz 214 A buchen": the button says which desk (screen readers read buttons alone). */
  bookTitle: string;
  whereText: string;
  attributesText: string;
  teamZone: boolean;
  date: IsoDate;
  slot: BookingSlot;
}

export interface DeskResultsView {
  title: string;
  hasNotice: boolean;
  noticeText: string;
  hasDesks: boolean;
  desks: DeskResultRow[];
  hasMore: boolean;
  moreText: string;
  date: IsoDate;
  slot: BookingSlot;
}

/** "Das Ergebnis der Suche": one row per free desk with a book button (`desk.book`). */
export function deskResultsView(locale: Locale, input: DeskResultsInput): DeskResultsView {
  const when = slotDateText(locale, input.date, input.slot);
  const capped = capList(input.desks, MAX_LIST_ITEMS);
  const notice = input.noticeText?.trim() ?? '';
  return {
    title: t(locale, input.headline === 'alternatives' ? 'results.titleAlternatives' : 'results.titleFree', { date: when }),
    hasNotice: notice !== '',
    noticeText: notice,
    hasDesks: input.desks.length > 0,
    desks: capped.shown.map((d) => {
      const list = deskAttributesText(locale, d.attributes);
      return {
        deskId: d.deskId,
        labelText: t(locale, 'desk.label', { label: d.label }),
        bookTitle: t(locale, 'action.deskBook', { label: d.label }),
        whereText: deskWhereText(locale, d),
        attributesText: t(locale, 'desk.equipment', { list: list || t(locale, 'desk.noAttributes') }),
        teamZone: d.teamZone,
        date: input.date,
        slot: input.slot,
      };
    }),
    hasMore: capped.hasMore,
    moreText: t(locale, 'results.more', { shown: capped.shown.length, total: capped.total }),
    date: input.date,
    slot: input.slot,
  };
}

// ---------------------------------------------------------------- booked

export interface DeskBookedInput {
  booking: DeskBooking;
  deskLabel: string;
  /** Already written out, e.g. with `deskWhereText`. */
  where: string;
  attributes: DeskAttribute[];
  /** Local time "HH:MM" by which the person must check in on the day. */
  checkInDeadline: string;
  /** Number of bookings in the series, when this one belongs to a recurring series. */
  seriesCount?: number;
  /** Days of the series that could not be booked, each with the first reason as text. */
  refused?: Array<{ date: IsoDate; reasonText: string }>;
}

export interface DeskBookedView {
  title: string;
  facts: Choice[];
  checkInText: string;
  hasSeries: boolean;
  seriesText: string;
  bookingId: string;
  /** A single booking offers to repeat it every week on that weekday until a date (verb desk.repeat). */
  hasRefused: boolean;
  refusedText: string;
  hasRepeat: boolean;
  repeatLabel: string;
  repeatUntil: IsoDate;
  repeatMin: IsoDate;
}

/** The confirmation after a booking, with the check-in rule and a cancel button. */
export function deskBookedView(locale: Locale, input: DeskBookedInput): DeskBookedView {
  const { booking } = input;
  const equipment = deskAttributesText(locale, input.attributes) || t(locale, 'desk.noAttributes');
  const series = input.seriesCount ?? 0;
  return {
    title: t(locale, 'booked.title'),
    facts: [
      { title: t(locale, 'booked.factDesk'), value: input.deskLabel },
      { title: t(locale, 'booked.factWhere'), value: input.where },
      { title: t(locale, 'booked.factWhen'), value: slotDateText(locale, booking.date, booking.slot) },
      { title: t(locale, 'booked.factEquipment'), value: equipment },
    ],
    checkInText:
      booking.status === 'checked-in'
        ? t(locale, 'booked.checkedInNow', { time: input.checkInDeadline })
        : t(locale, 'booked.checkIn', { date: formatDate(locale, booking.date), time: input.checkInDeadline }),
    hasSeries: series > 1,
    seriesText: t(locale, 'booked.series', { n: series }),
    bookingId: booking.id,
    hasRefused: (input.refused ?? []).length > 0,
    refusedText: refusedSeriesText(locale, input.refused ?? []),
    hasRepeat: input.seriesCount === undefined && booking.seriesId === undefined && (booking.status === 'booked' || booking.status === 'checked-in'),
    repeatLabel: t(locale, 'booked.repeatLabel', { weekday: weekdayName(locale, weekdayOf(booking.date)) }),
    repeatUntil: addDays(booking.date, 28),
    repeatMin: addDays(booking.date, 7),
  };
}

/** "Nicht gebucht: Do, 10.12.2026 (So weit im Voraus …)"; reasons that repeat are said once. */
function refusedSeriesText(locale: Locale, refused: ReadonlyArray<{ date: IsoDate; reasonText: string }>): string {
  if (refused.length === 0) return '';
  const dates = refused.map((r) => formatDate(locale, r.date));
  const reasons = [...new Set(refused.map((r) => r.reasonText).filter(Boolean))];
  return t(locale, 'booked.seriesRefused', { n: refused.length, dates: dates.join(', '), reasons: reasons.join(' ') });
}

// ---------------------------------------------------------------- my bookings

export interface MyBookingsInput {
  today: IsoDate;
  bookings: Array<{ booking: DeskBooking; deskLabel: string; where: string }>;
}

export interface MyBookingItem {
  bookingId: string;
  dateText: string;
  deskText: string;
  whereText: string;
  statusText: string;
  canCheckIn: boolean;
  canCancel: boolean;
}

export interface MyBookingsView {
  hasItems: boolean;
  items: MyBookingItem[];
  hasMore: boolean;
  moreText: string;
}

/** Active bookings from today on, soonest first; today's booked one offers "Ich bin da". */
export function myBookingsView(locale: Locale, input: MyBookingsInput): MyBookingsView {
  const upcoming = input.bookings
    .filter((b) => isActive(b.booking) && b.booking.date >= input.today)
    .sort((a, b) => compareDates(a.booking.date, b.booking.date) || SLOT_ORDER[a.booking.slot] - SLOT_ORDER[b.booking.slot]);
  const capped = capList(upcoming, MAX_LIST_ITEMS);
  return {
    hasItems: upcoming.length > 0,
    items: capped.shown.map(({ booking, deskLabel, where }) => {
      const date = formatDate(locale, booking.date);
      const day = booking.date === input.today ? t(locale, 'date.today', { date }) : date;
      return {
        bookingId: booking.id,
        dateText: t(locale, 'date.withHalf', { date: day, half: slotText(locale, booking.slot) }),
        deskText: t(locale, 'desk.label', { label: deskLabel }),
        whereText: where,
        statusText: t(locale, booking.status === 'checked-in' ? 'bookingStatus.checkedIn' : 'bookingStatus.booked'),
        canCheckIn: booking.date === input.today && booking.status === 'booked',
        canCancel: true,
      };
    }),
    hasMore: capped.hasMore,
    moreText: t(locale, 'bookings.more', { shown: capped.shown.length, total: capped.total }),
  };
}

// ---------------------------------------------------------------- check-in

export type CheckInState = 'due' | 'checked-in' | 'already-checked-in' | 'released' | 'reminder';

export interface CheckInInput {
  booking: DeskBooking;
  deskLabel: string;
  where: string;
  /** Local time "HH:MM". */
  deadline: string;
  state: CheckInState;
  /** Local "HH:MM" of an earlier check-in (state already-checked-in). */
  checkedInAt?: string;
}

export interface CheckInView {
  title: string;
  style: ContainerStyle;
  text: string;
  whereText: string;
  hasHint: boolean;
  hintText: string;
  canCheckIn: boolean;
  canSearch: boolean;
  bookingId: string;
  date: IsoDate;
}

const RELEASE_KEY: Readonly<Record<NonNullable<DeskBooking['releaseReason']>, string>> = {
  'no-show': 'checkin.releasedNoShow',
  absence: 'checkin.releasedAbsence',
  'mobile-work': 'checkin.releasedMobile',
  'desk-unavailable': 'checkin.releasedUnavailable',
};

/** The check-in card: due (check in now), reminder (proactive, before the deadline), checked in, or released. */
export function checkInView(locale: Locale, input: CheckInInput): CheckInView {
  const { booking, state } = input;
  const params = { desk: input.deskLabel, date: slotDateText(locale, booking.date, booking.slot), time: input.deadline };
  const open = state === 'due' || state === 'reminder';
  const title =
    state === 'due'
      ? 'checkin.titleDue'
      : state === 'reminder'
        ? 'checkin.titleReminder'
        : state === 'checked-in' || state === 'already-checked-in'
          ? 'checkin.titleCheckedIn'
          : 'checkin.titleReleased';
  const text =
    state === 'released'
      ? t(locale, RELEASE_KEY[booking.releaseReason ?? 'no-show'], params)
      : state === 'already-checked-in'
        ? input.checkedInAt
          ? t(locale, 'checkin.alreadyAt', { ...params, at: input.checkedInAt })
          : t(locale, 'checkin.already', params)
        : t(locale, state === 'checked-in' ? 'checkin.checkedIn' : state === 'reminder' ? 'checkin.reminder' : 'checkin.due', params);
  const style: ContainerStyle = state === 'released' ? 'attention' : state === 'checked-in' || state === 'already-checked-in' ? 'good' : state === 'reminder' ? 'warning' : 'default';
  return {
    title: t(locale, title),
    style,
    text,
    whereText: input.where,
    hasHint: state === 'released',
    hintText: t(locale, 'checkin.releasedHint'),
    canCheckIn: open,
    canSearch: state === 'released',
    bookingId: booking.id,
    date: booking.date,
  };
}

// ---------------------------------------------------------------- who is on site

export interface TeamDayInput {
  date: IsoDate;
  orgUnitName: string;
  /** Display names of colleagues on site who allow their name to be shown. */
  names: string[];
  /** Colleagues on site who chose not to be named. */
  hiddenCount: number;
  /** The person asking (never in the list above) has a desk that day; undefined = not known. */
  youOnSite?: boolean;
  /** Never shown: the card tells who is on site, not who works remotely. */
  mobileCount?: undefined;
}

export interface TeamDayView {
  title: string;
  unitText: string;
  hasNames: boolean;
  names: Array<{ name: string }>;
  hasSummary: boolean;
  summaryText: string;
  /** Says that the person asking is not in the list, and whether they are on site. */
  hasYou: boolean;
  youText: string;
  date: IsoDate;
  prevDate: IsoDate;
  nextDate: IsoDate;
}

/** The working day before/after `date` (Saturday and Sunday skipped). */
function stepWorkday(date: IsoDate, step: 1 | -1): IsoDate {
  let d = addDays(date, step);
  while (weekdayOf(d) > 5) d = addDays(d, step);
  return d;
}

const collator = new Intl.Collator('de', { sensitivity: 'base' });

/** "Wer ist am Donnerstag, 03.12. im Büro?": names A–Z, the unnamed only as a number, no ranking. */
export function teamDayView(locale: Locale, input: TeamDayInput): TeamDayView {
  const sorted = [...input.names].map((n) => n.trim()).filter(Boolean).sort((a, b) => collator.compare(a, b));
  const shown = sorted.slice(0, MAX_TEAM_NAMES);
  const others = sorted.length - shown.length + Math.max(0, Math.floor(input.hiddenCount));
  const summary =
    shown.length > 0
      ? others > 0
        ? t(locale, 'teamday.more', { n: others })
        : ''
      : others > 0
        ? t(locale, 'teamday.onlyHidden', { n: others })
        : t(locale, input.youOnSite ? 'teamday.nobodyElse' : 'teamday.nobody');
  return {
    title: t(locale, 'teamday.title', { date: weekdayDayText(locale, input.date) }),
    unitText: t(locale, 'teamday.unit', { unit: input.orgUnitName }),
    hasNames: shown.length > 0,
    names: shown.map((name) => ({ name })),
    hasSummary: summary !== '',
    summaryText: summary,
    hasYou: input.youOnSite !== undefined,
    youText: input.youOnSite === undefined ? '' : t(locale, input.youOnSite ? 'teamday.youToo' : 'teamday.youNot'),
    date: input.date,
    prevDate: stepWorkday(input.date, -1),
    nextDate: stepWorkday(input.date, 1),
  };
}

// ---------------------------------------------------------------- mobile day ↔ desk

export type DeskConflictKind = 'mobile-day-on-desk' | 'desk-on-mobile-day';

export interface DeskConflictInput {
  date: IsoDate;
  /**
   * 'mobile-day-on-desk': the person books a desk on a day with approved/pending mobile work;
   * 'desk-on-mobile-day': the person requests mobile work on a day with a desk booking.
   */
  kind: DeskConflictKind;
  /** The mobile-work request holding the day (mobile-day-on-desk). */
  requestId?: string;
  /** The desk booking of the day (desk-on-mobile-day). */
  bookingId?: string;
  deskLabel?: string;
  /** The desk the person wanted to book (mobile-day-on-desk); omitted = search after the switch. */
  deskId?: string;
  /** The slot the person wanted; default whole day. */
  slot?: BookingSlot;
  /** desk-on-mobile-day: every day of the request that becomes mobile work after the switch. */
  dates?: IsoDate[];
  /** desk-on-mobile-day: the half day asked for, if any. */
  half?: 'morning' | 'afternoon';
}

export interface DeskConflictView {
  title: string;
  text: string;
  isMobileDay: boolean;
  isDeskDay: boolean;
  /** null values are left out of the action data. */
  requestId: string | null;
  bookingId: string | null;
  deskId: string | null;
  date: IsoDate;
  slot: BookingSlot;
  /** Comma-separated days to request as mobile work after the switch (desk-on-mobile-day). */
  dates: string;
  half: 'morning' | 'afternoon' | null;
}

/** The switch offer between a mobile-work day and a desk booking on the same day. */
export function deskConflictView(locale: Locale, input: DeskConflictInput): DeskConflictView {
  const mobileDay = input.kind === 'mobile-day-on-desk';
  const params = { date: formatDate(locale, input.date), desk: input.deskLabel ?? '' };
  const withDesk = Boolean(input.deskLabel);
  const textKey = mobileDay
    ? withDesk
      ? 'conflict.mobileOnDeskLabel'
      : 'conflict.mobileOnDesk'
    : withDesk
      ? 'conflict.deskOnMobileLabel'
      : 'conflict.deskOnMobile';
  return {
    title: t(locale, mobileDay ? 'conflict.titleMobile' : 'conflict.titleDesk'),
    text: t(locale, textKey, params),
    isMobileDay: mobileDay,
    isDeskDay: !mobileDay,
    requestId: input.requestId ?? null,
    bookingId: input.bookingId ?? null,
    deskId: input.deskId ?? null,
    date: input.date,
    slot: input.slot ?? 'day',
    dates: (input.dates && input.dates.length > 0 ? input.dates : [input.date]).join(','),
    half: input.half ?? null,
  };
}

// ---------------------------------------------------------------- privacy settings

export interface PrivacySettingsInput {
  visibility: OnSiteVisibility;
  needsAccessibleDesk: boolean;
}

export interface PrivacySettingsView {
  values: { visibility: OnSiteVisibility; needsAccessibleDesk: 'true' | 'false' };
}

/** One's own settings: name visible on "who is on site", need of an accessible desk. Submit `settings.save`. */
export function privacySettingsView(_locale: Locale, input: PrivacySettingsInput): PrivacySettingsView {
  return { values: { visibility: input.visibility, needsAccessibleDesk: input.needsAccessibleDesk ? 'true' : 'false' } };
}
