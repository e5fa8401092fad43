/**
 * Teams presence through Microsoft Graph, app-only.
 *
 * What app-only CAN do (and we use):
 * - read presence: `POST /communications/getPresencesByUserId` with at most 650 ids per call
 *   (Presence.Read.All; limit 1,500 requests per 30 s per app and tenant). `readPresences` splits
 *   the ids into batches of 650 and caches each answer ~60 s, so a team-day view opened by many
 *   people costs one call per minute at most. Used only for people the viewer already sees by
 *   name (config `GRAPH_PRESENCE=true`).
 * - set a status message: `POST /users/{id}/presence/setStatusMessage` (Presence.ReadWrite.All),
 *   e.g. "Heute mobil erreichbar" on an approved mobile-work day (config `GRAPH_STATUS_MESSAGE=true`).
 *
 * What app-only CANNOT do:
 * - subscribe to presence changes (`/communications/presences` subscriptions are delegated-only
 *   and live 60 min): we poll, and only on demand;
 * - set Teams' work location ("Im Büro" / "Remote"): `POST /users/{id}/presence/setManualLocation`
 *   and writes to `/users/{id}/settings/workHoursAndLocations` accept delegated tokens only
 *   (permission Presence.ReadWrite / User.ReadWrite, "Application: not supported"). Doing it would
 *   need the user's own token: an OAuth connection on the Azure Bot resource (Teams SSO with
 *   `webApplicationInfo` in the manifest and a token-exchange / sign-in card), the bot obtaining
 *   and refreshing a token per person (`getUserToken` on the adapter, only while the user's token
 *   is valid), and consent to the delegated scope. See README "Microsoft Graph → Permissions".
 */
import type { AvailabilityWord, PresencePort } from '../app/presence-port.js';
import { z } from 'zod';
import type { GraphClient } from './graph-client.js';

export const PRESENCE_BATCH = 650;
export const PRESENCE_CACHE_MS = 60_000;

export type Availability =
  | 'Available'
  | 'AvailableIdle'
  | 'Away'
  | 'BeRightBack'
  | 'Busy'
  | 'BusyIdle'
  | 'DoNotDisturb'
  | 'Offline'
  | 'PresenceUnknown';

export interface Presence {
  id: string;
  availability: Availability;
  activity?: string;
}

const AVAILABILITIES: readonly Availability[] = [
  'Available', 'AvailableIdle', 'Away', 'BeRightBack', 'Busy', 'BusyIdle', 'DoNotDisturb', 'Offline', 'PresenceUnknown',
];

const presenceAnswer = z.object({
  value: z
    .array(
      z.object({
        id: z.string().min(1),
        availability: z.string().optional(),
        activity: z.string().optional(),
      }),
    )
    .default([]),
});

export interface PresenceReaderOptions {
  now?: () => number;
  cacheMs?: number;
}

export class PresenceReader {
  private readonly cache = new Map<string, { presence: Presence; until: number }>();
  private readonly now: () => number;
  private readonly cacheMs: number;

  constructor(
    private readonly graph: Pick<GraphClient, 'post'>,
    options: PresenceReaderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? PRESENCE_CACHE_MS;
  }

  /** Presence of each id (lower-case keys); ids Graph does not know are missing. */
  async readPresences(ids: readonly string[]): Promise<Map<string, Presence>> {
    const now = this.now();
    const out = new Map<string, Presence>();
    const missing: string[] = [];
    for (const raw of new Set(ids.map((i) => i.toLowerCase()))) {
      const hit = this.cache.get(raw);
      if (hit && hit.until > now) out.set(raw, hit.presence);
      else missing.push(raw);
    }
    for (let i = 0; i < missing.length; i += PRESENCE_BATCH) {
      const batch = missing.slice(i, i + PRESENCE_BATCH);
      const answer = presenceAnswer.parse(await this.graph.post<unknown>('/communications/getPresencesByUserId', { ids: batch }));
      for (const item of answer.value) {
        const id = item.id.toLowerCase();
        const availability = AVAILABILITIES.find((a) => a === item.availability) ?? 'PresenceUnknown';
        const presence: Presence = { id, availability, ...(item.activity ? { activity: item.activity } : {}) };
        this.cache.set(id, { presence, until: now + this.cacheMs });
        out.set(id, presence);
      }
    }
    this.prune(now);
    return out;
  }

  private prune(now: number): void {
    if (this.cache.size < 10_000) return;
    for (const [id, entry] of this.cache) if (entry.until <= now) this.cache.delete(id);
  }
}

/** Short availability word for a card: available / busy / away / offline (unknown → undefined). */
export function availabilityWord(p: Presence | undefined): 'available' | 'busy' | 'away' | 'offline' | undefined {
  switch (p?.availability) {
    case 'Available':
    case 'AvailableIdle':
      return 'available';
    case 'Busy':
    case 'BusyIdle':
    case 'DoNotDisturb':
      return 'busy';
    case 'Away':
    case 'BeRightBack':
      return 'away';
    case 'Offline':
      return 'offline';
    default:
      return undefined;
  }
}

/**
 * Sets the person's Teams status message (Presence.ReadWrite.All), e.g. on an approved
 * mobile-work day; it expires at `expiresAt` (ISO, e.g. the end of that day).
 */
export async function setStatusMessage(
  graph: Pick<GraphClient, 'post'>,
  personId: string,
  message: string,
  expiresAt: string,
): Promise<void> {
  await graph.post<unknown>(`/users/${encodeURIComponent(personId)}/presence/setStatusMessage`, {
    statusMessage: {
      message: { content: message, contentType: 'text' },
      expiryDateTime: { dateTime: expiresAt.replace(/Z$/, ''), timeZone: 'UTC' },
    },
  });
}

/** The application's presence port over a reader: availability words per person id. */
export function presencePort(reader: Pick<PresenceReader, 'readPresences'>): PresencePort {
  return {
    async availabilityOf(personIds) {
      const presences = await reader.readPresences(personIds);
      const out = new Map<string, AvailabilityWord>();
      for (const [id, p] of presences) {
        const word = availabilityWord(p);
        if (word) out.set(id, word);
      }
      return out;
    },
  };
}
