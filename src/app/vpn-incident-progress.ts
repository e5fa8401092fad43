/**
 * The progress of a resolved outage's fan-out, for the desk's incident card
 * ("1.234 von 5.000 benachrichtigt"): read from the outbox jobs that tell each linked reporter
 * (`vpn.incident-notify`, one per person), and kept on the incident once nothing is pending
 * (`notifyResult`), so the card stays right after the done jobs are pruned.
 *
 * While messages are pending, every update of the incident card queues the next one, due with the
 * `PROGRESS_EVERY_SENDS`-th pending message (about 5 s of sends at 30/s; with a backlog of overdue
 * messages it still runs after that many of them, since the outbox takes due jobs in due order),
 * and only when no other progress update is pending, so the card counts up without one card
 * update per message and without parallel chains.
 */
import { fanoutComplete, fanoutProgress, type FanoutProgress, type MessageOutcome } from '../domain/vpn-fanout-progress.js';
import type { Incident } from '../domain/vpn-model.js';
import type { StoreReader, StoreTx } from '../store/store.js';
import { JOB } from './job-types.js';

export const PROGRESS_EVERY_SENDS = 150;

/** The fan-out progress of a resolved incident (undefined for one resolved before progress was kept). */
export async function readFanoutProgress(reader: Pick<StoreReader, 'listJobs'>, incident: Incident): Promise<FanoutProgress | undefined> {
  if (incident.status !== 'resolved' || incident.notifyTotal === undefined) return undefined;
  if (incident.notifyResult) {
    const { notified, unreachable } = incident.notifyResult;
    return { total: incident.notifyTotal, notified, unreachable, pending: 0 };
  }
  return fanoutProgress(incident.notifyTotal, (await notifyJobsOf(reader, incident.id)).map((j) => j.status as MessageOutcome));
}

/**
 * After an update of the incident card (by the job `currentJobId`): while messages are pending,
 * queue the next update; once none is, keep the result on the incident. Returns the progress
 * (undefined when none is kept).
 */
export async function followFanout(
  tx: StoreTx,
  incidentId: string,
  opts: { nowMs: number; currentJobId?: string; newId: () => string; shown?: Pick<FanoutProgress, 'notified' | 'unreachable'> },
): Promise<FanoutProgress | undefined> {
  const incident = await tx.getIncident(incidentId);
  if (!incident || incident.notifyResult) return undefined;
  const progress = await readFanoutProgress(tx, incident);
  if (!progress) return undefined;
  const prefix = `vpn-incident-update:${incidentId}:progress:`;
  if (fanoutComplete(progress)) {
    await tx.putIncident({ ...incident, notifyResult: { notified: progress.notified, unreachable: progress.unreachable } });
    // The card was drawn while the last messages were still on their way (they run side by side):
    // one more update shows the final count.
    if (opts.shown && (opts.shown.notified !== progress.notified || opts.shown.unreachable !== progress.unreachable)) {
      await tx.enqueue({ type: JOB.vpnIncidentUpdate, payload: { incidentId }, dedupeKey: `${prefix}final` });
    }
    return progress;
  }
  const chained = (await tx.listJobs({ type: JOB.vpnIncidentUpdate, status: 'pending' }))
    .some((j) => j.id !== opts.currentJobId && j.dedupeKey?.startsWith(prefix) === true);
  if (chained) return progress;
  // The pending messages not in flight, in the order the outbox takes them.
  const waiting = (await notifyJobsOf(tx, incidentId))
    .filter((j) => j.status === 'pending' && (j.lockedUntil === undefined || Date.parse(j.lockedUntil) <= opts.nowMs))
    .map((j) => Date.parse(j.dueAt))
    .sort((a, b) => a - b);
  const at = waiting[Math.min(PROGRESS_EVERY_SENDS, waiting.length) - 1] ?? opts.nowMs + 60_000;
  await tx.enqueue({
    type: JOB.vpnIncidentUpdate,
    payload: { incidentId },
    dueAt: new Date(at).toISOString(),
    dedupeKey: `${prefix}${opts.newId()}`,
  });
  return progress;
}

async function notifyJobsOf(reader: Pick<StoreReader, 'listJobs'>, incidentId: string) {
  return (await reader.listJobs({ type: JOB.vpnIncidentNotify })).filter((j) => {
    const p = j.payload;
    return typeof p === 'object' && p !== null && (p as { incidentId?: unknown }).incidentId === incidentId;
  });
}
