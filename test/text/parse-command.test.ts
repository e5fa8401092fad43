import { deepStrictEqual, ok } from 'node:assert/strict';
import fc from 'fast-check';
import { isIsoDate, type IsoDate } from '../../src/domain/dates.js';
import { parseCommand, type Command } from '../../src/text/parse-command.js';

/** A Wednesday. */
const TODAY = '2026-11-25';

type Case = [text: string, locale: 'de' | 'en', expected: Command];

const dates = (...d: IsoDate[]): Command => ({ kind: 'request', spec: { type: 'dates', dates: d } });
const half = (h: 'morning' | 'afternoon', ...d: IsoDate[]): Command => ({ kind: 'request', spec: { type: 'dates', dates: d, half: h } });
const range = (from: IsoDate, to: IsoDate): Command => ({ kind: 'request', spec: { type: 'range', from, to } });
const every = (weekdays: Array<1 | 2 | 3 | 4 | 5 | 6 | 7>, until: IsoDate, from = '2026-11-26'): Command => ({
  kind: 'request',
  spec: { type: 'recurring', weekdays, from, until },
});
const FORM: Command = { kind: 'requestForm' };
const HELP: Command = { kind: 'help' };
const QUOTA: Command = { kind: 'quota' };
const MINE: Command = { kind: 'myRequests' };
const PENDING: Command = { kind: 'pending' };
const DEPUTY: Command = { kind: 'deputy' };
const UNKNOWN: Command = { kind: 'unknown' };
const BOOKINGS: Command = { kind: 'myBookings' };
const CHECK_IN: Command = { kind: 'checkIn' };
const PRIVACY: Command = { kind: 'privacy' };
const VPN_REPORT: Command = { kind: 'vpnReport' };
const VPN_MINE: Command = { kind: 'vpnMine' };
const team = (date: IsoDate): Command => ({ kind: 'teamDay', date });
const desk = (over: Omit<Extract<Command, { kind: 'deskSearch' }>, 'kind'> = {}): Command => ({ kind: 'deskSearch', ...over });

