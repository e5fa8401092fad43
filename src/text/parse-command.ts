/**
 * What a chat message asks the bot for. German and English, umlauts or transliterations, small
 * typos; Teams markup is stripped first. Pure: `today` (Europe/Berlin) is passed in.
 *
 * Order of precedence (first match wins):
 *   a VPN ticket number ("VPN-2026-00042") → that ticket; "meine meldungen" / "vpn tickets" → the
 *     person's VPN reports; any VPN word ("vpn geht nicht", "yubikey", "forticlient") → the report form;
 *   cancel words next to a request word ("homeoffice morgen stornieren") → myRequests, so that a
 *     cancellation never turns into a new request;
 *   cancel words next to a desk or booking word ("buchung stornieren") → myBookings, likewise;
 *   "who is on site" questions ("wer ist morgen im büro") → teamDay (never when they ask about
 *     mobile work or who is *not* there: those stay unknown, we do not list people at home);
 *   check-in ("ich bin da", "einchecken") → privacy ("datenschutz", "sichtbarkeit") →
 *   my bookings ("meine buchungen", "meine plätze") → desk search (a desk word without a mobile-work
 *     word: "tisch morgen", "platz buchen freitag 2. OG") →
 *   my requests ("meine anträge", "status") → pending approvals ("offene anträge", "genehmigen") →
 *   quota → deputy → a request (a request word, or "antrag"/"beantragen"; without a date → form)
 *   → my week ("meine woche", "nächste woche") → help/greetings → unknown.
 * Questions about others ("wer ist morgen im homeoffice") are not requests.
 */
import type { IsoDate } from '../domain/dates.js';
import type { BookingSlot } from '../domain/desk-model.js';
import type { Locale, ProposalSpec } from '../domain/model.js';
import { findWeek, fixDateTypos } from './date-words.js';
import { CHECK_IN, NEGATION, WHO_ON_SITE, findFloorHint, findSlot } from './desk-words.js';
import { blankOut } from './dotted-dates.js';
import { isTypoOf, normalizeMessage, tokenize } from './normalize.js';
import { parseRequestDates } from './parse-dates.js';

export type Command =
  | { kind: 'help' }
  | { kind: 'request'; spec: ProposalSpec; comment?: undefined }
  | { kind: 'requestForm' }
  | { kind: 'myWeek'; weekStart?: IsoDate }
  | { kind: 'quota' }
  | { kind: 'myRequests' }
  | { kind: 'pending' }
  | { kind: 'deputy' }
  /** Find a desk; what the message did not say is asked on the search card. */
  | { kind: 'deskSearch'; date?: IsoDate; slot?: BookingSlot; floorHint?: string }
  | { kind: 'myBookings' }
  | { kind: 'checkIn' }
  /** Who of the team is on site that day (default today). */
  | { kind: 'teamDay'; date: IsoDate }
  | { kind: 'privacy' }
  | { kind: 'vpnReport' }
  | { kind: 'vpnMine' }
  /** A ticket number typed in the chat, e.g. "VPN-2026-00042" (upper case). */
  | { kind: 'vpnTicket'; number: string }
  | { kind: 'unknown' };

export type CommandKind = Command['kind'];

/** Words of one meaning. `fuzzy` words also match with a typo (see isTypoOf); `prefixes` match word starts. */
interface Vocabulary {
  words: string[];
  fuzzy?: string[];
  prefixes?: string[];
  phrases?: RegExp;
}

