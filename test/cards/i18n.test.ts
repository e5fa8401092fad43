import assert from 'node:assert/strict';
import type { Locale, Reason, ReasonCode } from '../../src/domain/model.js';
import {
  REASON_PARAMS,
  errorText,
  formatDate,
  formatDateTime,
  formatHours,
  joinList,
  localeFrom,
  reasonText,
  t,
  windowText,
} from '../../src/cards/i18n.js';

describe('i18n', () => {
  describe('localeFrom', () => {
    const cases: [string | undefined, Locale][] = [
      ['en-US', 'en'], ['en-GB', 'en'], ['EN', 'en'], ['de-DE', 'de'], ['de-AT', 'de'], [undefined, 'de'], ['', 'de'], ['fr-FR', 'de'],
    ];
    for (const [input, expected] of cases) it(`${String(input)} → ${expected}`, () => assert.equal(localeFrom(input), expected));
  });

  describe('formatDate', () => {
    const cases: [Locale, string, string][] = [
      ['de', '2026-11-30', 'Mo, 30.11.2026'],
      ['en', '2026-11-30', 'Mon, 30 Nov 2026'],
      ['de', '2027-01-03', 'So, 03.01.2027'],
      ['en', '2027-01-03', 'Sun, 3 Jan 2027'],
      ['de', '2028-02-29', 'Di, 29.02.2028'],
      ['de', '2026-03-05', 'Do, 05.03.2026'],
    ];
    for (const [locale, iso, expected] of cases) it(`${locale} ${iso} → ${expected}`, () => assert.equal(formatDate(locale, iso), expected));
  });

  describe('formatDateTime (Europe/Berlin)', () => {
    const cases: [Locale, string, string][] = [
      ['de', '2026-11-30T13:05:00Z', '30.11.2026, 14:05 Uhr'],
      ['en', '2026-11-30T13:05:00Z', '30 Nov 2026, 14:05'],
      ['de', '2026-07-01T22:30:00Z', '02.07.2026, 00:30 Uhr'],
    ];
    for (const [locale, ts, expected] of cases) it(`${locale} ${ts} → ${expected}`, () => assert.equal(formatDateTime(locale, ts), expected));
  });

  describe('formatHours', () => {
    const cases: [Locale, number, string][] = [
      ['de', 19.5, '19,5 Std.'], ['en', 19.5, '19.5 h'], ['de', 39, '39 Std.'], ['de', 7.8, '7,8 Std.'], ['de', 1 / 3, '0,33 Std.'], ['de', 2026, '2026 Std.'],
    ];
    for (const [locale, n, expected] of cases) it(`${locale} ${n} → ${expected}`, () => assert.equal(formatHours(locale, n), expected));
  });

  describe('t', () => {
    const cases: [Locale, string, Record<string, string | number>, string][] = [
      ['de', 'summary.days', { n: 1 }, '1 Tag'],
      ['de', 'summary.days', { n: 0.5 }, '0,5 Tage'],
      ['de', 'summary.days', { n: 3 }, '3 Tage'],
      ['en', 'summary.days', { n: 1 }, '1 day'],
      ['en', 'summary.days', { n: 2.5 }, '2.5 days'],
      ['de', 'reminder.text', { n: 1 }, '1 Antrag wartet auf Ihre Entscheidung.'],
      ['de', 'reminder.text', { n: 4 }, '4 Anträge warten auf Ihre Entscheidung.'],
      ['de', 'approval.team', { away: 2, size: 9 }, '2 von 9 im Team an diesem Tag bereits mobil'],
      ['de', 'no.such.key', {}, 'no.such.key'],
      ['de', 'week.holiday', {}, 'Feiertag: {name}'],
    ];
    for (const [locale, key, params, expected] of cases) it(`${locale} ${key} ${JSON.stringify(params)}`, () => assert.equal(t(locale, key, params), expected));
  });

  describe('windowText', () => {
    const cases: [Locale, 'week' | 'two-weeks' | 'month', string, string][] = [
      ['de', 'week', '2026-11-23', 'KW 48'],
      ['de', 'two-weeks', '2026-11-23', 'KW 48–49'],
      ['de', 'two-weeks', '2026-12-28', 'KW 53–1'],
      ['de', 'month', '2026-11-01', 'November 2026'],
      ['de', 'month', '2026-03-01', 'März 2026'],
      ['en', 'week', '2026-11-23', 'week 48'],
      ['en', 'two-weeks', '2026-11-23', 'weeks 48–49'],
      ['en', 'month', '2026-11-01', 'November 2026'],
    ];
    for (const [locale, w, start, expected] of cases) it(`${locale} ${w} ${start} → ${expected}`, () => assert.equal(windowText(locale, w, start), expected));
  });

  it('joinList', () => {
    assert.equal(joinList('de', ['Montag']), 'Montag');
    assert.equal(joinList('de', ['Montag', 'Mittwoch', 'Freitag']), 'Montag, Mittwoch und Freitag');
    assert.equal(joinList('en', ['Monday', 'Friday']), 'Monday and Friday');
  });

  describe('reasonText', () => {
    const cases: [Locale, Reason, string][] = [
      ['de', { code: 'QUOTA_DAYS', params: { used: 3, limit: 4, week: 48 } }, '3 von 4 Tagen in KW 48 verplant'],
      ['en', { code: 'QUOTA_DAYS', params: { used: 3, limit: 4, week: 48 } }, '3 of 4 days used in week 48'],
      ['de', { code: 'QUOTA_DAYS', params: { used: 2.5, limit: 3, week: 1 } }, '2,5 von 3 Tagen in KW 1 verplant'],
      ['de', { code: 'LEAD_TIME', params: { leadTimeDays: 1 } }, 'Bitte beantragen Sie mobiles Arbeiten mindestens 1 Tag im Voraus.'],
      ['de', { code: 'LEAD_TIME', params: { leadTimeDays: 3 } }, 'Bitte beantragen Sie mobiles Arbeiten mindestens 3 Tage im Voraus.'],
      ['en', { code: 'LEAD_TIME', params: { leadTimeDays: 1 } }, 'Please request mobile work at least 1 day in advance.'],
      ['de', { code: 'BEYOND_HORIZON', params: { lastDate: '2027-05-24' } }, 'So weit im Voraus ist noch keine Planung möglich. Sie können bis zum 24.05.2027 planen.'],
      ['de', { code: 'PUBLIC_HOLIDAY', params: { name: 'Buß- und Bettag' } }, 'An diesem Tag ist ein Feiertag: Buß- und Bettag.'],
      ['de', { code: 'ONBOARDING', params: { until: '2027-03-01' } }, 'In der Einarbeitungszeit arbeiten Sie bis zum 01.03.2027 vor Ort.'],
      ['en', { code: 'ONBOARDING', params: { until: '2027-03-01' } }, 'During your induction period you work on site until 1 Mar 2027.'],
      ['de', { code: 'MIN_ON_SITE', params: { onSite: 4, size: 10, minShare: 0.5 } }, 'Mindestens 50 % Ihres Teams müssen an diesem Tag vor Ort sein.'],
      ['de', { code: 'MIN_OFFICE_DAYS', params: { officeDays: 0, min: 1, week: 49 } }, 'In KW 49 ist mindestens 1 Bürotag nötig.'],
      ['de', { code: 'MIN_OFFICE_DAYS', params: { officeDays: 1, min: 2, week: 49 } }, 'In KW 49 sind mindestens 2 Bürotage nötig.'],
      [
        'de',
        { code: 'QUOTA_HOURS', params: { usedHours: 39.5, limitHours: 31.2, windowFrom: '2026-11-23', windowTo: '2026-12-06', window: 'two-weeks', week: 48, weekTo: 49 } },
        'Mit diesem Tag wären 39,5 von 31,2 Stunden mobil verplant (KW 48–49) – mehr als erlaubt.',
      ],
      [
        'en',
        { code: 'QUOTA_HOURS', params: { usedHours: 39.5, limitHours: 31.2, windowFrom: '2026-11-01', windowTo: '2026-11-30', window: 'month', week: 44, month: '2026-11' } },
        'With this day, 39.5 of 31.2 remote hours would be planned (November 2026) – more than allowed.',
      ],
      ['de', { code: 'QUOTA_DAYS', params: {} }, 'Die erlaubten mobilen Tage in dieser Woche sind schon verplant.'],
      ['en', { code: 'CAPACITY', params: { used: 150 } }, 'So many people are already working remotely on this day that there is no room left.'],
      ['de', { code: 'IN_PAST', params: {} }, 'Der Tag liegt in der Vergangenheit.'],
    ];
    for (const [locale, reason, expected] of cases) {
      it(`${locale} ${reason.code} ${JSON.stringify(reason.params)}`, () => assert.equal(reasonText(locale, reason), expected));
    }

    it('gives a complete sentence for every code, with and without params, in both locales', () => {
      const sample: Record<string, string | number> = {
        leadTimeDays: 2, lastDate: '2027-05-01', name: 'Neujahr', until: '2027-01-31', used: 2, limit: 3, week: 5, min: 2, officeDays: 1,
        minShare: 0.4, onSite: 3, size: 9, usedHours: 40, limitHours: 31.2, window: 'week', windowFrom: '2027-02-01', windowTo: '2027-02-07',
      };
      for (const locale of ['de', 'en'] as const) {
        for (const code of Object.keys(REASON_PARAMS) as ReasonCode[]) {
          for (const params of [sample, {}]) {
            const text = reasonText(locale, { code, params });
            assert.ok(text.length > 10, `${code}`);
            assert.doesNotMatch(text, /[{}]/, `${locale} ${code}: ${text}`);
          }
        }
      }
    });
  });

  it('errorText falls back to the generic text', () => {
    assert.equal(errorText('de', 'ALREADY_DECIDED'), 'Über diesen Antrag wurde bereits entschieden.');
    assert.equal(errorText('de', 'SOMETHING_NEW'), 'Da ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.');
    assert.equal(errorText('en', 'SOMETHING_NEW'), 'Something went wrong. Please try again later.');
  });
});
