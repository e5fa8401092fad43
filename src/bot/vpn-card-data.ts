/**
 * Builds what the VPN desk cards need beyond the ticket: names of the people on it, the
 * reporter's unit, the titles of the knowledge-base entries already shown, and the desk members
 * whose cards refresh themselves (Universal Actions). Shared by the verb handlers and the jobs.
 */
import type { FanoutProgress } from '../domain/vpn-fanout-progress.js';
import type { VpnSettings } from '../app/vpn-context.js';
import type { Directory } from '../directory/directory.js';
import type { Locale } from '../domain/model.js';
import type { Incident, Ticket } from '../domain/vpn-model.js';
import type { Card } from './presenter-port.js';
import type { UseCases } from './use-cases.js';
import type { NameOf, VpnPresenter } from './vpn-presenter-port.js';

/** Teams refreshes a card automatically for at most 60 listed users. */
const REFRESH_LIMIT = 60;

export interface VpnCardDeps {
  directory: Directory;
  vpn: VpnSettings;
  vpnPresenter: VpnPresenter;
  useCases: Pick<UseCases, 'vpnQueries'>;
}

async function namesOf(directory: Directory, ids: Iterable<string>): Promise<NameOf> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const person = await directory.getPerson(id);
    if (person) names.set(id, person.displayName);
  }
  return (id) => names.get(id) ?? (id === 'itsm' ? 'ITSM' : '—');
}

export async function deskTicketCard(deps: VpnCardDeps, locale: Locale, ticket: Ticket, member: boolean): Promise<Card> {
  if (!member) return deps.vpnPresenter.deskTicketRestricted(locale, ticket);
  const ids = [ticket.reporterId, ...(ticket.assigneeId ? [ticket.assigneeId] : []), ...ticket.conversation.map((m) => m.authorId)];
  const nameOf = await namesOf(deps.directory, ids);
  const reporter = await deps.directory.getPerson(ticket.reporterId);
  const unit = reporter ? await deps.directory.getOrgUnit(reporter.orgUnitId) : undefined;
  const entries = new Map(deps.vpn.knowledgeBase.entries.map((e) => [e.id, e]));
  return deps.vpnPresenter.deskTicket(locale, {
    ticket,
    nameOf,
    ...(unit ? { reporterUnit: unit.name } : {}),
    shownEntryTitles: (ticket.shownEntryIds ?? []).flatMap((id) => {
      const e = entries.get(id);
      return e ? [e[locale].title] : [];
    }),
    canAct: ticket.status !== 'resolved',
    refreshUserIds: await deps.useCases.vpnQueries.deskRefreshIds(REFRESH_LIMIT),
  });
}

export async function deskIncidentCard(
  deps: VpnCardDeps,
  locale: Locale,
  facts: { incident: Incident; ticketCount: number; member: boolean; progress?: FanoutProgress },
): Promise<Card> {
  const nameOf = await namesOf(deps.directory, facts.incident.resolvedBy ? [facts.incident.resolvedBy] : []);
  return deps.vpnPresenter.deskIncident(locale, {
    incident: facts.incident,
    nameOf,
    ticketCount: facts.ticketCount,
    canAct: facts.member && facts.incident.status === 'open',
    refreshUserIds: await deps.useCases.vpnQueries.deskRefreshIds(REFRESH_LIMIT),
    ...(facts.progress ? { progress: facts.progress } : {}),
  });
}
