/**
 * Outbox jobs of VPN reports that talk to Teams: ticket and outage cards in the service-desk
 * channel (posted once, then updated in place so every copy stays current), messages to reporters
 * (questions, resolutions), the outage fan-out and the channel reminder of untaken tickets.
 * Each handler re-reads the record (jobs carry ids only) and is safe to run twice.
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { JOB } from '../app/job-types.js';
import { localeFrom } from '../cards/i18n.js';
import type { Locale } from '../domain/model.js';
import type { Ticket } from '../domain/vpn-model.js';
import type { Logger } from '../observability/logger.js';
import type { ConversationRecord, OutboxJob, Store } from '../store/store.js';
import { NoConversationError } from './job-handlers.js';
import type { Card } from './presenter-port.js';
import type { ProactiveSender } from './proactive-sender.js';
import type { UseCases } from './use-cases.js';
import { deskIncidentCard, deskTicketCard, type VpnCardDeps } from './vpn-card-data.js';

/** Key of the stored conversation record of the service-desk channel (learnt from its activities). */
export const deskChannelKey = (conversationId: string): string => `channel:${conversationId}`;

export interface VpnJobDeps extends VpnCardDeps {
  store: Store;
  useCases: UseCases;
  sender: Pick<ProactiveSender, 'send' | 'update'>;
  logger: Logger;
  /** SERVICE_DESK_CONVERSATION_ID; without it tickets are kept for "meine Meldungen" and the ITSM only. */
  deskConversationId?: string;
  /** Language of the channel cards (DEFAULT_LOCALE). */
  deskLocale: Locale;
}

const ticketJob = z.object({ ticketId: z.string().min(1) });
const incidentJob = z.object({ incidentId: z.string().min(1) });
const notifyJob = z.object({ ticketId: z.string().min(1), event: z.enum(['question', 'resolved', 'taken', 'status-changed']) });
const incidentNotifyJob = z.object({ incidentId: z.string().min(1), reporterId: z.string().min(1) });
const remindJob = z.object({ ticketId: z.string().min(1), n: z.number().int().min(1) });

function payload<S extends z.ZodType>(schema: S, job: OutboxJob): z.output<S> {
  const parsed = schema.safeParse(job.payload);
  if (!parsed.success) throw Object.assign(new Error(`malformed ${job.type} payload`), { permanent: true });
  return parsed.data;
}

/** What the channel card shows that can change after posting (not `updatedAt`: two changes may share a millisecond). */
const shownState = (t: Ticket): string =>
  [t.status, t.assigneeId ?? '', t.conversation.length, t.incidentId ?? '', t.external?.externalNumber ?? '', t.solution?.length ?? 0].join('|');