const CASES: Case[] = [
  // single days, relative
  ['homeoffice morgen', 'de', dates('2026-11-26')],
  ['home office tomorrow', 'en', dates('2026-11-26')],
  ['homeoffice übermorgen', 'de', dates('2026-11-27')],
  ['homeoffice uebermorgen', 'de', dates('2026-11-27')],
  ['HOMEOFFICE MORGEN', 'de', dates('2026-11-26')],
  ['<at>Mobile Work Bot</at>&nbsp;homeoffice morgen', 'de', dates('2026-11-26')],
  ['homeofice morgn', 'de', dates('2026-11-26')],
  ['homeoffice heute', 'de', dates('2026-11-25')],
  ['homeoffice in zwei tagen', 'de', dates('2026-11-27')],
  ['remote tomorrow', 'en', dates('2026-11-26')],
  ['telearbeit morgen', 'de', dates('2026-11-26')],
  ['von zuhause morgen', 'de', dates('2026-11-26')],
  ['zu hause arbeiten morgen', 'de', dates('2026-11-26')],
  // the other language's words still work
  ['homeoffice morgen', 'en', dates('2026-11-26')],
  ['home office tomorrow', 'de', dates('2026-11-26')],
  // weekdays
  ['mobil Mo und Do nächste Woche', 'de', dates('2026-11-30', '2026-12-03')],
  ['mobil montag und donnerstag', 'de', dates('2026-11-26', '2026-11-30')],
  ['homeoffice freitag', 'de', dates('2026-11-27')],
  ['wfh friday', 'en', dates('2026-11-27')],
  ['ich möchte am Montag mobil arbeiten', 'de', dates('2026-11-30')],
  ['homeoffice mittwoch', 'de', dates('2026-12-02')], // today is Wednesday: the coming one
  // chrono: "next friday" on a Wednesday = Friday of next week; we follow chrono
  ['home office next friday', 'en', dates('2026-12-04')],
  ['mobile arbeit nächsten freitag', 'de', dates('2026-12-04')],
  ['homeoffice montag bis mittwoch', 'de', range('2026-11-30', '2026-12-02')],
  ['ho mo-mi', 'de', range('2026-11-30', '2026-12-02')],
  ['home office next week monday and tuesday', 'en', dates('2026-11-30', '2026-12-01')],
  // numeric and named dates
  ['homeoffice 3.12.', 'de', dates('2026-12-03')],
  ['homeoffice am 03.12.2026', 'de', dates('2026-12-03')],
  ['homeoffice am 03.12.2026', 'en', dates('2026-12-03')],
  ['homeoffice 3. dezember', 'de', dates('2026-12-03')],
  ['Homeoffice am Freitag, den 4. Dezember', 'de', dates('2026-12-04')],
  ['homeoffice donnerstag 10.12.', 'de', dates('2026-12-10')],
  ['homeoffice 24.12. und 31.12.', 'de', dates('2026-12-24', '2026-12-31')],
  ['homeoffice 2026-12-03', 'de', dates('2026-12-03')],
  ['homeoffice 20.11.', 'de', dates('2026-11-20')], // in the past: returned, the domain refuses it
  // ranges
  ['homeoffice vom 7. bis 11. dezember', 'de', range('2026-12-07', '2026-12-11')],
  ['homeoffice 7.12.-11.12.', 'de', range('2026-12-07', '2026-12-11')],
  ['homeoffice 7.-11.12.', 'de', range('2026-12-07', '2026-12-11')],
  ['home office from 7 to 11 december', 'en', range('2026-12-07', '2026-12-11')],
  ['home office from 7 to 11 december', 'de', range('2026-12-07', '2026-12-11')],
  ['home office dec 7-11', 'de', range('2026-12-07', '2026-12-11')],
  ['homeoffice 28.12.-5.1.', 'de', range('2026-12-28', '2027-01-05')],
  ['homeoffice nächste woche', 'de', range('2026-11-30', '2026-12-04')],
  ['homeoffice naechste woche', 'de', range('2026-11-30', '2026-12-04')],
  ['homeoffice diese woche', 'de', range('2026-11-25', '2026-11-27')],
  ['homeoffice kw 50', 'de', range('2026-12-07', '2026-12-11')],
  ['homeoffice bis freitag', 'de', range('2026-11-26', '2026-11-27')],
  // recurring
  ['mobil jeden montag und donnerstag bis 31. märz', 'de', every([1, 4], '2027-03-31')],
  ['homeoffice every monday until march 31', 'en', every([1], '2027-03-31')],
  ['homeoffice jeden Mittwoch bis Ende Januar', 'de', every([3], '2027-01-31')],
  ['home office every monday and thursday until end of january', 'en', every([1, 4], '2027-01-31')],
  ['mobil montags bis ende märz', 'de', every([1], '2027-03-31')],
  ['homeoffice jeden montag ab 1.12. bis 31.3.', 'de', every([1], '2027-03-31', '2026-12-01')],
  ['homeoffice jeden freitag für 3 monate', 'de', every([5], '2027-02-25')],
  ['homeoffice jeden freitag', 'de', FORM], // no end
  // half days
  ['homeoffice freitag vormittag', 'de', half('morning', '2026-11-27')],
  ['halber tag homeoffice morgen nachmittag', 'de', half('afternoon', '2026-11-26')],
  ['home office friday morning', 'en', half('morning', '2026-11-27')],
  ['homeoffice morgen früh', 'de', half('morning', '2026-11-26')],
  ['halber tag homeoffice morgen', 'de', FORM], // which half?
  // the form
  ['homeoffice', 'de', FORM],
  ['homeoffice beantragen', 'de', FORM],
  ['antrag', 'de', FORM],
  ['homeoffice ab montag', 'de', FORM], // no end: a standing agreement
  ['homeoffice nächsten monat', 'de', FORM],
  // other commands
  ['hilfe', 'de', HELP],
  ['help', 'en', HELP],
  ['menü', 'de', HELP],
  ['?', 'de', HELP],
  ['hallo', 'de', HELP],
  ['hi', 'en', HELP],
  ['<at id="0">Bot</at> hilfe', 'de', HELP],
  ['mein kontingent', 'de', QUOTA],
  ['kontingent', 'de', QUOTA],
  ['mein Kontigent', 'de', QUOTA],
  ['quota', 'en', QUOTA],
  ['how many days left', 'en', QUOTA],
  ['wie viele tage habe ich noch', 'de', QUOTA],
  ['wie viele tage homeoffice habe ich noch', 'de', QUOTA],
  ['meine woche', 'de', { kind: 'myWeek' }],
  ['woche', 'de', { kind: 'myWeek' }],
  ['my week', 'en', { kind: 'myWeek' }],
  ['meine woche nächste woche', 'de', { kind: 'myWeek', weekStart: '2026-11-30' }],
  ['nächste woche', 'de', { kind: 'myWeek', weekStart: '2026-11-30' }],
  ['this week', 'en', { kind: 'myWeek', weekStart: '2026-11-23' }],
  ['meine anträge', 'de', MINE],
  ['meine Antraege', 'de', MINE],
  ['my requests', 'en', MINE],
  ['homeoffice morgen stornieren', 'de', MINE], // never a new request
  ['no home office tomorrow', 'en', MINE],
  ['offene anträge', 'de', PENDING],
  ['genehmigen', 'de', PENDING],
  ['approvals', 'en', PENDING],
  ['pending approvals', 'en', PENDING],
  ['homeoffice morgen bitte genehmigen', 'de', dates('2026-11-26')],
  ['vertretung', 'de', DEPUTY],
  ['deputy', 'en', DEPUTY],
  // nothing
  ['wie ist das wetter', 'de', UNKNOWN],
  ['', 'de', UNKNOWN],
  ['   &nbsp; ', 'de', UNKNOWN],
  ['asdf', 'de', UNKNOWN],
  ['wer ist morgen im homeoffice', 'de', UNKNOWN],
  ['who is working from home tomorrow', 'en', UNKNOWN],
  // desk search
  ['tisch morgen', 'de', desk({ date: '2026-11-26' })],
  ['Tisch', 'de', desk()],
  ['platz buchen freitag 2. OG', 'de', desk({ date: '2026-11-27', floorHint: '2. OG' })],
  ['platz buchen 2.og freitag', 'de', desk({ date: '2026-11-27', floorHint: '2. OG' })],
  ['schreibtisch am 3.12. vormittags', 'de', desk({ date: '2026-12-03', slot: 'morning' })],
  ['Schreibtisch morgen nachmittag', 'de', desk({ date: '2026-11-26', slot: 'afternoon' })],
  ['tisch morgen ganztags 3. etage', 'de', desk({ date: '2026-11-26', slot: 'day', floorHint: '3. OG' })],
  ['platz im EG übermorgen', 'de', desk({ date: '2026-11-27', floorHint: 'EG' })],
  ['arbeitsplatz im erdgeschoss am montag', 'de', desk({ date: '2026-11-30', floorHint: 'EG' })],
  ['platz 214 morgen', 'de', desk({ date: '2026-11-26' })],
  ['meinen platz für morgen buchen', 'de', desk({ date: '2026-11-26' })],
  ['welche plätze sind morgen frei?', 'de', desk({ date: '2026-11-26' })],
  ['tisch nächste woche', 'de', desk()], // several days: the search card asks for one
  ['schreibtsch morgen', 'de', desk({ date: '2026-11-26' })],
  ['book a desk next monday', 'en', desk({ date: '2026-11-30' })],
  ['desk tomorrow', 'en', desk({ date: '2026-11-26' })],
  ['desk tomorrow', 'de', desk({ date: '2026-11-26' })],
  ['book a desk for tomorrow morning', 'en', desk({ date: '2026-11-26', slot: 'morning' })],
  ['desk on the 2nd floor friday afternoon', 'en', desk({ date: '2026-11-27', slot: 'afternoon', floorHint: '2. OG' })],
  ['desk on floor 3 tomorrow, all day', 'en', desk({ date: '2026-11-26', slot: 'day', floorHint: '3. OG' })],
  ['desk ground floor', 'en', desk({ floorHint: 'EG' })],
  ['<at>Bot</at> tisch morgen', 'de', desk({ date: '2026-11-26' })],
  // mobile-work words win over desk words
  ['homeoffice am häuslichen arbeitsplatz morgen', 'de', dates('2026-11-26')],
  ['morgen am häuslichen arbeitsplatz', 'de', dates('2026-11-26')],
  ['homeoffice buchen morgen', 'de', dates('2026-11-26')],
  // my bookings
  ['meine buchungen', 'de', BOOKINGS],
  ['Meine Plätze', 'de', BOOKINGS],
  ['meine plaetze', 'de', BOOKINGS],
  ['buchungen', 'de', BOOKINGS],
  ['wo ist mein platz', 'de', BOOKINGS],
  ['my bookings', 'en', BOOKINGS],
  ['my desks', 'en', BOOKINGS],
  ['buchung stornieren', 'de', BOOKINGS], // never a new booking
  ['platz morgen stornieren', 'de', BOOKINGS],
  ['cancel my desk booking', 'en', BOOKINGS],
  // check-in
  ['ich bin da', 'de', CHECK_IN],
  ['Ich bin da!', 'de', CHECK_IN],
  ['bin jetzt im büro', 'de', CHECK_IN],
  ['einchecken', 'de', CHECK_IN],
  ['check in', 'en', CHECK_IN],
  ['checkin', 'en', CHECK_IN],
  ["I'm here", 'en', CHECK_IN],
  ['ich bin morgen nicht da', 'de', UNKNOWN],
  // who is on site
  ['Wer ist am Donnerstag im Büro?', 'de', team('2026-11-26')],
  ['Wer ist am Donnerstag, 3.12. im Büro?', 'de', team('2026-12-03')],
  ['wer ist morgen da', 'de', team('2026-11-26')],
  ['wer ist da?', 'de', team(TODAY)],
  ['wer ist heute vor ort', 'de', team(TODAY)],
  ['wer kommt morgen', 'de', team('2026-11-26')],
  ['wer ist nächste woche im büro', 'de', team('2026-11-30')],
  ['who is in the office on friday', 'en', team('2026-11-27')],
  ["who's in the office tomorrow", 'en', team('2026-11-26')],
  ['who is on site today', 'en', team(TODAY)],
  ['who is in the office on friday', 'de', team('2026-11-27')],
  // ... but never who is at home or away
  ['wer ist morgen im homeoffice', 'en', UNKNOWN],
  ['wer arbeitet morgen mobil', 'de', UNKNOWN],
  ['wer ist morgen nicht im büro', 'de', UNKNOWN],
  ['who is not in the office tomorrow', 'en', UNKNOWN],
  ['who is working remotely on friday', 'en', UNKNOWN],
  // VPN problems
  ['vpn geht nicht', 'de', VPN_REPORT],
  ['VPN Problem', 'de', VPN_REPORT],
  ['vpn problem', 'en', VPN_REPORT],
  ['yubikey', 'de', VPN_REPORT],
  ['Mein YubiKey wird nicht erkannt', 'de', VPN_REPORT],
  ['FortiClient hängt bei 40 %', 'de', VPN_REPORT],
  ['globalprotect verbindet nicht', 'de', VPN_REPORT],
  ['zweiter Faktor kommt nicht', 'de', VPN_REPORT],
  ['vpn morgen kaputt', 'de', VPN_REPORT],
  ['the vpn keeps dropping', 'en', VPN_REPORT],
  ['meine meldungen', 'de', VPN_MINE],
  ['Meine Meldungen', 'de', VPN_MINE],
  ['meine tickets', 'de', VPN_MINE],
  ['vpn tickets', 'de', VPN_MINE],
  ['my reports', 'en', VPN_MINE],
  ['status VPN-2026-00042', 'de', { kind: 'vpnTicket', number: 'VPN-2026-00042' }],
  ['vpn-2026-123456?', 'de', { kind: 'vpnTicket', number: 'VPN-2026-123456' }],
  ['vpn-2026-42', 'de', VPN_REPORT],
  // privacy
  ['datenschutz', 'de', PRIVACY],
  ['Sichtbarkeit', 'de', PRIVACY],
  ['meine einstellungen', 'de', PRIVACY],
  ['privacy', 'en', PRIVACY],
  ['settings', 'en', PRIVACY],
];

