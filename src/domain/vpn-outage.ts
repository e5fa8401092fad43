/**
 * Outage detection: N reports of the same client and symptom within M minutes (policy values)
 * make a possible outage (a major incident). Pure: the current instant is passed in.
 *
 * `detectOutage` answers "which (client, symptom) pairs are over the threshold right now".
 * `routeReport` is the decision for one new report, on a small state of recent reports and
 * incidents:
 *   - an open incident exists for its pair → `linked` (no ticket; the reporter is told it is known);
 *   - this report brings its pair to the threshold → `incident-opened` (the reporter and the
 *     earlier reporters of the window are linked; the desk gets one card);
 *   - otherwise → `ticket` (an ordinary escalation).
 * Reports that opened an incident are taken out of the count, so after the incident is resolved
 * counting starts afresh. There is never more than one open incident per pair.
 */
import type { Incident, VpnClient, VpnSymptom } from './vpn-model.js';

export interface OutageRule {
  /** N: reports of one pair that make an outage. */
  reports: number;
  /** M: the sliding window in minutes. */
  minutes: number;
}

export interface RecentReport {
  /** ISO 8601 instant. */
  at: string;
  client: VpnClient;
  symptom: VpnSymptom;
  reporterId?: string;
}

export interface OutagePair {
  client: VpnClient;
  symptom: VpnSymptom;
  /** Reports of the pair in the window. */
  count: number;
  firstAt: string;
  lastAt: string;
}

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new RangeError(`not an ISO instant: ${iso}`);
  return t;
};

const pairKey = (r: { client: string; symptom: string }): string => `${r.client}\u0000${r.symptom}`;

/** Reports with `now - M min < at <= now`. */
function inWindow<T extends RecentReport>(reports: readonly T[], now: string, rule: OutageRule): T[] {
  const end = ms(now);
  const start = end - rule.minutes * 60_000;
  return reports.filter((r) => {
    const t = ms(r.at);
    return t > start && t <= end;
  });
}

/**
 * The pairs with at least `rule.reports` reports in the window `(now - M min, now]`, ordered by
 * client, then symptom. Reports after `now` are not counted.
 */
export function detectOutage(recentReports: readonly RecentReport[], now: string, rule: OutageRule): OutagePair[] {
  if (!(rule.reports >= 1) || !(rule.minutes > 0)) throw new RangeError('an outage rule needs reports >= 1 and minutes > 0');
  const groups = new Map<string, RecentReport[]>();
  for (const r of inWindow(recentReports, now, rule)) {
    const key = pairKey(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: OutagePair[] = [];
  for (const list of groups.values()) {
    if (list.length < rule.reports) continue;
    const times = list.map((r) => r.at).sort((a, b) => ms(a) - ms(b));
    const first = list[0]!;
    out.push({ client: first.client, symptom: first.symptom, count: list.length, firstAt: times[0]!, lastAt: times[times.length - 1]! });
  }
  return out.sort((a, b) => (a.client < b.client ? -1 : a.client > b.client ? 1 : a.symptom < b.symptom ? -1 : a.symptom > b.symptom ? 1 : 0));
}

export interface OutageState {
  /** Reports that became tickets and still count towards an outage (pruned to the window). */
  recent: RecentReport[];
  incidents: Incident[];
}

export const EMPTY_OUTAGE_STATE: OutageState = { recent: [], incidents: [] };

export type RouteDecision =
  | { kind: 'linked'; incidentId: string }
  | {
      kind: 'incident-opened';
      incident: Incident;
      /** Earlier reporters of the window (they have tickets already) now linked to the incident. */
      earlierReporterIds: string[];
    }
  | { kind: 'ticket' };

export interface NewReport {
  /** ISO 8601 instant: when the report arrived (the "now" of this decision). */
  at: string;
  client: VpnClient;
  symptom: VpnSymptom;
  reporterId: string;
}

export function openIncidentFor(state: OutageState, pair: { client: VpnClient; symptom: VpnSymptom }): Incident | undefined {
  return state.incidents.find((i) => i.status === 'open' && i.client === pair.client && i.symptom === pair.symptom);
}

/**
 * Decides what one new report becomes; returns the new state (the old one is not changed).
 * `newIncidentId` is used only when an incident is opened.
 */
export function routeReport(
  state: OutageState,
  report: NewReport,
  rule: OutageRule,
  newIncidentId: string,
): { state: OutageState; decision: RouteDecision } {
  const open = openIncidentFor(state, report);
  if (open) {
    const linked = open.linkedReporterIds.includes(report.reporterId) ? open : { ...open, linkedReporterIds: [...open.linkedReporterIds, report.reporterId] };
    return {
      state: { ...state, incidents: state.incidents.map((i) => (i.id === open.id ? linked : i)) },
      decision: { kind: 'linked', incidentId: open.id },
    };
  }
  if (state.incidents.some((i) => i.id === newIncidentId)) throw new RangeError(`incident id ${newIncidentId} is taken`);

  const recent = [...inWindow(state.recent, report.at, rule), { at: report.at, client: report.client, symptom: report.symptom, reporterId: report.reporterId }];
  const over = detectOutage(recent, report.at, rule).some((p) => p.client === report.client && p.symptom === report.symptom);
  if (!over) return { state: { ...state, recent }, decision: { kind: 'ticket' } };

  const key = pairKey(report);
  const ofPair = recent.filter((r) => pairKey(r) === key);
  const earlierReporterIds = [...new Set(ofPair.slice(0, -1).map((r) => r.reporterId).filter((id): id is string => id !== undefined && id !== report.reporterId))];
  const incident: Incident = {
    id: newIncidentId,
    client: report.client,
    symptom: report.symptom,
    status: 'open',
    openedAt: report.at,
    linkedReporterIds: [...earlierReporterIds, report.reporterId],
  };
  return {
    state: { recent: recent.filter((r) => pairKey(r) !== key), incidents: [...state.incidents, incident] },
    decision: { kind: 'incident-opened', incident, earlierReporterIds },
  };
}

/**
 * Resolves an open incident; `notify` lists every linked reporter once (to be told through the
 * fan-out). Resolving an unknown or already resolved incident changes nothing and notifies no one.
 */
export function resolveIncident(state: OutageState, incidentId: string, now: string): { state: OutageState; notify: string[] } {
  const incident = state.incidents.find((i) => i.id === incidentId);
  if (!incident || incident.status !== 'open') return { state, notify: [] };
  const resolved: Incident = { ...incident, status: 'resolved', resolvedAt: now };
  return {
    state: { ...state, incidents: state.incidents.map((i) => (i.id === incidentId ? resolved : i)) },
    notify: [...new Set(incident.linkedReporterIds)],
  };
}
