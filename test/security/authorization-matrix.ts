/**
 * The authorization matrix (issue 9): every card verb and every chat command × every role, with
 * what must happen. `authorization-matrix.test.ts` turns each cell into a test against the running
 * bot over HTTP, and fails when a verb the handlers register, `src/cards/verbs.ts` lists or a card
 * in `cards/` uses has no row here (or a chat command kind has none: the Record type below).
 *
 * Outcomes:
 * - `effect`: answered with a card (200) and the row's effect happened (a change in the store, or
 *   the employee's data shown to someone entitled to see it);
 * - `own`: answered with a card (200), acting only on the clicker's own data: whatever changed in
 *   the store belongs to the clicker (or is an anonymous counter), and the employee's data named
 *   by the row's `secret` does not appear in the answer;
 * - `refused` / `refused:CODE`: a translated error (400 for a card action, an error card for a
 *   command), optionally with that code, and nothing in the store changed.
 */
import type { CommandKind } from '../../src/text/parse-command.js';
import { FORTI_REPORT } from '../support/vpn-harness.js';

export const ROLE_NAMES = [
  'employee',
  'manager',
  'activeDeputy',
  'formerDeputy',
  'otherUnitManager',
  'colleague',
  'serviceDeskMember',
  'outsideDesk',
] as const;
export type Role = (typeof ROLE_NAMES)[number];

export type Outcome = 'effect' | 'own' | 'refused' | `refused:${string}`;
export type Cells = Record<Role, Outcome>;

/** The objects of one cell, created fresh before its click (ids only). */
export interface Fixture {
  /** A pending request of the employee; its stored approver is the former deputy. */
  requestId: string;
  requestDate: string;
  /** An active desk booking of the employee on a later day, and one for today. */
  bookingId: string;
  bookingDate: string;
  todayBookingId: string;
  deskId: string;
  /** A delegation of the manager (to the colleague, in February), for revoke. */
  delegationId: string;
  /** The employee's VPN report draft with a knowledge-base entry shown. */
  draftId: string;
  entryId: string;
  /** The employee's open VPN ticket, one the desk asked back on, one the desk resolved. */
  ticketId: string;
  ticketNumber: string;
  askedTicketId: string;
  resolvedTicketId: string;
  /** An open outage incident the employee is linked to. */
  incidentId: string;
}

export type Need = 'request' | 'booking' | 'delegation' | 'draft' | 'ticket' | 'askedTicket' | 'resolvedTicket' | 'incident';

/** What an `effect` cell must find after the click (throws when it did not happen). */
export interface EffectProbe {
  answer: string;
  userId: string;
  f: Fixture;
  read: <T>(fn: (r: import('../../src/store/store.js').StoreReader) => T) => Promise<T>;
}

export interface VerbRow {
  verb: string;
  /** Clicked in the service-desk channel (desk cards) instead of the personal chat. */
  channel?: boolean;
  needs: Need[];
  data: (f: Fixture) => Record<string, unknown>;
  /** The employee's data that only `effect` cells may see. */
  secret?: (f: Fixture) => string;
  effect?: (p: EffectProbe) => Promise<void>;
  cells: Cells;
}

export interface CommandRow {
  text: (f: Fixture) => string;
  needs: Need[];
  secret?: (f: Fixture) => string;
  effect?: (p: EffectProbe) => Promise<void>;
  cells: Cells;
}

const all = (o: Outcome): Cells => Object.fromEntries(ROLE_NAMES.map((r) => [r, o])) as Cells;
/** Everyone acts on their own data only. */
const OWN = all('own');
const only = (roles: Role[], yes: Outcome, no: Outcome): Cells =>
  Object.fromEntries(ROLE_NAMES.map((r) => [r, roles.includes(r) ? yes : no])) as Cells;
const employeeOnly = (no: Outcome = 'refused'): Cells => only(['employee'], 'effect', no);
const approversOnly = (no: Outcome): Cells => ({ ...only(['manager', 'activeDeputy'], 'effect', no) });
const deskOnly = (no: Outcome = 'refused:NOT_DESK_MEMBER'): Cells => only(['serviceDeskMember'], 'effect', no);

function must(condition: unknown, message: string): void {
  if (!condition) throw new Error(message);
}
const shows = (what: (f: Fixture) => string) => async (p: EffectProbe) => must(p.answer.includes(what(p.f)), `the answer shows ${what(p.f)}`);
const decidedAs = (status: string) => async (p: EffectProbe) => {
  const r = await p.read((x) => x.getRequest(p.f.requestId));
  must(r?.status === status, `request ${status} (is ${r?.status})`);
  must(r?.decision?.by === p.userId, 'decided by the clicker');
};
const ticketIs = (id: (f: Fixture) => string, check: (t: { status: string; assigneeId?: string }, userId: string) => boolean, what: string) =>
  async (p: EffectProbe) => {
    const t = await p.read((x) => x.getTicket(id(p.f)));
    must(t && check(t, p.userId), `ticket ${what} (is ${JSON.stringify({ status: t?.status, assigneeId: t?.assigneeId })})`);
  };

