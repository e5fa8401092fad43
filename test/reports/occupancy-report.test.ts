import assert from 'node:assert/strict';
import type { DeskBooking, DeskInventory } from '../../src/domain/desk-model.js';
import { occupancyReport, toCsv, toSvgChart, type OccupancyRow } from '../../src/reports/occupancy-report.js';
import { HolidayCalendar } from '../../src/domain/holiday-calendar.js';
import { bk, inventory } from '../desks/fixtures.js';

// Person ids that look like names: none of them may appear in any output.
const PEOPLE = ['anna.huber', 'ben.maier', 'carl.roth', 'dora.fink', 'emil.kraus', 'p-assignee'];
const THU = '2026-04-02';
const bookings: DeskBooking[] = [
  bk('d1', 'anna.huber', THU, 'day', 'checked-in'),
  bk('d2', 'ben.maier', THU, 'morning', 'released', { releaseReason: 'no-show' }),
  bk('d3', 'carl.roth', THU, 'afternoon', 'booked'),
  bk('d4', 'dora.fink', THU, 'day', 'cancelled'),
  bk('d7', 'emil.kraus', THU, 'day', 'released', { releaseReason: 'absence' }),
  bk('d5', 'p-assignee', THU, 'day', 'checked-in'),
  bk('d1', 'anna.huber', '2026-04-03', 'day', 'booked'), // Good Friday
  bk('zz', 'anna.huber', THU, 'day', 'booked'), // a desk no longer in the inventory
  bk('d1', 'ben.maier', '2026-04-07', 'day', 'booked'),
  bk('d2', 'carl.roth', '2026-04-07', 'day', 'booked'),
  bk('d3', 'dora.fink', '2026-04-07', 'day', 'booked'),
  bk('d4', 'emil.kraus', '2026-04-07', 'day', 'booked'),
  bk('d8', 'emil.kraus', '2026-04-08', 'day', 'booked'), // after the period
];

function report(): OccupancyRow[] {
  return occupancyReport({ inventory, bookings, from: '2026-04-02', to: '2026-04-07', staffCount: 21, holidays: 'BY' });
}

