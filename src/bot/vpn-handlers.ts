/**
 * The VPN verbs. Reporter verbs work in the personal chat; desk verbs on the channel card are
 * refused for anyone outside the service desk (the use cases decide from the stored ticket and the
 * clicker's id). Every handler answers with the card that replaces the clicked one.
 */
import type { UseCases } from './use-cases.js';
import type { EscalationResult, SubmitResult } from '../app/report-vpn-problem.js';
import type { Locale, Policy } from '../domain/model.js';
import { VERBS } from '../cards/verbs.js';
import type { VerbHandlers } from './verb-table.js';
import type { Card } from './presenter-port.js';
import { deskIncidentCard, deskTicketCard, type VpnCardDeps } from './vpn-card-data.js';

export interface VpnDeps extends VpnCardDeps {
  useCases: UseCases;
  policy: Policy;
}

export function vpnFormCard(deps: VpnDeps, locale: Locale): Card {
  return deps.vpnPresenter.reportForm(locale, { clients: deps.policy.vpn.clients });
}

export async function vpnMineCard(deps: VpnDeps, userId: string, locale: Locale): Promise<Card> {
  return deps.vpnPresenter.myReports(locale, await deps.useCases.vpnQueries.myReports(userId));
}

function escalationCard(deps: VpnDeps, locale: Locale, r: EscalationResult): Card {
  return r.kind === 'ticket' ? deps.vpnPresenter.reported(locale, r.ticket) : deps.vpnPresenter.linked(locale, r.incident);
}

function submitCard(deps: VpnDeps, locale: Locale, r: SubmitResult): Card {
  switch (r.kind) {
    case 'invalid':
      return deps.vpnPresenter.reportForm(locale, { clients: deps.policy.vpn.clients, values: r.values, problems: r.problems });
    case 'self-help':
      return deps.vpnPresenter.selfHelp(locale, { draftId: r.draft.id, entries: r.entries });
    default:
      return escalationCard(deps, locale, r);
  }
}

export function createVpnHandlers(deps: VpnDeps) {
  const uc = deps.useCases;
  const p = deps.vpnPresenter;
  return {
    [VERBS.vpnForm]: ({ locale }) => Promise.resolve(vpnFormCard(deps, locale)),
    [VERBS.vpnSubmit]: async ({ userId, locale, input }) => {
      const form = input;
      return submitCard(deps, locale, await uc.reportVpn.submit({ userId, data: form }));
    },
    [VERBS.vpnHelped]: async ({ userId, locale, input }) => {
      const d = input;
      await uc.reportVpn.helped({ userId, draftId: d.draftId, entryId: d.entryId });
      return p.helped(locale);
    },
    [VERBS.vpnEscalate]: async ({ userId, locale, input }) => {
      const d = input;
      return escalationCard(deps, locale, await uc.reportVpn.escalate({ userId, draftId: d.draftId }));
    },
    [VERBS.vpnMine]: ({ userId, locale }) => vpnMineCard(deps, userId, locale),
    [VERBS.vpnShow]: async ({ userId, locale, input }) => {
      const d = input;
      return p.reporterTicket(locale, await uc.vpnQueries.ownTicket(userId, d.ticketId));
    },
    [VERBS.vpnAnswer]: async ({ userId, locale, input }) => {
      const d = input;
      return p.reporterTicket(locale, await uc.vpnTickets.answer({ userId, ticketId: d.ticketId, answer: d.answer }), 'answered');
    },
    [VERBS.vpnReopen]: async ({ userId, locale, input }) => {
      const d = input;
      return p.reporterTicket(locale, await uc.vpnTickets.reopen({ userId, ticketId: d.ticketId }), 'reopened');
    },

    // ---- service desk (channel card)
    [VERBS.vpnTake]: async ({ userId, locale, input }) => {
      const d = input;
      return deskTicketCard(deps, locale, await uc.vpnTickets.take({ userId, ticketId: d.ticketId }), true);
    },
    [VERBS.vpnAsk]: async ({ userId, locale, input }) => {
      const d = input;
      return deskTicketCard(deps, locale, await uc.vpnTickets.ask({ userId, ticketId: d.ticketId, question: d.question }), true);
    },
    [VERBS.vpnResolve]: async ({ userId, locale, input }) => {
      const d = input;
      return deskTicketCard(deps, locale, await uc.vpnTickets.resolve({ userId, ticketId: d.ticketId, solution: d.solution }), true);
    },
    [VERBS.vpnRefresh]: async ({ userId, locale, input }) => {
      const d = input;
      const facts = await uc.vpnQueries.deskTicket(userId, d.ticketId);
      return deskTicketCard(deps, locale, facts.ticket, facts.member);
    },
    [VERBS.vpnIncidentResolve]: async ({ userId, locale, input }) => {
      const d = input;
      await uc.vpnTickets.resolveIncident({ userId, incidentId: d.incidentId, solution: d.solution });
      return deskIncidentCard(deps, locale, await uc.vpnQueries.deskIncident(userId, d.incidentId));
    },
    [VERBS.vpnIncidentRefresh]: async ({ userId, locale, input }) => {
      const d = input;
      return deskIncidentCard(deps, locale, await uc.vpnQueries.deskIncident(userId, d.incidentId));
    },
  } satisfies Partial<VerbHandlers>;
}
