/**
 * The life of a ticket after escalation. The service desk takes it, asks back (the question reaches
 * the reporter's chat, the answer comes back onto the ticket) and resolves it (the reporter is told
 * and can reopen). A resolved outage tells every linked reporter, paced to Teams' limits.
 *
 * Every action reloads the ticket and decides who may act from the stored record and the clicker's
 * id; card data carries ids only. Every change queues: an update of the channel card (every copy
 * stays current), a message to the reporter where they need to know, and the ITSM hand-over.
 */
import { DomainError } from '../domain/errors.js';
import type { Incident, Ticket } from '../domain/vpn-model.js';
import { planFanout } from '../domain/vpn-fanout.js';
import type { FanoutProgress } from '../domain/vpn-fanout-progress.js';
import { resolveIncident } from '../domain/vpn-outage.js';
import { answerQuestion, askBack, checkTicketText, reopenTicket, resolveTicket, takeTicket, type Actor, type TicketResult } from '../domain/vpn-ticket.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type AppContext } from './app-context.js';
import { JOB } from './job-types.js';
import { followFanout } from './vpn-incident-progress.js';
import { queueUnassignedReminder } from './report-vpn-problem.js';
import { refusalError, type VpnSettings } from './vpn-context.js';

type ReporterEvent = 'question' | 'resolved' | 'taken' | 'status-changed';

/** The id the ITSM tool's state changes act under. */
export const ITSM_ACTOR_ID = 'itsm';

export class VpnTicketActions {
  constructor(
    private readonly ctx: AppContext,
    private readonly vpn: VpnSettings,
  ) {}

  take(input: { userId: string; ticketId: string }): Promise<Ticket> {
    return this.deskAction(input, 'take', (t, actor, now) => takeTicket(t, actor, now), async (tx, before, after) => {
      if (before.assigneeId !== after.assigneeId) await this.notifyReporter(tx, after, 'taken');
    });
  }

  ask(input: { userId: string; ticketId: string; question: string }): Promise<Ticket> {
    return this.deskAction(input, 'ask', (t, actor, now) => askBack(t, actor, input.question, now), async (tx, _before, after) => {
      await this.notifyReporter(tx, after, 'question');
      await this.itsmNote(tx, after, `Rückfrage an die meldende Person:\n${after.conversation.at(-1)?.text ?? ''}`);
      await this.itsmState(tx, after, 'pending');
    });
  }

  resolve(input: { userId: string; ticketId: string; solution: string }): Promise<Ticket> {
    return this.deskAction(input, 'resolve', (t, actor, now) => resolveTicket(t, actor, input.solution, now), async (tx, _before, after) => {
      await this.notifyReporter(tx, after, 'resolved');
      await this.itsmNote(tx, after, `Gelöst:\n${after.solution ?? ''}`);
      await this.itsmState(tx, after, 'closed');
    });
  }

  /** The reporter answers the desk's question. */
  answer(input: { userId: string; ticketId: string; answer: string }): Promise<Ticket> {
    return this.reporterAction(input, 'answer', (t, actor, now) => answerQuestion(t, actor, input.answer, now), async (tx, after) => {
      await this.itsmNote(tx, after, `Antwort der meldenden Person:\n${after.conversation.at(-1)?.text ?? ''}`);
      await this.itsmState(tx, after, 'open');
    });
  }

  /** The reporter says the problem is back. */
  reopen(input: { userId: string; ticketId: string }): Promise<Ticket> {
    return this.reporterAction(input, 'reopen', (t, actor, now) => reopenTicket(t, actor, now), async (tx, after) => {
      await this.itsmNote(tx, after, 'Die meldende Person hat das Ticket wieder geöffnet: das Problem besteht weiter.');
      await this.itsmState(tx, after, 'open');
      if (after.assigneeId === undefined) await queueUnassignedReminder(this.ctx, tx, after, 1);
    });
  }

