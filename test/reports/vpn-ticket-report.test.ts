import assert from 'node:assert/strict';
import { median, vpnTicketCsv, vpnTicketReport, vpnTicketTotals, type VpnTicketRow } from '../../src/reports/vpn-ticket-report.js';
import { finalTickets, forbiddenStrings, FROM, INCIDENTS, TO } from './vpn-report-fixtures.js';

const report = (from = FROM, to = TO): VpnTicketRow[] =>
  vpnTicketReport({ tickets: finalTickets(), incidents: INCIDENTS, from, to, timeZone: 'Europe/Berlin' });

const brief = (r: VpnTicketRow) =>
  [r.week, r.weekStart, r.client, r.symptom, r.tickets, Object.values(r.byPriority).join('/'), r.resolved, r.medianMinutesToResolve ?? '-', r.reopened, r.outages, r.linkedReporters].join(' ');

describe('VPN ticket report', () => {
  it('one row per ISO week × client × symptom with tickets or outages, in week, client and symptom order', () => {
    assert.deepEqual(report().map(brief), [
      '2026-W45 2026-11-02 forticlient no-connection 4 1/1/2/0 3 60 0 1 3',
      '2026-W45 2026-11-02 globalprotect slow 1 0/0/0/1 0 - 1 0 0',
      '2026-W45 2026-11-02 cisco-secure-client drops 1 0/0/1/0 0 - 0 0 0',
      '2026-W46 2026-11-09 genucard certificate 0 0/0/0/0 0 - 0 1 1',
      '2026-W46 2026-11-09 globalprotect slow 3 0/0/0/3 2 27.5 1 0 0',
    ]);
  });

  it('takes the local date of the organisation: 23:30 UTC on Sunday is Monday in Berlin, not in Lisbon', () => {
    const berlin = report();
    assert.ok(berlin.some((r) => r.client === 'cisco-secure-client'), 'the ticket of 00:30 Monday Berlin time is in');
    assert.equal(berlin.reduce((n, r) => n + r.tickets, 0), 9, 'the tickets of 1 Nov 23:30 and 16 Nov 00:30 Berlin time are out');
    const lisbon = vpnTicketReport({ tickets: finalTickets(), incidents: INCIDENTS, from: FROM, to: TO, timeZone: 'Europe/Lisbon' });
    assert.ok(!lisbon.some((r) => r.client === 'cisco-secure-client'), '23:30 on Sunday in Lisbon is before the period');
    assert.equal(lisbon.reduce((n, r) => n + r.tickets, 0), 9, '…and 15 Nov 23:30 Lisbon time is in');
  });

  it('counts outages by their opening date and their linked reporters, never who they are', () => {
    const rows = report('2026-11-09', '2026-11-15');
    assert.deepEqual(vpnTicketTotals(rows), { tickets: undefined, outages: 1 }, 'three tickets of fewer than 5 people: the total is hidden');
    assert.equal(rows.find((r) => r.client === 'genucard')?.linkedReporters, 1);
  });

  it('when six people report and one of them with P1, then P1 is hidden and the smallest other priority with it; tickets and the total are shown', () => {
    const base = finalTickets()[0]!;
    const tickets = Array.from({ length: 6 }, (_, i) => ({
      ...base,
      id: `t-${i}`,
      reporterId: `reporter-${i}`,
      priority: (i === 0 ? 'P1' : 'P3') as 'P1' | 'P3',
      createdAt: '2026-11-03T08:00:00.000Z',
      status: 'open' as const,
    }));
    delete (tickets[0] as { solution?: string }).solution;
    const rows = vpnTicketReport({ tickets: tickets.map((t) => { const c = { ...t }; delete c.solution; return c; }), incidents: [], from: FROM, to: TO, timeZone: 'Europe/Berlin' });
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.suppressed, ['P1', 'P3']);
    assert.deepEqual(vpnTicketTotals(rows), { tickets: 6, outages: 0 });
    const line = vpnTicketCsv(rows, 'de', { bom: false }).split('\r\n')[1]!;
    assert.match(line, /;6;x;0;x;0;0;;0;0;0$/);
  });

  it('a period without records gives no rows', () => {
    assert.deepEqual(report('2027-01-04', '2027-01-10'), []);
  });

  it('median of an odd and an even number of values', () => {
    assert.equal(median([90, 30, 60]), 60);
    assert.equal(median([45, 10]), 27.5);
    assert.equal(median([]), undefined);
  });

  describe('CSV', () => {
    it('German: header, week and Monday as 02.11.2026, client and symptom in words, decimal comma, BOM, CRLF', () => {
      const csv = vpnTicketCsv(report(), 'de');
      assert.ok(csv.startsWith('\uFEFF'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(
        lines[0],
        'Kalenderwoche;Woche ab;VPN-Client;Symptom;Tickets;P1;P2;P3;P4;Gelöst;Median Minuten Meldung bis Lösung;Wieder geöffnet;Störungen;Verknüpfte Meldende',
      );
      assert.equal(lines[1], '2026-W45;02.11.2026;FortiClient;Keine Verbindung;x;x;x;x;0;x;x;0;1;x', 'fewer than 5 people: x; zeros and outages are shown');
      assert.equal(lines[2], '2026-W45;02.11.2026;GlobalProtect;Verbindung ist langsam;x;0;0;0;x;0;;x;0;0');
      assert.equal(lines[5], '2026-W46;09.11.2026;GlobalProtect;Verbindung ist langsam;x;0;0;0;x;x;x;x;0;0');
      assert.equal(lines.length, 7); // header, 5 rows, '' after the last CRLF
    });

    it('English: ISO dates and a decimal point', () => {
      const lines = vpnTicketCsv(report(), 'en', { bom: false }).split('\r\n');
      assert.equal(lines[0], 'ISO week;Week from;VPN client;Symptom;Tickets;P1;P2;P3;P4;Resolved;Median minutes report to solution;Reopened;Outages;Linked reporters');
      assert.equal(lines[5], '2026-W46;2026-11-09;GlobalProtect;Connection is slow;x;0;0;0;x;x;x;x;0;0');
    });

    it('names no person, no ticket number and no text anyone typed', () => {
      for (const locale of ['de', 'en'] as const) {
        const text = vpnTicketCsv(report(), locale) + JSON.stringify(report());
        for (const s of forbiddenStrings()) assert.ok(!text.includes(s), `the report holds ${JSON.stringify(s)}`);
      }
    });
  });
});