describe('parseCommand (today = Wednesday 2026-11-25)', () => {
  for (const [text, locale, expected] of CASES) {
    it(`${locale}: ${JSON.stringify(text)}`, () => {
      deepStrictEqual(parseCommand(text, TODAY, locale), expected);
    });
  }
});

describe('parseCommand on other days', () => {
  it('a weekday named on that weekday is next week’s (Monday → Monday)', () => {
    deepStrictEqual(parseCommand('homeoffice montag', '2026-11-30', 'de'), dates('2026-12-07'));
  });
  it('"nächste woche" on a Sunday is the week starting tomorrow', () => {
    deepStrictEqual(parseCommand('homeoffice nächste woche', '2026-11-29', 'de'), range('2026-11-30', '2026-12-04'));
  });
  it('a year-less date just after new year is in the new year', () => {
    deepStrictEqual(parseCommand('homeoffice 5.1.', '2026-12-28', 'de'), dates('2027-01-05'));
  });

  for (const tz of ['Europe/Berlin', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
    it(`no day slips across daylight saving time in ${tz}`, () => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        deepStrictEqual(parseCommand('homeoffice morgen', '2026-03-28', 'de'), dates('2026-03-29'));
        deepStrictEqual(parseCommand('homeoffice übermorgen', '2026-03-28', 'de'), dates('2026-03-30'));
        deepStrictEqual(parseCommand('home office tomorrow', '2026-10-24', 'en'), dates('2026-10-25'));
        deepStrictEqual(parseCommand('homeoffice montag', '2026-10-24', 'de'), dates('2026-10-26'));
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  }
});

// ---------------------------------------------------------------- properties

const KINDS = new Set<Command['kind']>([
  'help', 'request', 'requestForm', 'myWeek', 'quota', 'myRequests', 'pending', 'deputy',
  'deskSearch', 'myBookings', 'checkIn', 'teamDay', 'privacy', 'vpnReport', 'vpnMine', 'vpnTicket', 'unknown',
]);

const WORDS = [
  'homeoffice', 'home office', 'mobil', 'wfh', 'jeden', 'every', 'montag', 'mo', 'do', 'freitag', 'friday', 'und', 'and',
  'bis', 'until', 'ab', 'from', 'to', '-', 'morgen', 'übermorgen', 'tomorrow', 'heute', 'nächste woche', 'next week',
  'diese woche', 'kw 53', 'vormittag', 'nachmittag', 'halber tag', 'ende januar', 'end of march', '3.12.', '31.12.2026',
  '29.2.', '7.-11.12.', '1.1.1999', '0.0.', '99.99.', '12/3', 'dec 7-11', '7 to 11 december', 'für 3 monate',
  'for 2 weeks', 'nächsten monat', 'in 2 wochen', 'am', 'den', '?', '&nbsp;', '<at>Bot</at>', 'kontingent', 'vertretung',
  'tisch', 'platz', 'desk', 'buchen', 'book', '2. OG', 'EG', '3rd floor', 'ganztags', 'meine buchungen', 'stornieren',
  'ich bin da', 'check in', 'wer ist', 'who is', 'im büro', 'in the office', 'nicht', 'datenschutz',
  'vpn', 'yubikey', 'meine meldungen', 'VPN-2026-00042', 'vpn-', 'ticket',
];
const phrase = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' '));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 60 }), phrase, phrase.map((p) => p.replace(/ /g, '')));
const anyDay = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