  /**
   * A state read from the ITSM tool: `closed` resolves the ticket (the reporter is told, can reopen);
   * a resolved ticket that is open again in the tool is reopened. Other states change nothing here.
   * Idempotent: the same state again changes nothing (nobody is told twice).
   */
  async applyExternalState(ticketId: string, state: string): Promise<void> {
    const now = nowIso(this.ctx);
    const changed = await this.ctx.store.transact(async (tx) => {
      const t = await tx.getTicket(ticketId);
      return t ? await this.externalStateIn(tx, t, state, now) : undefined;
    });
    this.afterExternalState(ticketId, state, changed);
  }

  /**
   * A state the ITSM tool pushed (inbound webhook, src/vpn/itsm-events-endpoint.ts), by the ticket's
   * readable number: the rule of `applyExternalState`, and in the same transaction the event is
   * remembered on the ticket (`external.state`, `lastEventAt`, `lastEventKey`), so a poll does not
   * report it again and a repeated delivery (same key, or same `sentAt` and state) or an older one
   * changes nothing. A state equal to the last one seen changes nothing either (the tool echoing the
   * bot's own change). With `system`, a ticket handed over to another ITSM tool counts as not found.
   */
  async applyExternalStateByNumber(
    number: string,
    state: string,
    event: { system?: 'zammad' | 'webhook'; sentAt: string; key?: string },
  ): Promise<{ found: false } | { found: true; ticketId: string; outcome: 'applied' | 'unchanged' | 'duplicate' | 'stale' }> {
    const now = nowIso(this.ctx);
    const result = await this.ctx.store.transact(async (tx) => {
      const t = await tx.getTicketByNumber(number);
      if (!t || (event.system !== undefined && t.external !== undefined && t.external.system !== event.system)) return undefined;
      const last = t.external;
      if (last?.lastEventAt !== undefined) {
        const repeated = (event.key !== undefined && event.key === last.lastEventKey) || (event.sentAt === last.lastEventAt && state === last.state);
        if (repeated) return { ticketId: t.id, outcome: 'duplicate' as const };
        if (Date.parse(event.sentAt) < Date.parse(last.lastEventAt)) return { ticketId: t.id, outcome: 'stale' as const };
      }
      const next = last?.state === state ? undefined : await this.externalStateIn(tx, t, state, now);
      const base = next ?? t;
      // A ticket whose hand-over has not finished has no `external` yet (and must not get one here:
      // the create job would think it done); a repeat is then harmless, the same state changes nothing.
      if (base.external) {
        await tx.putTicket({
          ...base,
          external: { ...base.external, state, lastEventAt: event.sentAt, ...(event.key !== undefined ? { lastEventKey: event.key } : {}) },
        });
      }
      return { ticketId: t.id, outcome: next ? ('applied' as const) : ('unchanged' as const), changed: next };
    });
    if (!result) return { found: false };
    this.afterExternalState(result.ticketId, state, 'changed' in result ? result.changed : undefined);
    return { found: true, ticketId: result.ticketId, outcome: result.outcome };
  }

  /** The desk resolves an outage: its tickets are resolved and every linked reporter is told once. */
  async resolveIncident(input: { userId: string; incidentId: string; solution: string }): Promise<Incident> {
    const { ctx } = this;
    const actor = await this.actor(input.userId);
    if (!actor.deskMember) throw refusalError('NOT_DESK_MEMBER');
    const now = nowIso(ctx);
    const saved = await ctx.store.transact(async (tx) => {
      const incident = await tx.getIncident(input.incidentId);
      if (!incident) throw new DomainError('INCIDENT_NOT_FOUND', 'no such incident');
      if (incident.status === 'resolved') return incident; // a second click: nobody is told twice
      const solution = checkedText(input.solution);
      const { state, notify } = resolveIncident({ recent: [], incidents: [incident] }, incident.id, now);
      const resolved: Incident = { ...state.incidents[0]!, solution, resolvedBy: actor.id, notifyTotal: notify.length };
      await tx.putIncident(resolved);
      await tx.enqueue({ type: JOB.vpnIncidentUpdate, payload: { incidentId: incident.id }, dedupeKey: `vpn-incident-update:${incident.id}:${ctx.ids.newId()}` });

      for (const t of await tx.listTicketsOfIncident(incident.id)) {
        if (t.status === 'resolved') continue;
        const r = resolveTicket(t, actor, solution, now);
        if (!r.ok) continue;
        await tx.putTicket(r.ticket);
        await this.deskCardUpdate(tx, r.ticket);
        await this.itsmNote(tx, r.ticket, `Störung behoben:\n${solution}`);
        await this.itsmState(tx, r.ticket, 'closed');
      }

      // One message per linked reporter, each in their own chat; due times keep the app's pace.
      const plan = planFanout(
        notify.map((reporterId) => ({ id: reporterId, conversationId: reporterId })),
        Date.parse(now),
      );
      for (const p of plan) {
        await tx.enqueue({
          type: JOB.vpnIncidentNotify,
          payload: { incidentId: incident.id, reporterId: p.id },
          dueAt: new Date(p.dueMs).toISOString(),
          dedupeKey: `vpn-incident-notify:${incident.id}:${p.id}`,
        });
      }
      return resolved;
    });
    ctx.logger.info('vpn_incident_resolved', { incidentId: saved.id, notified: saved.linkedReporterIds.length });
    ctx.onJobsQueued?.();
    return saved;
  }