const attachment = (card: Card) => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export function createVpnJobHandlers(deps: VpnJobDeps): Record<string, (job: OutboxJob) => Promise<unknown>> {
  const { store, sender, useCases: uc } = deps;
  const p = deps.vpnPresenter;
  const locale = deps.deskLocale;

  /**
   * The channel's conversation record: learnt from an activity in the channel, otherwise built from
   * a person's personal chat of the same tenant (same service URL and bot) with the channel's id.
   */
  const channel = async (viaUserId: string): Promise<ConversationRecord | undefined> => {
    const id = deps.deskConversationId;
    if (!id) return undefined;
    const known = await store.read((r) => r.getConversation(deskChannelKey(id)));
    if (known) return known;
    const via = await store.read((r) => r.getConversation(viaUserId));
    if (!via) throw new NoConversationError(viaUserId);
    return { ...via, userId: deskChannelKey(id), conversationId: id, teamsUserId: undefined, locale: undefined };
  };

  const personal = async (userId: string) => {
    const conv = await store.read((r) => r.getConversation(userId));
    if (!conv) throw new NoConversationError(userId);
    return conv;
  };

  const sendToPerson = async (userId: string, build: (l: Locale) => Card) => {
    const conv = await personal(userId);
    return sender.send(conv, attachment(build(localeFrom(conv.locale))));
  };

  return {
    [JOB.vpnDeskPost]: async (job) => {
      const { ticketId } = payload(ticketJob, job);
      const ticket = await uc.vpnQueries.ticket(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      if (ticket.deskCard) return { skipped: 'already-posted' };
      const conv = await channel(ticket.reporterId);
      if (!conv) return { skipped: 'no-channel' };
      const { activityId } = await sender.send(conv, attachment(await deskTicketCard(deps, locale, ticket, true)));
      await store.transact(async (tx) => {
        const current = await tx.getTicket(ticketId);
        if (!current) return;
        await tx.putTicket({ ...current, deskCard: { conversationId: conv.conversationId, activityId } });
        // Changed while the card was on its way: bring the posted card up to date.
        if (shownState(current) !== shownState(ticket)) {
          await tx.enqueue({ type: JOB.vpnDeskUpdate, payload: { ticketId }, dedupeKey: `vpn-desk-update:${ticketId}:late:${shownState(current)}` });
        }
      });
      return { activityId };
    },

    [JOB.vpnDeskUpdate]: async (job) => {
      const { ticketId } = payload(ticketJob, job);
      const ticket = await uc.vpnQueries.ticket(ticketId);
      if (!ticket?.deskCard) return { skipped: ticket ? 'not-posted' : 'no-ticket' };
      const conv = await channel(ticket.reporterId);
      if (!conv) return { skipped: 'no-channel' };
      const card = await deskTicketCard(deps, locale, ticket, true);
      await sender.update({ ...conv, conversationId: ticket.deskCard.conversationId }, ticket.deskCard.activityId, attachment(card));
      return { updated: ticket.deskCard.activityId };
    },

    [JOB.vpnIncidentPost]: async (job) => {
      const { incidentId } = payload(incidentJob, job);
      const facts = await uc.vpnQueries.deskIncident(undefined, incidentId).catch(() => undefined);
      if (!facts) return { skipped: 'no-incident' };
      if (facts.incident.deskCard) return { skipped: 'already-posted' };
      const via = facts.incident.linkedReporterIds.at(-1);
      if (!via) return { skipped: 'no-reporter' };
      const conv = await channel(via);
      if (!conv) return { skipped: 'no-channel' };
      const { activityId } = await sender.send(conv, attachment(await deskIncidentCard(deps, locale, facts)));
      await store.transact(async (tx) => {
        const current = await tx.getIncident(incidentId);
        if (!current) return;
        await tx.putIncident({ ...current, deskCard: { conversationId: conv.conversationId, activityId } });
        if (current.status !== facts.incident.status) {
          await tx.enqueue({ type: JOB.vpnIncidentUpdate, payload: { incidentId }, dedupeKey: `vpn-incident-update:${incidentId}:late` });
        }
      });
      return { activityId };
    },

    [JOB.vpnIncidentUpdate]: async (job) => {
      const { incidentId } = payload(incidentJob, job);
      const facts = await uc.vpnQueries.deskIncident(undefined, incidentId).catch(() => undefined);
      const ref = facts?.incident.deskCard;
      if (!facts || !ref) return { skipped: facts ? 'not-posted' : 'no-incident' };
      const conv = await channel(facts.incident.linkedReporterIds.at(-1) ?? '');
      if (!conv) return { skipped: 'no-channel' };
      await sender.update({ ...conv, conversationId: ref.conversationId }, ref.activityId, attachment(await deskIncidentCard(deps, locale, facts)));
      // While the resolution is being sent: the next progress update ("1.234 von 5.000 benachrichtigt").
      const progress = await uc.vpnTickets.followIncidentFanout(incidentId, job.id, facts.progress);
      return { updated: ref.activityId, ...(progress ? { notified: progress.notified, of: progress.total } : {}) };
    },

    [JOB.vpnReporterNotify]: async (job) => {
      const { ticketId, event } = payload(notifyJob, job);
      const ticket = await uc.vpnQueries.ticket(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      const question = ticket.conversation.filter((m) => m.kind === 'question').at(-1);
      const { activityId } = await sendToPerson(ticket.reporterId, (l) =>
        event === 'question' && question ? p.question(l, ticket, question.text) : p.reporterTicket(l, ticket, event === 'question' ? undefined : event),
      );
      return { activityId };
    },

    [JOB.vpnIncidentNotify]: async (job) => {
      const { incidentId, reporterId } = payload(incidentNotifyJob, job);
      const facts = await uc.vpnQueries.deskIncident(undefined, incidentId).catch(() => undefined);
      if (!facts || facts.incident.status !== 'resolved') return { skipped: 'not-resolved' };
      const { activityId } = await sendToPerson(reporterId, (l) => p.incidentResolved(l, facts.incident));
      return { activityId };
    },

    [JOB.vpnUnassignedRemind]: async (job) => {
      const { ticketId, n } = payload(remindJob, job);
      const ticket = await uc.vpnTickets.unassignedReminder({ ticketId, n });
      if (!ticket) return { skipped: 'taken' };
      const conv = await channel(ticket.reporterId);
      if (!conv) return { skipped: 'no-channel' };
      const minutes = Math.round((Date.parse(ticket.remindedAt ?? ticket.updatedAt) - Date.parse(ticket.updatedAt)) / 60_000);
      const { activityId } = await sender.send(conv, attachment(p.unassignedReminder(locale, ticket, minutes)));
      deps.logger.info('vpn_unassigned_reminded', { ticketId, n });
      return { activityId };
    },
  };
}