function checkCommand(cmd: Command): void {
  ok(KINDS.has(cmd.kind), `unexpected kind ${cmd.kind}`);
  if (cmd.kind === 'myWeek' && cmd.weekStart !== undefined) ok(isIsoDate(cmd.weekStart));
  if (cmd.kind === 'vpnTicket') ok(/^VPN-\d{4}-\d{5,}$/.test(cmd.number), `ticket number ${cmd.number}`);
  if (cmd.kind === 'teamDay') ok(isIsoDate(cmd.date), `bad team day ${cmd.date}`);
  if (cmd.kind === 'deskSearch') {
    ok(cmd.date === undefined || isIsoDate(cmd.date), `bad desk date ${String(cmd.date)}`);
    ok(cmd.slot === undefined || cmd.slot === 'day' || cmd.slot === 'morning' || cmd.slot === 'afternoon');
    ok(cmd.floorHint === undefined || /^(?:EG|UG|\d{1,2}\. (?:OG|UG))$/.test(cmd.floorHint), `floor ${String(cmd.floorHint)}`);
    ok(!('date' in cmd) || cmd.date !== undefined, 'no undefined keys');
  }
  if (cmd.kind !== 'request') return;
  const spec = cmd.spec;
  ok(spec.half === undefined || spec.half === 'morning' || spec.half === 'afternoon');
  if (spec.type === 'dates') {
    ok(spec.dates.length > 0, 'no dates');
    for (const d of spec.dates) ok(isIsoDate(d), `bad date ${d}`);
  } else if (spec.type === 'range') {
    ok(isIsoDate(spec.from) && isIsoDate(spec.to), `bad range ${spec.from}..${spec.to}`);
    ok(spec.from <= spec.to, `range backwards ${spec.from}..${spec.to}`);
  } else {
    ok(isIsoDate(spec.from) && isIsoDate(spec.until), `bad recurrence ${spec.from}..${spec.until}`);
    ok(spec.from <= spec.until, `recurrence backwards ${spec.from}..${spec.until}`);
    ok(spec.weekdays.length > 0 && spec.weekdays.every((w) => Number.isInteger(w) && w >= 1 && w <= 7));
  }
}

describe('parseCommand properties', () => {
  it('never throws, always returns a known kind, and every request is well-formed', () => {
    fc.assert(
      fc.property(anyText, anyDay, fc.constantFrom<'de' | 'en'>('de', 'en'), (text, today, locale) => {
        checkCommand(parseCommand(text, today, locale));
      }),
      { numRuns: 1500 },
    );
  });
});