  /**
   * After the incident card was updated: queue the next progress update while the resolution is
   * still being sent, or keep the outcome on the incident once it is done (see vpn-incident-progress).
   */
  async followIncidentFanout(
    incidentId: string,
    currentJobId?: string,
    shown?: Pick<FanoutProgress, 'notified' | 'unreachable'>,
  ): Promise<FanoutProgress | undefined> {
    const { ctx } = this;
    const nowMs = ctx.clock.now().getTime();
    const progress = await ctx.store.transact((tx) =>
      followFanout(tx, incidentId, {
        nowMs,
        newId: () => ctx.ids.newId(),
        ...(currentJobId !== undefined ? { currentJobId } : {}),
        ...(shown !== undefined ? { shown } : {}),
      }),
    );
    if (progress) ctx.onJobsQueued?.();
    return progress;
  }

  /**
   * The n-th reminder that nobody has taken the ticket: the ticket when the channel should be
   * reminded (the next reminder is queued), undefined when it was taken or resolved meanwhile.
   */
  async unassignedReminder(input: { ticketId: string; n: number }): Promise<Ticket | undefined> {
    const { ctx } = this;
    const now = nowIso(ctx);
    return ctx.store.transact(async (tx) => {
      const t = await tx.getTicket(input.ticketId);
      if (!t || t.assigneeId !== undefined || (t.status !== 'open' && t.status !== 'reopened')) return undefined;
      const next = { ...t, remindedAt: now };
      await tx.putTicket(next);
      await queueUnassignedReminder(ctx, tx, t, input.n + 1);
      return next;
    });
  }

  // ------------------------------------------------------------------ helpers

  /** The rule of an external state inside a transaction: the changed ticket (stored, jobs queued) or undefined. */
  private async externalStateIn(tx: StoreTx, t: Ticket, state: string, now: string): Promise<Ticket | undefined> {
    let next: Ticket | undefined;
    if (state === 'closed' && t.status !== 'resolved') {
      const r = resolveTicket(t, { id: ITSM_ACTOR_ID, deskMember: true }, 'Im Ticketsystem des Service Desks geschlossen.', now);
      if (r.ok) next = { ...r.ticket, assigneeId: t.assigneeId ?? ITSM_ACTOR_ID };
      if (next) await this.notifyReporter(tx, next, 'resolved');
    } else if (state === 'open' && t.status === 'resolved') {
      next = { ...t, status: 'reopened', updatedAt: now };
      await this.notifyReporter(tx, next, 'status-changed');
    }
    if (!next) return undefined;
    await tx.putTicket(next);
    await this.deskCardUpdate(tx, next);
    return next;
  }

  private afterExternalState(ticketId: string, state: string, changed: Ticket | undefined): void {
    if (!changed) return;
    this.ctx.logger.info('vpn_ticket_external_state', { ticketId, state, status: changed.status });
    this.ctx.onJobsQueued?.();
  }


  private async actor(userId: string): Promise<Actor> {
    return { id: userId, deskMember: await this.vpn.serviceDesk.isMember(userId) };
  }

