/**
 * How a record looks once it no longer describes a person: what the aggregated reports need
 * (org unit, dates, portions, statuses, desk, VPN client and symptom, priorities, timestamps of
 * the process) and nothing else: no person id, no names, no free text, no Teams/Outlook/ITSM
 * references, no check-in time. Pure.
 *
 * An anonymised record carries `ANONYMOUS` where the person id was (so the retention job can tell
 * it apart and delete it when the `statistics` period ends). Linked reporters of an outage become
 * `ANONYMOUS#1…n` so that the number of reporters (a report column) stays right.
 */
import type { DeskBooking } from '../domain/desk-model.js';
import type { MobileWorkRequest } from '../domain/model.js';
import type { Incident, Ticket, VpnReport } from '../domain/vpn-model.js';

export const ANONYMOUS = 'anonymisiert';

export function isAnonymousId(id: string | undefined): boolean {
  return id === ANONYMOUS || (id !== undefined && id.startsWith(`${ANONYMOUS}#`));
}

export function anonymiseRequest(r: MobileWorkRequest): MobileWorkRequest {
  return {
    id: r.id,
    number: '',
    personId: ANONYMOUS,
    orgUnitId: r.orgUnitId,
    track: r.track,
    approvalMode: r.approvalMode,
    status: r.status,
    days: r.days.map((d) => ({ date: d.date, portion: d.portion, ...(d.half ? { half: d.half } : {}), status: d.status })),
    policyVersion: r.policyVersion,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    ...(r.decision ? { decision: { by: ANONYMOUS, at: r.decision.at, outcome: r.decision.outcome } } : {}),
    cards: [],
    version: r.version + 1,
  };
}

export function anonymiseBooking(b: DeskBooking): DeskBooking {
  return {
    id: b.id,
    deskId: b.deskId,
    personId: ANONYMOUS,
    date: b.date,
    slot: b.slot,
    status: b.status,
    ...(b.releaseReason ? { releaseReason: b.releaseReason } : {}),
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    version: b.version + 1,
  };
}

/** The booking without the moment of check-in (the status "checked-in" stays for the reports). */
export function withoutCheckInTime(b: DeskBooking): DeskBooking {
  const copy: DeskBooking = { ...b, version: b.version + 1 };
  delete copy.checkedInAt;
  return copy;
}

/** The diagnostics without anything typed or identifying a device or a phone. */
function reportWithoutText(r: VpnReport): VpnReport {
  return {
    client: r.client,
    symptom: r.symptom,
    ...(r.progressPercent !== undefined ? { progressPercent: r.progressPercent } : {}),
    since: r.since,
    connection: r.connection,
    internetWithoutVpn: r.internetWithoutVpn,
    affected: r.affected,
  };
}

/** Free text and device data of a ticket removed; the reporter stays (they still see their ticket). */
export function withoutTicketTexts(t: Ticket): Ticket {
  return {
    ...t,
    report: reportWithoutText(t.report),
    conversation: [],
    ...(t.solution !== undefined ? { solution: '' } : {}),
  };
}

export function hasTicketTexts(t: Ticket): boolean {
  const r = t.report;
  return (
    t.conversation.length > 0 ||
    (t.solution !== undefined && t.solution !== '') ||
    [r.errorText, r.deviceInventoryNumber, r.clientVersion, r.triedAlready, r.callbackNumber].some((v) => v !== undefined)
  );
}

export function anonymiseTicket(t: Ticket): Ticket {
  return {
    id: t.id,
    number: `${ANONYMOUS}-${t.id}`,
    reporterId: ANONYMOUS,
    report: reportWithoutText(t.report),
    status: t.status,
    priority: t.priority,
    conversation: [],
    ...(t.solution !== undefined ? { solution: '' } : {}),
    ...(t.incidentId !== undefined ? { incidentId: t.incidentId } : {}),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function isAnonymousIncident(i: Incident): boolean {
  return i.linkedReporterIds.every(isAnonymousId) && i.resolvedBy === undefined && i.deskCard === undefined;
}

export function anonymiseIncident(i: Incident): Incident {
  const copy: Incident = { ...i, linkedReporterIds: i.linkedReporterIds.map((_, n) => `${ANONYMOUS}#${n + 1}`) };
  delete copy.resolvedBy;
  delete copy.deskCard;
  return copy;
}

/** One reporter of an outage replaced by a placeholder (the count of reporters stays). */
export function withoutReporter(i: Incident, personId: string): Incident {
  let n = i.linkedReporterIds.filter(isAnonymousId).length;
  return {
    ...i,
    linkedReporterIds: i.linkedReporterIds.map((id) => (id === personId ? `${ANONYMOUS}#${++n}` : id)),
  };
}
