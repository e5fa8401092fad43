/**
 * A person reports a VPN problem:
 *   1. the guided form is checked (every problem listed, the form comes back filled in);
 *   2. known problems matching the report are shown first (self-help), counted as "shown";
 *   3. "Das hat geholfen" ends it there (counted as "helped");
 *   4. "Weiter zum Service Desk" (or no known problem) escalates: outage detection decides
 *      whether the report joins a known outage, opens one, or becomes a ticket for the desk.
 * Double clicks and replays are harmless: a draft is escalated once and answers with what it became.
 */
import { DomainError } from '../domain/errors.js';
import { countHelpfulness, matchKnowledgeBase, type KnowledgeBaseEntry } from '../domain/vpn-knowledge-base.js';
import { formatTicketNumber, type Incident, type Ticket, type VpnDraft } from '../domain/vpn-model.js';
import { routeReport } from '../domain/vpn-outage.js';
import { validateVpnReport, type VpnProblem } from '../domain/vpn-report-validation.js';
import { createTicket } from '../domain/vpn-ticket.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { JOB } from './job-types.js';
import type { VpnSettings } from './vpn-context.js';

export type SubmitResult =
  | { kind: 'invalid'; problems: VpnProblem[]; values: Record<string, string> }
  | { kind: 'self-help'; draft: VpnDraft; entries: KnowledgeBaseEntry[] }
  | EscalationResult;

export type EscalationResult =
  | { kind: 'ticket'; ticket: Ticket }
  /** Joined a known outage; `opened` when this report made it one. */
  | { kind: 'linked'; incident: Incident; opened: boolean };

const FORM_FIELDS = [
  'client', 'symptom', 'errorText', 'progressPercent', 'since', 'connection', 'internetWithoutVpn',
  'deviceInventoryNumber', 'clientVersion', 'triedAlready', 'affected', 'callbackNumber',
] as const;

/** What to put back into the form after a refused submit: strings only, each cut to a sane length. */
function formValues(data: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FORM_FIELDS) {
    const v = data[f];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[f] = String(v).slice(0, 2000);
  }
  return out;
}

export class ReportVpnProblem {
  constructor(
    private readonly ctx: AppContext,
    private readonly vpn: VpnSettings,
  ) {}

  async submit(input: { userId: string; data: Readonly<Record<string, unknown>> }): Promise<SubmitResult> {
    const { ctx } = this;
    const now = nowIso(ctx);
    const checked = validateVpnReport(input.data, { now, clients: ctx.policy.vpn.clients });
    if (!checked.ok) {
      ctx.logger.info('vpn_report_refused', { userId: input.userId, problems: checked.problems.map((p) => `${p.field}:${p.code}`).join(',') });
      return { kind: 'invalid', problems: checked.problems, values: formValues(input.data) };
    }
    const entries = matchKnowledgeBase(this.vpn.knowledgeBase, checked.report);
    const draft: VpnDraft = {
      id: ctx.ids.newId(),
      reporterId: input.userId,
      report: checked.report,
      shownEntryIds: entries.map((e) => e.id),
      status: 'self-help',
      createdAt: now,
      updatedAt: now,
    };
    if (entries.length > 0) {
      await ctx.store.transact(async (tx) => {
        await tx.putVpnDraft(draft);
        await tx.putHelpfulness(countHelpfulness(await tx.getHelpfulness(), { type: 'shown', entryIds: draft.shownEntryIds }));
      });
      ctx.logger.info('vpn_self_help_shown', { draftId: draft.id, entries: draft.shownEntryIds.join(',') });
      return { kind: 'self-help', draft, entries };
    }
    const result = await ctx.store.transact(async (tx) => {
      await tx.putVpnDraft(draft);
      return this.escalateInTx(tx, draft, now);
    });
    this.afterEscalation(draft.id, result);
    return result;
  }

  /** "Das hat geholfen": counted once per draft; the draft is done. */
  async helped(input: { userId: string; draftId: string; entryId: string }): Promise<VpnDraft> {
    const { ctx } = this;
    const saved = await ctx.store.transact(async (tx) => {
      const draft = await ownDraft(tx, input.userId, input.draftId);
      if (!draft.shownEntryIds.includes(input.entryId)) throw new DomainError('VPN_REPORT_NOT_FOUND', 'entry was not shown for this report');
      if (draft.status !== 'self-help') return draft;
      const next: VpnDraft = { ...draft, status: 'helped', updatedAt: nowIso(ctx) };
      await tx.putVpnDraft(next);
      await tx.putHelpfulness(countHelpfulness(await tx.getHelpfulness(), { type: 'helped', entryId: input.entryId }));
      return next;
    });
    ctx.logger.info('vpn_self_help_helped', { draftId: saved.id, entryId: input.entryId });
    return saved;
  }

  /** "Weiter zum Service Desk". A draft already escalated answers with what it became. */
  async escalate(input: { userId: string; draftId: string }): Promise<EscalationResult> {
    const { ctx } = this;
    const now = nowIso(ctx);
    const result = await ctx.store.transact(async (tx) => {
      const draft = await ownDraft(tx, input.userId, input.draftId);
      if (draft.status === 'escalated') return earlierResult(tx, draft);
      if (draft.shownEntryIds.length > 0) {
        await tx.putHelpfulness(countHelpfulness(await tx.getHelpfulness(), { type: 'escalated', entryIds: draft.shownEntryIds }));
      }
      return this.escalateInTx(tx, draft, now);
    });
    this.afterEscalation(input.draftId, result);
    return result;
  }

