/**
 * The outbox lanes of the product: which job types run side by side, how many at a time, how fast.
 *
 * | lane           | job types                                               | at a time | rate            |
 * |----------------|---------------------------------------------------------|-----------|-----------------|
 * | `graph-writes` | calendar events (upsert/remove day and booking), status | 8         | per mailbox (*) |
 * |                | message, one person's reconciliation                    |           |                 |
 * | `graph-reads`  | change notifications, delta polls, subscription renewal | 4         | per mailbox (*) |
 * | `itsm`         | ticket hand-over, notes, state, polls                   | 2         | –               |
 * | `teams`        | everything else: proactive messages and card updates,   | 8         | 30 starts / s   |
 * |                | store-only jobs (no-show release, the nightly fan-out)  |           |                 |
 *
 * (*) Outlook's limits per mailbox (4 concurrent requests, 10,000 requests per 10 minutes) are kept by
 * the Graph client for every request (src/graph/mailbox-limiter.ts), whichever lane sends it.
 *
 * The Teams lane is the "every other type" lane, so a job type added later (another proactive
 * message) is paced by Teams' per-app rate without being listed here. A hanging Graph holds at most
 * the Graph lanes' slots: an approval card or a decision notice never waits behind a calendar call.
 * Due times are honoured in every lane (a job is claimed only once due), so a fan-out planned over
 * time by the domain (src/domain/vpn-fanout.ts) keeps its pacing; the lane's rate is a ceiling on top.
 */
import { JOB } from '../app/job-types.js';
import { CALENDAR_JOB } from '../graph/subscriptions.js';
import type { LaneSpec } from './outbox-worker.js';

/** Teams: about 30–50 messages per second per app and tenant; we stay at the lower bound. */
export const TEAMS_MAX_PER_SECOND = 30;

export const GRAPH_WRITE_TYPES: readonly string[] = [
  JOB.calendarUpsertDay,
  JOB.calendarRemoveDay,
  JOB.calendarUpsertBooking,
  JOB.calendarRemoveBooking,
  JOB.calendarReconcilePerson,
  JOB.presenceStatusMessage,
];

export const GRAPH_READ_TYPES: readonly string[] = [CALENDAR_JOB.fetchChanges, CALENDAR_JOB.deltaPoll, CALENDAR_JOB.renewSubscriptions, CALENDAR_JOB.lifecycle];

export const ITSM_TYPES: readonly string[] = [JOB.vpnItsmCreate, JOB.vpnItsmNote, JOB.vpnItsmState, JOB.vpnItsmPoll];

export interface LaneSettings {
  teamsConcurrency?: number;
  teamsPerSecond?: number;
  graphWriteConcurrency?: number;
  graphReadConcurrency?: number;
  itsmConcurrency?: number;
}

export function productLanes(settings: LaneSettings = {}): LaneSpec[] {
  return [
    { name: 'graph-writes', types: GRAPH_WRITE_TYPES, concurrency: settings.graphWriteConcurrency ?? 8 },
    { name: 'graph-reads', types: GRAPH_READ_TYPES, concurrency: settings.graphReadConcurrency ?? 4 },
    { name: 'itsm', types: ITSM_TYPES, concurrency: settings.itsmConcurrency ?? 2 },
    { name: 'teams', concurrency: settings.teamsConcurrency ?? 8, rate: { max: settings.teamsPerSecond ?? TEAMS_MAX_PER_SECOND, perMs: 1000 } },
  ];
}

/** The lane a job type runs in. */
export function laneOf(type: string, lanes: readonly LaneSpec[] = productLanes()): string {
  return (lanes.find((l) => l.types?.includes(type)) ?? lanes.find((l) => !l.types))?.name ?? 'other';
}