/** Requesting mobile work is for oneself; people with no manager in the directory are told so (NO_MANAGER). */
const NEEDS_A_MANAGER: Cells = { ...OWN, manager: 'refused:NO_MANAGER', otherUnitManager: 'refused:NO_MANAGER', serviceDeskMember: 'refused:NO_MANAGER' };

/** A decision on the employee's request: the former deputy is told her period has ended. */
const decisionCells: Cells = { ...approversOnly('refused:NOT_APPROVER'), formerDeputy: 'refused:DELEGATION_ENDED' };

export const VERB_ROWS: VerbRow[] = [
  { verb: 'help.show', needs: [], data: () => ({}), cells: OWN },
  { verb: 'homeOffice.form', needs: [], data: () => ({}), cells: OWN },
  { verb: 'homeOffice.request', needs: [], data: () => ({ kind: 'single', date: '2026-12-09' }), cells: NEEDS_A_MANAGER },
  { verb: 'homeOffice.myWeek', needs: ['request'], data: () => ({ weekStart: '2026-11-30' }), cells: OWN },
  // The planner's send: a new mobile day is a request of one's own (ids and dates only in the data).
  { verb: 'homeOffice.planSend', needs: [], data: () => ({ weekStart: '2026-11-30', 'day.2026-12-09': 'mobile' }), cells: NEEDS_A_MANAGER },
  { verb: 'homeOffice.quota', needs: [], data: () => ({}), cells: OWN },
  { verb: 'homeOffice.mine', needs: ['request'], data: () => ({}), secret: (f) => f.requestId, effect: shows((f) => f.requestId), cells: employeeOnly('own') },
  {
    verb: 'homeOffice.withdraw',
    needs: ['request'],
    data: (f) => ({ requestId: f.requestId }),
    effect: async (p) => must((await p.read((x) => x.getRequest(p.f.requestId)))?.status === 'withdrawn', 'request withdrawn'),
    cells: employeeOnly('refused:NOT_OWNER'),
  },
  { verb: 'homeOffice.pending', needs: ['request'], data: () => ({}), secret: (f) => f.requestId, effect: shows((f) => f.requestId), cells: approversOnly('own') },
  { verb: 'homeOffice.open', needs: ['request'], data: (f) => ({ requestId: f.requestId }), effect: shows(() => 'Anna Huber'), secret: () => 'Anna Huber', cells: approversOnly('refused:NOT_APPROVER') },
  { verb: 'homeOffice.refresh', needs: ['request'], data: (f) => ({ requestId: f.requestId }), effect: shows(() => 'Anna Huber'), secret: () => 'Anna Huber', cells: approversOnly('refused:NOT_APPROVER') },
  { verb: 'homeOffice.approve', needs: ['request'], data: (f) => ({ requestId: f.requestId }), effect: decidedAs('approved'), cells: decisionCells },
  { verb: 'homeOffice.reject', needs: ['request'], data: (f) => ({ requestId: f.requestId, comment: 'Nein' }), effect: decidedAs('rejected'), cells: decisionCells },
  { verb: 'homeOffice.approveSome', needs: ['request'], data: (f) => ({ requestId: f.requestId, days: f.requestDate }), effect: decidedAs('approved'), cells: decisionCells },
  {
    verb: 'homeOffice.bulkApprove',
    needs: ['request'],
    data: (f) => ({ requestIds: f.requestId }),
    effect: decidedAs('approved'),
    cells: approversOnly('refused:BULK_NOT_APPROVER'),
  },
  { verb: 'delegation.form', needs: [], data: () => ({}), cells: OWN },
  {
    verb: 'delegation.set',
    needs: [],
    data: () => ({ deputy: '00000000-0000-0000-0000-000000000002', from: '2027-01-11', to: '2027-01-15' }),
    effect: async (p) => must((await p.read((x) => x.listDelegations(p.userId))).some((d) => d.from === '2027-01-11'), 'delegation stored'),
    // Any manager names their own deputy (an own record); people without staff are refused.
    cells: { ...all('refused:INVALID_DELEGATION'), manager: 'effect', otherUnitManager: 'own', serviceDeskMember: 'own' },
  },
  {
    verb: 'delegation.revoke',
    needs: ['delegation'],
    data: (f) => ({ delegationId: f.delegationId }),
    effect: async (p) => must((await p.read((x) => x.listDelegations(p.userId))).find((d) => d.id === p.f.delegationId)?.revoked, 'revoked'),
    cells: only(['manager'], 'effect', 'refused:INVALID_DELEGATION'),
  },
  { verb: 'desk.search', needs: [], data: () => ({ date: '2026-12-02' }), cells: OWN },
  { verb: 'desk.find', needs: ['booking'], data: (f) => ({ date: f.bookingDate, slot: 'day' }), cells: OWN },
  { verb: 'desk.book', needs: [], data: () => ({ deskId: 'A-EG-015-3', date: '2026-12-08', slot: 'day' }), cells: OWN },
  {
    verb: 'desk.repeat',
    needs: ['booking'],
    data: (f) => ({ bookingId: f.bookingId, until: '2026-12-23' }),
    effect: async (p) => must((await p.read((x) => x.listBookingsOfPerson(p.userId, '2026-12-03', '2026-12-23'))).length > 0, 'series booked'),
    cells: employeeOnly('refused:BOOKING_NOT_FOUND'),
  },
  {
    verb: 'desk.cancel',
    needs: ['booking'],
    data: (f) => ({ bookingId: f.bookingId }),
    effect: async (p) => must((await p.read((x) => x.getBooking(p.f.bookingId)))?.status === 'cancelled', 'booking cancelled'),
    cells: employeeOnly('refused'),
  },
  { verb: 'desk.mine', needs: ['booking'], data: () => ({}), secret: (f) => f.bookingId, effect: shows((f) => f.bookingId), cells: employeeOnly('own') },
  {
    verb: 'desk.checkIn',
    needs: ['booking'],
    data: (f) => ({ bookingId: f.todayBookingId }),
    effect: async (p) => must((await p.read((x) => x.getBooking(p.f.todayBookingId)))?.checkedInAt, 'checked in'),
    cells: employeeOnly('refused'),
  },
  { verb: 'desk.teamDay', needs: [], data: () => ({}), cells: OWN },
  { verb: 'desk.switchToOffice', needs: ['request'], data: (f) => ({ requestId: f.requestId, deskId: 'A-EG-018-1', date: f.requestDate, slot: 'day' }), cells: OWN },
  { verb: 'desk.keepMobile', needs: ['request'], data: (f) => ({ date: f.requestDate }), cells: OWN },
  { verb: 'homeOffice.switchToMobile', needs: ['booking'], data: (f) => ({ bookingId: f.bookingId, dates: f.bookingDate }), cells: NEEDS_A_MANAGER },
  { verb: 'homeOffice.keepDesk', needs: ['booking'], data: (f) => ({ date: f.bookingDate }), cells: OWN },
  { verb: 'settings.privacy', needs: [], data: () => ({}), cells: OWN },
  { verb: 'settings.save', needs: [], data: () => ({ visibility: 'hidden', needsAccessibleDesk: 'true' }), cells: OWN },
  { verb: 'vpn.form', needs: [], data: () => ({}), cells: OWN },
  { verb: 'vpn.submit', needs: [], data: () => FORTI_REPORT, cells: OWN },
  {
    verb: 'vpn.helped',
    needs: ['draft'],
    data: (f) => ({ draftId: f.draftId, entryId: f.entryId }),
    effect: async (p) => must(((await p.read((x) => x.getHelpfulness()))[p.f.entryId]?.helped ?? 0) > 0, 'counted as helpful'),
    cells: employeeOnly('refused'),
  },
  {
    verb: 'vpn.escalate',
    needs: ['draft'],
    data: (f) => ({ draftId: f.draftId }),
    effect: async (p) => must((await p.read((x) => x.listTicketsOfReporter(p.userId))).length > 0, 'ticket opened'),
    cells: employeeOnly('refused'),
  },
  { verb: 'vpn.mine', needs: ['ticket'], data: () => ({}), secret: (f) => f.ticketNumber, effect: shows((f) => f.ticketNumber), cells: employeeOnly('own') },
  { verb: 'vpn.show', needs: ['ticket'], data: (f) => ({ ticketId: f.ticketId }), secret: (f) => f.ticketNumber, effect: shows((f) => f.ticketNumber), cells: employeeOnly('refused') },
  {
    verb: 'vpn.answer',
    needs: ['askedTicket'],
    data: (f) => ({ ticketId: f.askedTicketId, answer: 'Es ist Version 7.2.4.' }),
    effect: ticketIs((f) => f.askedTicketId, (t) => t.status !== 'waiting-for-reporter', 'answered'),
    cells: employeeOnly('refused'),
  },
  {
    verb: 'vpn.reopen',
    needs: ['resolvedTicket'],
    data: (f) => ({ ticketId: f.resolvedTicketId }),
    effect: ticketIs((f) => f.resolvedTicketId, (t) => t.status !== 'resolved', 'reopened'),
    cells: employeeOnly('refused'),
  },
  {
    verb: 'vpn.take',
    channel: true,
    needs: ['ticket'],
    data: (f) => ({ ticketId: f.ticketId }),
    effect: ticketIs((f) => f.ticketId, (t, userId) => t.assigneeId === userId, 'taken by the clicker'),
    cells: deskOnly(),
  },
  {
    verb: 'vpn.ask',
    channel: true,
    needs: ['ticket'],
    data: (f) => ({ ticketId: f.ticketId, question: 'Welche Version?' }),
    effect: ticketIs((f) => f.ticketId, (t) => t.status === 'waiting-for-reporter', 'asked back'),
    cells: deskOnly(),
  },
  {
    verb: 'vpn.resolve',
    channel: true,
    needs: ['ticket'],
    data: (f) => ({ ticketId: f.ticketId, solution: 'Neu installiert.' }),
    effect: ticketIs((f) => f.ticketId, (t) => t.status === 'resolved', 'resolved'),
    cells: deskOnly(),
  },
  // A non-member's refresh gets a card without the report's details.
  { verb: 'vpn.refresh', channel: true, needs: ['ticket'], data: (f) => ({ ticketId: f.ticketId }), secret: () => 'LRA-NB-04711', effect: shows(() => 'LRA-NB-04711'), cells: deskOnly('own') },
  {
    verb: 'vpn.incident.resolve',
    channel: true,
    needs: ['incident'],
    data: (f) => ({ incidentId: f.incidentId, solution: 'Gateway neu gestartet.' }),
    effect: async (p) => must((await p.read((x) => x.getIncident(p.f.incidentId)))?.status === 'resolved', 'incident resolved'),
    cells: deskOnly(),
  },
  { verb: 'vpn.incident.refresh', channel: true, needs: ['incident'], data: (f) => ({ incidentId: f.incidentId }), cells: OWN },
];

