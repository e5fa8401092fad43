/**
 * The life of a VPN ticket, as pure transitions. Only service-desk members take, ask back and
 * resolve; only the reporter answers and reopens. Every transition returns a new ticket or a
 * stable refusal code; the given ticket is never changed. Time is passed in.
 *
 *   open ──take──> taken ──ask──> waiting-for-reporter ──answer──> taken
 *     │              │                     │
 *     └─────ask──────┘                     │
 *   open/taken/waiting/reopened ──resolve──> resolved ──reopen──> reopened ──take──> taken
 */
import { vpnPriority } from './vpn-priority.js';
import type { Ticket, TicketStatus, VpnReport } from './vpn-model.js';

export interface Actor {
  id: string;
  /** Member of the service desk (configured list or Entra group), decided by the caller. */
  deskMember: boolean;
}

export type TicketRefusal =
  | 'NOT_DESK_MEMBER'
  | 'NOT_REPORTER'
  | 'ALREADY_TAKEN'
  | 'WRONG_STATUS'
  | 'EMPTY_TEXT'
  | 'TEXT_TOO_LONG';

export type TicketResult = { ok: true; ticket: Ticket } | { ok: false; code: TicketRefusal; status: TicketStatus };

/** Limit of a question, an answer and a solution text, in characters. */
export const TICKET_TEXT_LIMIT = 2000;

export function createTicket(
  report: VpnReport,
  meta: { id: string; number: string; reporterId: string; now: string; incidentId?: string },
): Ticket {
  return {
    id: meta.id,
    number: meta.number,
    reporterId: meta.reporterId,
    report,
    status: 'open',
    priority: vpnPriority(report),
    conversation: [],
    ...(meta.incidentId ? { incidentId: meta.incidentId } : {}),
    createdAt: meta.now,
    updatedAt: meta.now,
  };
}

const refuse = (ticket: Ticket, code: TicketRefusal): TicketResult => ({ ok: false, code, status: ticket.status });

/** A question, answer or solution text: trimmed, not empty, at most TICKET_TEXT_LIMIT characters. */
export function checkTicketText(text: string): { ok: true; text: string } | { ok: false; code: 'EMPTY_TEXT' | 'TEXT_TOO_LONG' } {
  const t = text.trim();
  if (t === '') return { ok: false, code: 'EMPTY_TEXT' };
  if ([...t].length > TICKET_TEXT_LIMIT) return { ok: false, code: 'TEXT_TOO_LONG' };
  return { ok: true, text: t };
}

function checkText(ticket: Ticket, text: string): TicketResult | string {
  const checked = checkTicketText(text);
  return checked.ok ? checked.text : refuse(ticket, checked.code);
}

export function takeTicket(ticket: Ticket, actor: Actor, now: string): TicketResult {
  if (!actor.deskMember) return refuse(ticket, 'NOT_DESK_MEMBER');
  if (ticket.status === 'resolved') return refuse(ticket, 'WRONG_STATUS');
  if (ticket.assigneeId !== undefined && ticket.assigneeId !== actor.id && ticket.status !== 'reopened') return refuse(ticket, 'ALREADY_TAKEN');
  if (ticket.assigneeId === actor.id && ticket.status === 'taken') return { ok: true, ticket };
  const status: TicketStatus = ticket.status === 'waiting-for-reporter' ? 'waiting-for-reporter' : 'taken';
  return { ok: true, ticket: { ...ticket, status, assigneeId: actor.id, updatedAt: now } };
}

export function askBack(ticket: Ticket, actor: Actor, question: string, now: string): TicketResult {
  if (!actor.deskMember) return refuse(ticket, 'NOT_DESK_MEMBER');
  if (ticket.status === 'resolved') return refuse(ticket, 'WRONG_STATUS');
  if (ticket.assigneeId !== undefined && ticket.assigneeId !== actor.id) return refuse(ticket, 'ALREADY_TAKEN');
  const text = checkText(ticket, question);
  if (typeof text !== 'string') return text;
  return {
    ok: true,
    ticket: {
      ...ticket,
      status: 'waiting-for-reporter',
      assigneeId: actor.id,
      conversation: [...ticket.conversation, { kind: 'question', authorId: actor.id, at: now, text }],
      updatedAt: now,
    },
  };
}

export function answerQuestion(ticket: Ticket, actor: Actor, answer: string, now: string): TicketResult {
  if (actor.id !== ticket.reporterId) return refuse(ticket, 'NOT_REPORTER');
  if (ticket.status !== 'waiting-for-reporter') return refuse(ticket, 'WRONG_STATUS');
  const text = checkText(ticket, answer);
  if (typeof text !== 'string') return text;
  return {
    ok: true,
    ticket: {
      ...ticket,
      status: ticket.assigneeId === undefined ? 'open' : 'taken',
      conversation: [...ticket.conversation, { kind: 'answer', authorId: actor.id, at: now, text }],
      updatedAt: now,
    },
  };
}

export function resolveTicket(ticket: Ticket, actor: Actor, solution: string, now: string): TicketResult {
  if (!actor.deskMember) return refuse(ticket, 'NOT_DESK_MEMBER');
  if (ticket.status === 'resolved') return refuse(ticket, 'WRONG_STATUS');
  const text = checkText(ticket, solution);
  if (typeof text !== 'string') return text;
  return { ok: true, ticket: { ...ticket, status: 'resolved', assigneeId: ticket.assigneeId ?? actor.id, solution: text, updatedAt: now } };
}

export function reopenTicket(ticket: Ticket, actor: Actor, now: string): TicketResult {
  if (actor.id !== ticket.reporterId) return refuse(ticket, 'NOT_REPORTER');
  if (ticket.status !== 'resolved') return refuse(ticket, 'WRONG_STATUS');
  return { ok: true, ticket: { ...ticket, status: 'reopened', updatedAt: now } };
}

/** Tickets nobody has taken for at least `afterMinutes` (for the channel reminder), oldest first. */
export function unassignedDue(tickets: readonly Ticket[], now: string, afterMinutes: number): Ticket[] {
  const limit = Date.parse(now) - afterMinutes * 60_000;
  return tickets
    .filter((t) => (t.status === 'open' || t.status === 'reopened') && t.assigneeId === undefined && Date.parse(t.updatedAt) <= limit)
    .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
}
