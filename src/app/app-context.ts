/**
 * What every use case gets through its constructor: the store, the directory, the policy,
 * a clock, an id source and a logger. Nothing is imported as a global.
 */
import { randomUUID } from 'node:crypto';
import type { Directory } from '../directory/directory.js';
import type { PresencePort } from './presence-port.js';
import type { DeskInventory } from '../domain/desk-model.js';
import type { Policy } from '../domain/model.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { type Clock } from './clock.js';
import { localDate } from '../domain/local-time.js';

export interface IdSource {
  newId(): string;
}

export const randomIds: IdSource = { newId: () => randomUUID() };

export interface AppContext {
  store: Store;
  directory: Directory;
  policy: Policy;
  /** The desk inventory (sites, floors, rooms, desks) from DESKS_FILE. */
  inventory: DeskInventory;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  /** Microsoft Graph is configured: use cases queue calendar sync jobs (app/calendar-sync.ts). */
  calendarSync?: boolean;
  /** GRAPH_STATUS_MESSAGE: set a Teams status message on approved whole mobile-work days. */
  statusMessage?: boolean;
  /** Teams availability (Graph presence), when configured; used only next to names people chose to show. */
  presence?: PresencePort;
  /** Called after a transaction queued outbox jobs, so the worker wakes at once. */
  onJobsQueued?: () => void;
}

export function today(ctx: AppContext): string {
  return localDate(ctx.clock.now(), ctx.policy.organisation.timeZone);
}

export function nowIso(ctx: AppContext): string {
  return ctx.clock.now().toISOString();
}