const REQUEST: Vocabulary = {
  words: ['ho', 'wfh', 'mobil', 'mobile', 'mobiles', 'mobilen', 'mobiler', 'remote', 'zuhause', 'daheim', 'telework', 'teleworking'],
  fuzzy: ['homeoffice', 'telearbeit', 'mobilarbeit', 'mobilearbeit', 'homeworking'],
  prefixes: ['homeoffice', 'telearbeit', 'mobilarbeit'],
  phrases: /\bhome[\s-]*office\b|\bzu\s+hause\b|\b(?:work(?:ing)?|arbeiten)\s+(?:from|at|von)\s+home\b|\bfrom\s+home\b|\bhaeusliche[nmrs]?\s+arbeitsplatz\b/,
};
const FORM: Vocabulary = {
  words: ['antrag', 'beantragen', 'formular', 'form', 'request', 'anfrage', 'buchen', 'book'],
  phrases: /\bneue[nr]?\s+antrag\b|\bnew\s+request\b|\bantrag\s+stellen\b/,
};
const CANCEL: Vocabulary = {
  words: ['kein', 'keine', 'keinen', 'no', 'storno', 'cancel', 'withdraw', 'delete', 'remove', 'absagen', 'loeschen', 'widerrufen'],
  fuzzy: ['stornieren', 'zurueckziehen', 'zurueckgezogen', 'zuruecknehmen'],
};
const MINE = /\b(?:mein|meine|meinen|meiner|meines|my)\b/;
const MY_REQUESTS: Vocabulary = {
  words: ['status', 'requests', 'antraege', 'antrags', 'antraegen'],
  fuzzy: ['antraege'],
};
const PENDING: Vocabulary = {
  words: ['pending', 'approve', 'approvals', 'approval', 'freigabe', 'freigaben', 'freigeben', 'inbox', 'posteingang'],
  fuzzy: ['genehmigen', 'genehmigung', 'genehmigungen', 'approvals'],
  prefixes: ['genehmig'],
  phrases: /\boffene[nr]?\s+(?:antraege|anfragen)\b|\bzu\s+entscheiden\b|\bto\s+approve\b/,
};
const QUOTA: Vocabulary = {
  words: ['quota', 'kontingent', 'restkontingent', 'resttage', 'guthaben', 'budget', 'allowance', 'balance', 'remaining', 'uebrig'],
  fuzzy: ['kontingent', 'allowance'],
  phrases: /\bwie\s*viele?\b|\bhow\s+(?:many|much)\b|\b(?:days?|tage)\s+(?:left|noch)\b/,
};
const DEPUTY: Vocabulary = {
  words: ['deputy', 'delegate', 'delegation', 'delegieren', 'vertreten', 'substitute', 'proxy'],
  fuzzy: ['vertretung', 'vertreter', 'vertreterin', 'stellvertretung', 'stellvertreter', 'abwesenheitsvertretung'],
};
const WEEK: Vocabulary = {
  words: ['woche', 'week', 'wochenplan', 'wochenuebersicht', 'kalender', 'calendar', 'schedule', 'plan', 'planen', 'planung', 'kw'],
  phrases: /\bmeine\s+tage\b|\bmy\s+days\b/,
};
const HELP: Vocabulary = {
  words: [
    'hilfe', 'help', 'menue', 'menu', 'hallo', 'hi', 'hey', 'hello', 'moin', 'servus', 'start',
    'befehle', 'commands', 'optionen', 'options', 'info', 'gruezi', 'huhu',
  ],
  fuzzy: ['hilfe'],
  phrases: /\bguten\s+(?:morgen|tag|abend)\b|\bgruess\s+gott\b|\bwas\s+kannst\s+du\b|\bwhat\s+can\s+you\b|^\W*\?+\W*$/,
};
const DESK: Vocabulary = {
  words: [
    'tisch', 'tische', 'schreibtisch', 'schreibtische', 'platz', 'plaetze', 'arbeitsplatz', 'arbeitsplaetze',
    'sitzplatz', 'desk', 'desks', 'hotdesk', 'workstation', 'seat',
  ],
  fuzzy: ['schreibtisch', 'arbeitsplatz', 'arbeitsplaetze'],
  prefixes: ['schreibtisch', 'desksharing', 'hotdesk'],
  phrases: /\bdesk[\s-]*sharing\b/,
};
const BOOKINGS: Vocabulary = {
  words: ['buchung', 'buchungen', 'reservierung', 'reservierungen', 'booking', 'bookings', 'reservation', 'reservations'],
  fuzzy: ['buchungen', 'reservierung', 'reservierungen'],
};
/** Words that ask for a new booking ("meinen Platz für morgen buchen" is not "meine Plätze"). */
const BOOK_VERB: Vocabulary = {
  words: ['buchen', 'book', 'reservieren', 'reserve', 'suchen', 'search', 'finden', 'find', 'frei', 'freie', 'freien', 'free'],
};
const PRIVACY: Vocabulary = {
  words: [
    'datenschutz', 'sichtbarkeit', 'sichtbar', 'privacy', 'privatsphaere', 'einstellungen', 'einstellung', 'settings',
    'visibility', 'anonym',
  ],
  fuzzy: ['datenschutz', 'sichtbarkeit', 'privatsphaere', 'einstellungen'],
};
/** VPN and remote-access words: any of them makes the message about a VPN problem. */
const VPN: Vocabulary = {
  words: [
    'vpn', 'yubikey', 'yubi', 'forticlient', 'fortinet', 'globalprotect', 'anyconnect', 'ncp', 'genucard', 'fernzugriff',
    'einwahl', 'tunnel', 'token',
  ],
  fuzzy: ['yubikey', 'forticlient', 'globalprotect', 'fernzugriff'],
  prefixes: ['vpn'],
  phrases: /\bzweite[nr]?\s+faktor\b|\bsecond\s+factor\b|\b2fa\b|\bmfa\b|\bremote\s+access\b|\bsecure\s+client\b/,
};
/** "meine meldungen", "my reports", "meine tickets". */
const REPORTS: Vocabulary = {
  words: ['meldung', 'meldungen', 'ticket', 'tickets', 'reports', 'report', 'stoerung', 'stoerungen', 'stoermeldung'],
  fuzzy: ['meldungen', 'stoerungen'],
};
const TICKET_NUMBER = /\bvpn-(\d{4})-(\d{5,})\b/;

