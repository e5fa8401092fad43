import assert from 'node:assert/strict';
import type { Ticket, VpnReport } from '../../src/domain/vpn-model.js';
import { answerQuestion, askBack, createTicket, reopenTicket, resolveTicket, takeTicket, unassignedDue, type Actor, type TicketResult } from '../../src/domain/vpn-ticket.js';

const REPORT: VpnReport = { client: 'forticlient', symptom: 'no-connection', since: '2026-11-25', connection: 'wlan', internetWithoutVpn: true, affected: 'many' };
const DESK: Actor = { id: 'desk-1', deskMember: true };
const DESK2: Actor = { id: 'desk-2', deskMember: true };
const REPORTER: Actor = { id: 'emp-1', deskMember: false };
const STRANGER: Actor = { id: 'emp-2', deskMember: false };
const at = (m: number) => new Date(Date.parse('2026-11-25T08:00:00Z') + m * 60_000).toISOString();

const fresh = () => createTicket(REPORT, { id: 't1', number: 'VPN-2026-00042', reporterId: 'emp-1', now: at(0) });
const ok = (r: TicketResult): Ticket => {
  assert.ok(r.ok, r.ok ? '' : r.code);
  return r.ticket;
};

describe('VPN ticket lifecycle', () => {
  it('a new ticket is open, with the priority from impact', () => {
    assert.deepEqual([fresh().status, fresh().priority, fresh().conversation], ['open', 'P1', []]);
  });

  it('report → take → ask back → answer → resolve → reopen', () => {
    let t = ok(takeTicket(fresh(), DESK, at(1)));
    assert.deepEqual([t.status, t.assigneeId], ['taken', 'desk-1']);
    t = ok(askBack(t, DESK, 'Welche Fehlermeldung genau?', at(2)));
    assert.equal(t.status, 'waiting-for-reporter');
    t = ok(answerQuestion(t, REPORTER, '  -14 bei 10 %  ', at(3)));
    assert.equal(t.status, 'taken');
    assert.deepEqual(t.conversation.map((m) => [m.kind, m.authorId, m.text]), [['question', 'desk-1', 'Welche Fehlermeldung genau?'], ['answer', 'emp-1', '-14 bei 10 %']]);
    t = ok(resolveTicket(t, DESK, 'Port 10443 im Hotel gesperrt – Hotspot nutzen.', at(4)));
    assert.deepEqual([t.status, t.solution, t.updatedAt], ['resolved', 'Port 10443 im Hotel gesperrt – Hotspot nutzen.', at(4)]);
    t = ok(reopenTicket(t, REPORTER, at(5)));
    assert.equal(t.status, 'reopened');
    t = ok(takeTicket(t, DESK2, at(6)));
    assert.deepEqual([t.status, t.assigneeId], ['taken', 'desk-2']);
  });

  const refusals: Array<[name: string, run: () => TicketResult, code: string]> = [
    ['a non-desk user pressing "take"', () => takeTicket(fresh(), STRANGER, at(1)), 'NOT_DESK_MEMBER'],
    ['the reporter pressing "resolve"', () => resolveTicket(fresh(), REPORTER, 'geht wieder', at(1)), 'NOT_DESK_MEMBER'],
    ['a non-desk user asking back', () => askBack(fresh(), STRANGER, '?', at(1)), 'NOT_DESK_MEMBER'],
    ['taking a ticket a colleague has', () => takeTicket(ok(takeTicket(fresh(), DESK, at(1))), DESK2, at(2)), 'ALREADY_TAKEN'],
    ['someone else answering the question', () => answerQuestion(ok(askBack(fresh(), DESK, '?', at(1))), STRANGER, 'x', at(2)), 'NOT_REPORTER'],
    ['answering when nothing was asked', () => answerQuestion(fresh(), REPORTER, 'x', at(1)), 'WRONG_STATUS'],
    ['resolving twice', () => resolveTicket(ok(resolveTicket(fresh(), DESK, 'x', at(1))), DESK, 'y', at(2)), 'WRONG_STATUS'],
    ['reopening an open ticket', () => reopenTicket(fresh(), REPORTER, at(1)), 'WRONG_STATUS'],
    ['someone else reopening', () => reopenTicket(ok(resolveTicket(fresh(), DESK, 'x', at(1))), STRANGER, at(2)), 'NOT_REPORTER'],
    ['an empty question', () => askBack(fresh(), DESK, '   ', at(1)), 'EMPTY_TEXT'],
    ['a solution of 2,001 characters', () => resolveTicket(fresh(), DESK, 'x'.repeat(2001), at(1)), 'TEXT_TOO_LONG'],
  ];
  for (const [name, run, code] of refusals) {
    it(`refuses ${name} (${code})`, () => {
      const r = run();
      assert.ok(!r.ok);
      assert.equal(r.code, code);
    });
  }

  it('never changes the ticket it is given', () => {
    const t = fresh();
    const copy = structuredClone(t);
    askBack(t, DESK, 'Frage', at(1));
    resolveTicket(t, DESK, 'x', at(1));
    assert.deepEqual(t, copy);
  });

  it('reminds of tickets nobody has taken for the configured time, oldest first', () => {
    const a = createTicket(REPORT, { id: 'a', number: 'VPN-2026-00001', reporterId: 'x', now: at(0) });
    const b = createTicket(REPORT, { id: 'b', number: 'VPN-2026-00002', reporterId: 'x', now: at(20) });
    const c = ok(takeTicket(createTicket(REPORT, { id: 'c', number: 'VPN-2026-00003', reporterId: 'x', now: at(0) }), DESK, at(1)));
    const d = createTicket(REPORT, { id: 'd', number: 'VPN-2026-00004', reporterId: 'x', now: at(25) });
    assert.deepEqual(unassignedDue([d, b, c, a], at(30), 10).map((t) => t.id), ['a', 'b']);
  });
});