/** One row per kind of chat command (the Record type makes a new kind without a row a type error). */
export const COMMAND_ROWS: Record<CommandKind, CommandRow> = {
  help: { text: () => 'hilfe', needs: [], cells: OWN },
  request: { text: () => 'homeoffice am 9.12.', needs: [], cells: { ...NEEDS_A_MANAGER, manager: 'refused', otherUnitManager: 'refused', serviceDeskMember: 'refused' } },
  requestForm: { text: () => 'antrag stellen', needs: [], cells: OWN },
  myWeek: { text: () => 'meine woche', needs: ['request'], cells: OWN },
  quota: { text: () => 'mein kontingent', needs: [], cells: OWN },
  myRequests: { text: () => 'meine anträge', needs: ['request'], secret: (f) => f.requestId, effect: shows((f) => f.requestId), cells: employeeOnly('own') },
  pending: { text: () => 'offene anträge', needs: ['request'], secret: (f) => f.requestId, effect: shows((f) => f.requestId), cells: approversOnly('own') },
  deputy: { text: () => 'vertretung', needs: [], cells: OWN },
  deskSearch: { text: () => 'tisch morgen', needs: [], cells: OWN },
  myBookings: { text: () => 'meine buchungen', needs: ['booking'], secret: (f) => f.bookingId, effect: shows((f) => f.bookingId), cells: employeeOnly('own') },
  // "ich bin da" checks in the clicker's own booking of today; the others have none: a friendly error.
  checkIn: {
    text: () => 'ich bin da',
    needs: ['booking'],
    effect: async (p) => must((await p.read((x) => x.getBooking(p.f.todayBookingId)))?.checkedInAt, 'checked in'),
    cells: employeeOnly('refused'),
  },
  teamDay: { text: () => 'wer ist heute im büro', needs: [], cells: OWN },
  privacy: { text: () => 'datenschutz', needs: [], cells: OWN },
  vpnReport: { text: () => 'vpn geht nicht', needs: [], cells: OWN },
  vpnMine: { text: () => 'meine meldungen', needs: ['ticket'], secret: (f) => f.ticketNumber, effect: shows((f) => f.ticketNumber), cells: employeeOnly('own') },
  vpnTicket: { text: (f) => f.ticketNumber, needs: ['ticket'], effect: shows((f) => f.ticketNumber), cells: employeeOnly('refused') },
  unknown: { text: () => 'blubb', needs: [], cells: OWN },
};