/** Questions about the world, not wishes: "wer ist morgen im homeoffice?". */
const QUESTION = /^(?:wer|who|wie|how|was|what|warum|why|wo|where|wann|when|welche[rns]?|which)\b/;

const ALL_EXACT = new Set(
  [REQUEST, FORM, CANCEL, MY_REQUESTS, PENDING, QUOTA, DEPUTY, WEEK, HELP, DESK, BOOKINGS, BOOK_VERB, PRIVACY, VPN, REPORTS].flatMap((v) => [...v.words, ...(v.fuzzy ?? [])]),
);

function matches(v: Vocabulary, words: string[], text: string): boolean {
  if (v.phrases?.test(text)) return true;
  return words.some(
    (w) =>
      v.words.includes(w) ||
      (v.fuzzy ?? []).includes(w) ||
      (v.prefixes ?? []).some((p) => w.startsWith(p)) ||
      (!ALL_EXACT.has(w) && w.length >= 5 && (v.fuzzy ?? []).some((f) => isTypoOf(w, f))),
  );
}

function requestOrForm(text: string, today: IsoDate, locale: Locale): Command {
  const dates = parseRequestDates(text, today, locale);
  return dates.kind === 'spec' ? { kind: 'request', spec: dates.spec } : { kind: 'requestForm' };
}

/** The one day a message names, if it names exactly one. */
function singleDate(text: string, today: IsoDate, locale: Locale): IsoDate | undefined {
  const dates = parseRequestDates(text, today, locale);
  if (dates.kind !== 'spec' || dates.spec.type !== 'dates' || dates.spec.dates.length !== 1) return undefined;
  return dates.spec.dates[0];
}