describe('occupancy report', () => {
  it('one row per working day and floor: weekends and public holidays (BY) left out', () => {
    const rows = report();
    assert.deepEqual(
      rows.map((r) => `${r.date} ${r.floorId}`),
      ['2026-04-02 f1', '2026-04-02 f2', '2026-04-02 f3', '2026-04-07 f1', '2026-04-07 f2', '2026-04-07 f3'],
    );
  });

  it("when the policy lists a local holiday and a whole dienstfrei day, then those days are no working days either (a half day off still is one)", () => {
    const holidays = new HolidayCalendar('BY', {
      local: [{ date: '2026-04-07', name: 'Stadtfest', portion: 1 }],
      daysOff: [{ date: '2026-04-02', name: 'Betriebsausflug', portion: 0.5 }, { date: '2026-04-08', name: 'Brückentag', portion: 1 }],
    });
    const rows = occupancyReport({ inventory, bookings, from: '2026-04-02', to: '2026-04-08', staffCount: 21, holidays });
    assert.deepEqual([...new Set(rows.map((r) => r.date))], ['2026-04-02']);
  });

  it('aggregates booked, checked-in and no-shows; utilisation by half days; staff per desk', () => {
    const rows = report();
    const table: Array<Partial<OccupancyRow>> = [
      { date: THU, floorName: '1. OG', siteName: 'Rathaus', desks: 4, booked: 3, checkedIn: 1, noShows: 1, utilisation: 0.5, noShowRate: 1 / 3, deskRatio: 3 },
      { date: THU, floorName: '2. OG', desks: 2, booked: 1, checkedIn: 1, noShows: 0, utilisation: 0.5, noShowRate: 0, deskRatio: 3 },
      { date: THU, floorName: 'EG', siteName: 'Außenstelle', desks: 1, booked: 0, checkedIn: 0, noShows: 0, utilisation: 0, noShowRate: 0 },
      { date: '2026-04-07', floorName: '1. OG', desks: 4, booked: 4, utilisation: 1 },
    ];
    table.forEach((expected, i) => {
      const row = rows[i];
      assert.ok(row);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(row[key as keyof OccupancyRow], value, `row ${i} ${key}`);
    });
  });

  describe('no value describes fewer than 5 people', () => {
    const day = '2026-04-09';
    const big = (n: number, status: 'checked-in' | 'booked', extra = {}) =>
      Array.from({ length: n }, (_, i) => bk(`x${status}${i}`, `person-${status}-${i}`, day, 'day', status, extra));
    const rowFor = (list: DeskBooking[]) => {
      const inv: DeskInventory = { ...inventory, desks: list.map((b) => ({ ...inventory.desks[0]!, id: b.deskId })) };
      return occupancyReport({ inventory: inv, bookings: list, from: day, to: day, staffCount: 50, holidays: 'BY' })[0]!;
    };
    const cases: Array<[string, DeskBooking[], string[]]> = [
      ['six checked in: everything shown', big(6, 'checked-in'), []],
      ['four checked in: all hidden but the zero no-shows', big(4, 'checked-in'), ['booked', 'checkedIn', 'noShowRate', 'utilisation']],
      [
        'five checked in and one no-show: the no-show is hidden, and checked in with it (booked minus checked in would reveal it)',
        [...big(5, 'checked-in'), bk('xn', 'person-no-show', day, 'day', 'released', { releaseReason: 'no-show' })],
        ['checkedIn', 'noShowRate', 'noShows'],
      ],
      [
        'anonymised bookings count as at least one person per two bookings',
        big(8, 'checked-in').map((b) => ({ ...b, personId: 'anonymisiert' })),
        ['booked', 'checkedIn', 'noShowRate', 'utilisation'],
      ],
    ];
    for (const [what, list, hidden] of cases) {
      it(`when ${what}, then hidden are: ${hidden.join(', ') || 'none'}`, () => {
        const row = rowFor(list);
        assert.deepEqual(row.suppressed, hidden);
        const csv = toCsv([row], 'de', { bom: false }).split('\r\n')[1]!;
        assert.equal(csv.split(';').filter((v) => v === 'x').length, hidden.length);
      });
    }
  });

  it('rows carry no person ids', () => {
    const text = JSON.stringify(report());
    for (const p of PEOPLE) assert.ok(!text.includes(p), p);
  });

  describe('CSV', () => {
    it('German: semicolons, decimal comma, dd.mm.yyyy, header row, BOM, CRLF', () => {
      const csv = toCsv(report(), 'de');
      assert.ok(csv.startsWith('\uFEFF'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines[0], 'Datum;Standort;Etage;Plätze;Gebucht;Eingecheckt;Nicht erschienen;Auslastung;No-Show-Quote;Beschäftigte je Platz');
      assert.equal(lines[1], '02.04.2026;Rathaus;1. OG;4;x;x;x;x;x;3,00', 'three people: every value describing them is hidden');
      assert.equal(lines[3], '02.04.2026;Außenstelle;EG;1;0;0;0;0,000;0,000;3,00');
      assert.equal(lines.length, 8); // header, 6 rows, '' after the last CRLF
    });

    it('English: ISO dates and decimal point, still semicolons; no BOM on request', () => {
      const lines = toCsv(report(), 'en', { bom: false }).split('\r\n');
      assert.equal(lines[0], 'Date;Site;Floor;Desks;Booked;Checked in;No-shows;Utilisation;No-show rate;Staff per desk');
      assert.equal(lines[1], '2026-04-02;Rathaus;1. OG;4;x;x;x;x;x;3.00');
    });

    it('quotes names with separators and defuses formulas', () => {
      const inv: DeskInventory = { ...inventory, sites: [{ id: 's1', name: '=HYPERLINK("x";"y")' }, { id: 's2', name: 'A;B' }] };
      const csv = toCsv(occupancyReport({ inventory: inv, bookings: [], from: THU, to: THU, staffCount: 1, holidays: 'BY' }), 'de', { bom: false });
      const lines = csv.split('\r\n');
      assert.equal(lines[1]?.split(';')[0], '02.04.2026');
      assert.ok(lines[1]?.includes(`"'=HYPERLINK(""x"";""y"")"`), lines[1]);
      assert.ok(lines[3]?.includes('"A;B"'), lines[3]);
    });

    it('names no person', () => {
      for (const locale of ['de', 'en'] as const) {
        const csv = toCsv(report(), locale);
        for (const p of PEOPLE) assert.ok(!csv.includes(p), p);
      }
    });
  });

  describe('SVG chart', () => {
    it('has a title, a description in words, axis labels and a legend in text', () => {
      const svg = toSvgChart(report(), { title: 'Auslastung April 2026' });
      assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="chart-title chart-desc"/);
      assert.match(svg, /<title id="chart-title">Auslastung April 2026<\/title>/);
      assert.match(svg, /<desc id="chart-desc">[^<]*Rathaus – 1\. OG: Durchschnitt 0 %[^<]*<\/desc>/, 'no bar for a group under five');
      assert.match(svg, />Auslastung \(%\)</);
      assert.match(svg, />Arbeitstag</);
      for (const floor of ['Rathaus – 1. OG', 'Rathaus – 2. OG', 'Außenstelle – EG']) assert.ok(svg.includes(`>${floor}</text>`), floor);
      assert.doesNotMatch(svg, /<title>Rathaus – 1\. OG, 02\.04\.2026:/, 'three people: no bar');
      assert.match(svg, /<title>Außenstelle – EG, 02\.04\.2026: 0 %<\/title>/, 'nobody: the zero is shown');
      assert.equal((svg.match(/<pattern /g) ?? []).length, 3, 'a pattern per floor, not colour alone');
      assert.ok(svg.includes('>02.04.<') && svg.includes('>07.04.<'));
    });

    it('is well-formed (tags balanced) and escapes names', () => {
      const inv: DeskInventory = { ...inventory, sites: [{ id: 's1', name: 'Rathaus <Alt> & "Neu"' }, { id: 's2', name: 'B' }] };
      const svg = toSvgChart(occupancyReport({ inventory: inv, bookings, from: THU, to: THU, staffCount: 1, holidays: 'BY' }), { locale: 'en' });
      assert.ok(svg.includes('Rathaus &lt;Alt&gt; &amp; &quot;Neu&quot;'));
      const stack: string[] = [];
      for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
        if (m[3]) continue;
        if (m[1]) assert.equal(stack.pop(), m[2]);
        else stack.push(m[2]!);
      }
      assert.deepEqual(stack, []);
      assert.match(svg, />Desk utilisation per floor</);
    });

    it('says so when there is no data', () => {
      assert.match(toSvgChart([]), />Keine Daten im Zeitraum</);
    });

    it('names no person', () => {
      const svg = toSvgChart(report());
      for (const p of PEOPLE) assert.ok(!svg.includes(p), p);
    });
  });
});