  private afterEscalation(draftId: string, result: EscalationResult): void {
    const { ctx } = this;
    if (result.kind === 'ticket') ctx.logger.info('vpn_ticket_opened', { draftId, ticketId: result.ticket.id, priority: result.ticket.priority });
    else ctx.logger.info(result.opened ? 'vpn_incident_opened' : 'vpn_report_linked', { draftId, incidentId: result.incident.id });
    ctx.onJobsQueued?.();
  }

  private async escalateInTx(tx: StoreTx, draft: VpnDraft, now: string): Promise<EscalationResult> {
    const { ctx } = this;
    const { report } = draft;
    const routed = routeReport(
      { recent: await tx.getVpnRecentReports(), incidents: await tx.listOpenIncidents() },
      { at: now, client: report.client, symptom: report.symptom, reporterId: draft.reporterId },
      ctx.policy.vpn.outage,
      ctx.ids.newId(),
    );
    await tx.putVpnRecentReports(routed.state.recent);
    const decision = routed.decision;

    if (decision.kind === 'ticket') {
      const year = Number(today(ctx).slice(0, 4));
      const number = formatTicketNumber(year, await tx.nextSequence(`vpn-${year}`));
      const ticket: Ticket = {
        ...createTicket(report, { id: ctx.ids.newId(), number, reporterId: draft.reporterId, now }),
        ...(draft.shownEntryIds.length > 0 ? { shownEntryIds: draft.shownEntryIds } : {}),
      };
      await tx.putTicket(ticket);
      await tx.putVpnDraft({ ...draft, status: 'escalated', ticketId: ticket.id, updatedAt: now });
      await tx.enqueue({ type: JOB.vpnDeskPost, payload: { ticketId: ticket.id }, dedupeKey: `vpn-desk-post:${ticket.id}` });
      if (this.vpn.itsm) await tx.enqueue({ type: JOB.vpnItsmCreate, payload: { ticketId: ticket.id }, dedupeKey: `vpn-itsm-create:${ticket.id}` });
      await queueUnassignedReminder(ctx, tx, ticket, 1);
      return { kind: 'ticket', ticket };
    }

    const incident = routed.state.incidents.find((i) => i.id === (decision.kind === 'linked' ? decision.incidentId : decision.incident.id));
    if (!incident) throw new Error('outage routing lost its incident');
    await tx.putIncident(incident);
    await tx.putVpnDraft({ ...draft, status: 'escalated', incidentId: incident.id, updatedAt: now });
    if (decision.kind === 'linked') {
      // The outage card's count of affected people: brought up to date at most once a minute.
      const minuteEnd = Math.floor(Date.parse(now) / 60_000 + 1) * 60_000;
      await tx.enqueue({
        type: JOB.vpnIncidentUpdate,
        payload: { incidentId: incident.id },
        dueAt: new Date(minuteEnd).toISOString(),
        dedupeKey: `vpn-incident-update:${incident.id}:count:${minuteEnd}`,
      });
      return { kind: 'linked', incident, opened: false };
    }

    // A new outage: the desk gets one card; the tickets the earlier reporters of the window
    // already have are linked to it (their channel cards say so).
    await tx.enqueue({ type: JOB.vpnIncidentPost, payload: { incidentId: incident.id }, dedupeKey: `vpn-incident-post:${incident.id}` });
    const windowStart = Date.parse(now) - ctx.policy.vpn.outage.minutes * 60_000;
    for (const reporterId of decision.earlierReporterIds) {
      for (const t of await tx.listTicketsOfReporter(reporterId)) {
        const sameProblem = t.report.client === incident.client && t.report.symptom === incident.symptom;
        if (!sameProblem || t.status === 'resolved' || t.incidentId !== undefined || Date.parse(t.createdAt) <= windowStart) continue;
        await tx.putTicket({ ...t, incidentId: incident.id, updatedAt: now });
        await tx.enqueue({ type: JOB.vpnDeskUpdate, payload: { ticketId: t.id }, dedupeKey: `vpn-desk-update:${t.id}:${ctx.ids.newId()}` });
      }
    }
    return { kind: 'linked', incident, opened: true };
  }
}

async function ownDraft(tx: StoreTx, userId: string, draftId: string): Promise<VpnDraft> {
  const draft = await tx.getVpnDraft(draftId);
  // Someone else's draft is answered like a missing one.
  if (!draft || draft.reporterId !== userId) throw new DomainError('VPN_REPORT_NOT_FOUND', 'no such report draft');
  return draft;
}

async function earlierResult(tx: StoreTx, draft: VpnDraft): Promise<EscalationResult> {
  const ticket = draft.ticketId ? await tx.getTicket(draft.ticketId) : undefined;
  if (ticket) return { kind: 'ticket', ticket };
  const incident = draft.incidentId ? await tx.getIncident(draft.incidentId) : undefined;
  if (incident) return { kind: 'linked', incident, opened: false };
  throw new DomainError('VPN_REPORT_NOT_FOUND', 'escalated draft without result');
}

/** The n-th reminder of the channel that nobody has taken the ticket (at most three). */
export async function queueUnassignedReminder(ctx: AppContext, tx: StoreTx, ticket: Ticket, n: number): Promise<void> {
  if (n > 3) return;
  const minutes = ctx.policy.vpn.unassignedReminderMinutes;
  await tx.enqueue({
    type: JOB.vpnUnassignedRemind,
    payload: { ticketId: ticket.id, n },
    dueAt: new Date(Date.parse(ticket.updatedAt) + n * minutes * 60_000).toISOString(),
    dedupeKey: `vpn-remind:${ticket.id}:${ticket.updatedAt}:${n}`,
  });
}
