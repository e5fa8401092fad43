/**
 * Wiring of the calendar-absence parts for the composition root (src/composition.ts): the
 * `Absences` use case, the calendar sync (subscriptions or delta fallback), its outbox handlers,
 * the notifications route and the presence reader. Only built when Graph is configured.
 */
import type { Server } from 'restify';
import { Absences } from '../app/absences.js';
import type { AppContext } from '../app/app-context.js';
import type { AppConfig } from '../config/config.js';
import type { Directory } from '../directory/directory.js';
import type { Person } from '../domain/model.js';
import type { OutboxJob } from '../store/store.js';
import type { GraphClient } from './graph-client.js';
import { registerNotificationsEndpoint } from './notifications-endpoint.js';
import { PresenceReader } from './presence.js';
import { CalendarSync, createCalendarJobHandlers } from './subscriptions.js';

export interface GraphAbsenceParts {
  absences: Absences;
  sync: CalendarSync;
  handlers: Record<string, (job: OutboxJob) => Promise<unknown>>;
  registerRoutes(server: Server): void;
  /** Starts the periodic jobs (renewal, or the delta chains); idempotent. */
  start(): Promise<void>;
  /** Present with GRAPH_PRESENCE=true. */
  presence?: PresenceReader;
}

export function wireGraphAbsences(input: { config: AppConfig; graph: GraphClient; ctx: AppContext }): GraphAbsenceParts {
  const { config, graph, ctx } = input;
  const absences = new Absences(ctx);
  const now = () => ctx.clock.now();
  const sync = new CalendarSync({
    graph,
    store: ctx.store,
    ...(config.graphNotificationUrl ? { notificationUrl: config.graphNotificationUrl } : {}),
    listPersonIds: async () => peopleOf(ctx.directory).map((p) => p.id),
    applyCalendarChange: (personId, events) => absences.applyCalendarChange(personId, events),
    now,
    timeZone: ctx.policy.organisation.timeZone,
    logger: ctx.logger,
    onJobsQueued: () => ctx.onJobsQueued?.(),
  });
  return {
    absences,
    sync,
    handlers: createCalendarJobHandlers(sync, ctx.store, now),
    registerRoutes: (server) => registerNotificationsEndpoint(server, { store: ctx.store, logger: ctx.logger, onJobsQueued: () => ctx.onJobsQueued?.() }),
    start: () => sync.schedule(),
    ...(config.graphPresence ? { presence: new PresenceReader(graph, { now: () => now().getTime() }) } : {}),
  };
}

/** Everyone a directory can list (file and Graph directory); another directory lists nobody. */
function peopleOf(directory: Directory): Person[] {
  const d = directory as Directory & { allPeople?: () => Person[] };
  return typeof d.allPeople === 'function' ? d.allPeople() : [];
}