/** "tisch morgen", "platz buchen freitag 2. OG", "schreibtisch am 3.12. vormittags". */
function deskSearch(text: string, today: IsoDate, locale: Locale): Command {
  const floor = findFloorHint(text);
  const { slot, rest } = findSlot(floor ? blankOut(text, floor.start, floor.end) : text);
  const date = singleDate(rest, today, locale);
  return {
    kind: 'deskSearch',
    ...(date ? { date } : {}),
    ...(slot ? { slot } : {}),
    ...(floor ? { floorHint: floor.hint } : {}),
  };
}

/** "wer ist am Donnerstag im Büro?": the first day named, else today. */
function teamDay(text: string, today: IsoDate, locale: Locale): Command {
  const dates = parseRequestDates(findSlot(text).rest, today, locale);
  const spec = dates.kind === 'spec' ? dates.spec : undefined;
  const date = spec?.type === 'dates' ? spec.dates[0] : spec?.type === 'range' ? spec.from : undefined;
  return { kind: 'teamDay', date: date ?? today };
}

function classify(text: string, today: IsoDate, locale: Locale): Command {
  const words = tokenize(text).map((t) => t.word);
  if (words.length === 0 && !text.includes('?')) return { kind: 'unknown' };
  const is = (v: Vocabulary): boolean => matches(v, words, text);
  const ticketNumber = TICKET_NUMBER.exec(text);
  if (ticketNumber) return { kind: 'vpnTicket', number: `VPN-${ticketNumber[1]}-${ticketNumber[2]}` };
  if (is(REPORTS) && (MINE.test(text) || is(VPN))) return { kind: 'vpnMine' };
  if (is(VPN)) return { kind: 'vpnReport' };
  const requestWord = is(REQUEST);
  const formWord = is(FORM);

  const deskWord = !requestWord && is(DESK);
  const bookingWord = !requestWord && is(BOOKINGS);

  if ((deskWord || bookingWord) && is(CANCEL)) return { kind: 'myBookings' };
  if ((requestWord || formWord) && is(CANCEL)) return { kind: 'myRequests' };
  if (!requestWord && WHO_ON_SITE.test(text)) return NEGATION.test(text) ? { kind: 'unknown' } : teamDay(text, today, locale);
  if (!requestWord && CHECK_IN.test(text)) return { kind: 'checkIn' };
  if (is(PRIVACY)) return { kind: 'privacy' };
  if ((bookingWord || (deskWord && MINE.test(text))) && !is(BOOK_VERB)) return { kind: 'myBookings' };
  if (deskWord) return deskSearch(text, today, locale);
  if (MINE.test(text) && (is(MY_REQUESTS) || (formWord && !requestWord))) return { kind: 'myRequests' };
  if (is(PENDING)) {
    // "homeoffice morgen, bitte genehmigen" is still a request; "homeoffice-anträge genehmigen" is not.
    const dates = requestWord && !QUESTION.test(text) ? parseRequestDates(text, today, locale) : undefined;
    return dates?.kind === 'spec' ? { kind: 'request', spec: dates.spec } : { kind: 'pending' };
  }
  if (is(MY_REQUESTS)) return { kind: 'myRequests' };
  if (is(QUOTA)) return { kind: 'quota' };
  if (is(DEPUTY)) return { kind: 'deputy' };
  if ((requestWord || formWord) && !QUESTION.test(text)) return requestOrForm(text, today, locale);

  const week = findWeek(text, today);
  if (week || is(WEEK)) return week ? { kind: 'myWeek', weekStart: week.monday } : { kind: 'myWeek' };
  if (is(HELP)) return { kind: 'help' };
  return { kind: 'unknown' };
}

/**
 * @param text  the message as Teams sends it (mentions and HTML included)
 * @param today the current date in Europe/Berlin
 * @param locale the user's language: its date reading is tried first, the other one after
 */
export function parseCommand(text: string, today: IsoDate, locale: 'de' | 'en'): Command {
  return classify(fixDateTypos(normalizeMessage(text)), today, locale);
}
