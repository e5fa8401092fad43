/**
 * Builds the ITSM adapter the configuration names (`ITSM=none|zammad|webhook`, see config.ts):
 * undefined for `none` (tickets stay in Teams), else the adapter and the system name stored on the
 * ticket (`Ticket.external.system`). `pollsState` tells whether `getState` can work: a webhook
 * without `ITSM_WEBHOOK_STATE_URL` cannot be asked for the state, so nobody should poll it.
 */
import type { ItsmConfig } from '../config/config.js';
import type { FetchLike } from './itsm-http.js';
import type { ItsmAdapter } from './itsm-port.js';
import { createWebhookAdapter } from './webhook-adapter.js';
import { createZammadAdapter } from './zammad-adapter.js';

export type ItsmSystem = 'zammad' | 'webhook';

export interface ItsmAdapterOptions {
  /** For tests; default the global fetch. */
  fetch?: FetchLike;
  /** Per request, ms; default the adapter's (10 s). */
  timeoutMs?: number;
  now?: () => number;
}

export interface CreatedItsmAdapter {
  system: ItsmSystem;
  adapter: ItsmAdapter;
  /** False when the tool's state cannot be read (webhook without a state URL): do not poll. */
  pollsState: boolean;
}

export function createItsmAdapter(config: ItsmConfig, opts: ItsmAdapterOptions = {}): CreatedItsmAdapter | undefined {
  const common = {
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  };
  switch (config.kind) {
    case 'none':
      return undefined;
    case 'zammad':
      return {
        system: 'zammad',
        pollsState: true,
        adapter: createZammadAdapter({
          baseUrl: config.url,
          token: config.token,
          group: config.group,
          extraTags: ['vpn', 'teams-bot'],
          ...(config.customer !== undefined ? { fallbackCustomer: config.customer } : {}),
          ...common,
        }),
      };
    case 'webhook':
      return {
        system: 'webhook',
        pollsState: config.stateUrl !== undefined,
        adapter: createWebhookAdapter({
          url: config.url,
          secret: config.secret,
          ...(config.stateUrl !== undefined ? { stateUrl: config.stateUrl } : {}),
          ...common,
        }),
      };
  }
}