  private async deskAction(
    input: { userId: string; ticketId: string },
    action: string,
    transition: (t: Ticket, actor: Actor, now: string) => TicketResult,
    effects: (tx: StoreTx, before: Ticket, after: Ticket) => Promise<void>,
  ): Promise<Ticket> {
    const { ctx } = this;
    const actor = await this.actor(input.userId);
    if (!actor.deskMember) {
      ctx.logger.warn('vpn_desk_action_refused', { action, userId: input.userId, ticketId: input.ticketId, code: 'NOT_DESK_MEMBER' });
      throw refusalError('NOT_DESK_MEMBER');
    }
    const now = nowIso(ctx);
    const saved = await ctx.store.transact(async (tx) => {
      const before = await tx.getTicket(input.ticketId);
      if (!before) throw new DomainError('TICKET_NOT_FOUND', 'no such ticket');
      const r = transition(before, actor, now);
      if (!r.ok) throw refusalError(r.code);
      if (r.ticket === before) return before; // nothing changed (e.g. taking one's own ticket again)
      await tx.putTicket(r.ticket);
      await this.deskCardUpdate(tx, r.ticket);
      await effects(tx, before, r.ticket);
      return r.ticket;
    });
    ctx.logger.info('vpn_ticket_changed', { action, ticketId: saved.id, status: saved.status, userId: input.userId });
    ctx.onJobsQueued?.();
    return saved;
  }

  private async reporterAction(
    input: { userId: string; ticketId: string },
    action: string,
    transition: (t: Ticket, actor: Actor, now: string) => TicketResult,
    effects: (tx: StoreTx, after: Ticket) => Promise<void>,
  ): Promise<Ticket> {
    const { ctx } = this;
    const now = nowIso(ctx);
    const saved = await ctx.store.transact(async (tx) => {
      const before = await tx.getTicket(input.ticketId);
      // Someone else's ticket is answered like a missing one.
      if (!before || before.reporterId !== input.userId) throw new DomainError('TICKET_NOT_FOUND', 'no such ticket of this person');
      const r = transition(before, { id: input.userId, deskMember: false }, now);
      if (!r.ok) throw refusalError(r.code);
      await tx.putTicket(r.ticket);
      await this.deskCardUpdate(tx, r.ticket);
      await effects(tx, r.ticket);
      return r.ticket;
    });
    ctx.logger.info('vpn_ticket_changed', { action, ticketId: saved.id, status: saved.status });
    ctx.onJobsQueued?.();
    return saved;
  }

  // Jobs queued by a change carry a fresh dedupe key: the transaction that queues them runs once,
  // and two changes in the same millisecond must not swallow each other's update.
  private async deskCardUpdate(tx: StoreTx, t: Ticket): Promise<void> {
    await tx.enqueue({ type: JOB.vpnDeskUpdate, payload: { ticketId: t.id }, dedupeKey: `vpn-desk-update:${t.id}:${this.ctx.ids.newId()}` });
  }

  private async notifyReporter(tx: StoreTx, t: Ticket, event: ReporterEvent): Promise<void> {
    await tx.enqueue({ type: JOB.vpnReporterNotify, payload: { ticketId: t.id, event }, dedupeKey: `vpn-notify:${t.id}:${event}:${this.ctx.ids.newId()}` });
  }

  private async itsmNote(tx: StoreTx, t: Ticket, text: string): Promise<void> {
    if (!this.vpn.itsm) return;
    await tx.enqueue({ type: JOB.vpnItsmNote, payload: { ticketId: t.id, text }, dedupeKey: `vpn-itsm-note:${t.id}:${this.ctx.ids.newId()}` });
  }

  private async itsmState(tx: StoreTx, t: Ticket, state: 'open' | 'pending' | 'closed'): Promise<void> {
    if (!this.vpn.itsm) return;
    await tx.enqueue({ type: JOB.vpnItsmState, payload: { ticketId: t.id, state }, dedupeKey: `vpn-itsm-state:${t.id}:${this.ctx.ids.newId()}` });
  }
}

function checkedText(text: string): string {
  const checked = checkTicketText(text);
  if (!checked.ok) throw refusalError(checked.code);
  return checked.text;
}
