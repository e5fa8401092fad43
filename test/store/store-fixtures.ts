/** Small builders for store tests (records with sensible defaults). */
import type { Absence, CalendarSubscription } from '../../src/domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../../src/domain/desk-model.js';
import type { DayStatus, Delegation, MobileWorkRequest, RequestStatus } from '../../src/domain/model.js';
import type { ConversationRecord } from '../../src/store/store.js';

export function request(
  id: string,
  opts: {
    personId?: string;
    approverId?: string;
    status?: RequestStatus;
    days?: [string, DayStatus][];
    createdAt?: string;
    remindedAt?: string;
    version?: number;
  } = {},
): MobileWorkRequest {
  const status = opts.status ?? 'pending';
  return {
    id,
    number: `MA-2026-${id}`,
    personId: opts.personId ?? 'p1',
    orgUnitId: 'ou1',
    track: 'occasional',
    ...(opts.approverId !== undefined ? { approverId: opts.approverId } : { approverId: 'm1' }),
    approvalMode: 'required',
    status,
    days: (opts.days ?? [['2026-03-02', status === 'approved' ? 'approved' : 'pending']]).map(([date, s]) => ({
      date,
      portion: 1,
      status: s,
    })),
    policyVersion: '2026-01-01',
    createdAt: opts.createdAt ?? '2026-02-20T08:00:00.000Z',
    updatedAt: opts.createdAt ?? '2026-02-20T08:00:00.000Z',
    cards: [],
    ...(opts.remindedAt !== undefined ? { remindedAt: opts.remindedAt } : {}),
    version: opts.version ?? 0,
  };
}

export function delegation(id: string, managerId: string, deputyId: string): Delegation {
  return { id, managerId, deputyId, from: '2026-03-01', to: '2026-03-31', createdAt: '2026-02-01T00:00:00.000Z' };
}

export function conversation(userId: string): ConversationRecord {
  return {
    userId,
    conversationId: `a:${userId}`,
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    channelId: 'msteams',
    botId: '28:bot',
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
}

export const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id).sort();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function booking(
  id: string,
  opts: Partial<Pick<DeskBooking, 'deskId' | 'personId' | 'date' | 'slot' | 'status' | 'createdAt' | 'version' | 'seriesId'>> = {},
): DeskBooking {
  const createdAt = opts.createdAt ?? '2026-02-20T08:00:00.000Z';
  return {
    id,
    deskId: opts.deskId ?? 'D1',
    personId: opts.personId ?? 'p1',
    date: opts.date ?? '2026-03-02',
    slot: opts.slot ?? 'day',
    status: opts.status ?? 'booked',
    ...(opts.seriesId !== undefined ? { seriesId: opts.seriesId } : {}),
    createdAt,
    updatedAt: createdAt,
    version: opts.version ?? 0,
  };
}

export function settings(personId: string, opts: Partial<Omit<PersonSettings, 'personId'>> = {}): PersonSettings {
  return { personId, updatedAt: '2026-02-20T08:00:00.000Z', ...opts };
}

/** An absence with the id convention `${personId}:${date}:${eventId}`. */
export function absence(
  personId: string,
  date: string,
  eventId: string,
  opts: Partial<Pick<Absence, 'active' | 'updatedAt'>> = {},
): Absence {
  return {
    id: `${personId}:${date}:${eventId}`,
    personId,
    date,
    eventId,
    active: opts.active ?? true,
    updatedAt: opts.updatedAt ?? '2026-02-20T08:00:00.000Z',
  };
}

export function subscription(
  id: string,
  opts: Partial<Omit<CalendarSubscription, 'id'>> = {},
): CalendarSubscription {
  const personId = opts.personId ?? 'p1';
  return {
    id,
    personId,
    resource: opts.resource ?? `/users/${personId}/events`,
    clientState: opts.clientState ?? `secret-${id}`,
    expiresAt: opts.expiresAt ?? '2026-03-05T08:00:00.000Z',
    createdAt: opts.createdAt ?? '2026-02-26T08:00:00.000Z',
    ...(opts.deltaLink !== undefined ? { deltaLink: opts.deltaLink } : {}),
  };
}
