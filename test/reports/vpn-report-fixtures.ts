/**
 * VPN records for the report tests: tickets and outages in November 2026 (ISO weeks 45 and 46,
 * Europe/Berlin) with people whose ids and names, and free text that must never show up in a
 * report, plus knowledge-base counters. Written into a real store through transactions, the way
 * the bot writes them (a ticket is created, later changed).
 */
import { countHelpfulness, type HelpfulnessCounters, type HelpfulnessEvent } from '../../src/domain/vpn-knowledge-base.js';
import type { Incident, Priority, Ticket, TicketStatus, VpnClient, VpnReport, VpnSymptom } from '../../src/domain/vpn-model.js';
import type { Store, StoreTx } from '../../src/store/store.js';
import { PEOPLE } from './report-fixtures.js';

/** A service-desk member (assignee, resolver): must not show up either. */
export const DESK_MEMBER = { id: '00000000-0000-0000-0000-0000000000e5', name: 'Emil Kraus' };

/** Free text typed by people: error text, a question, an answer, a solution. */
export const SECRET_TEXTS = ['Fehler -14 seit Umzug Zimmer 3.17', 'Welcher Router steht bei Ihnen?', 'Eine Fritzbox 7590', 'Router neu gestartet'];

export const FROM = '2026-11-02'; // Monday, ISO week 45
export const TO = '2026-11-15'; // Sunday, ISO week 46

function report(client: VpnClient, symptom: VpnSymptom): VpnReport {
  return {
    client,
    symptom,
    errorText: SECRET_TEXTS[0]!,
    progressPercent: 10,
    since: '2026-11-01T07:30:00.000Z',
    connection: 'wlan',
    internetWithoutVpn: true,
    deviceInventoryNumber: 'INV-4711',
    triedAlready: 'Neustart',
    affected: 'only-me',
    callbackNumber: '+49 9321 1234',
  };
}

const plusMinutes = (at: string, minutes: number): string => new Date(Date.parse(at) + minutes * 60_000).toISOString();

interface Life {
  id: string;
  client: VpnClient;
  symptom: VpnSymptom;
  priority: Priority;
  createdAt: string;
  /** What happens after creation, each in its own transaction. */
  steps: Array<{ status: TicketStatus; afterMinutes: number; solution?: boolean }>;
}

function created(life: Life, index: number): Ticket {
  return {
    id: life.id,
    number: `VPN-2026-${String(index + 1).padStart(5, '0')}`,
    reporterId: PEOPLE[index % PEOPLE.length]!.id,
    report: report(life.client, life.symptom),
    status: 'open',
    priority: life.priority,
    conversation: [],
    createdAt: life.createdAt,
    updatedAt: life.createdAt,
  };
}

function stepped(t: Ticket, step: Life['steps'][number]): Ticket {
  const at = plusMinutes(t.createdAt, step.afterMinutes);
  return {
    ...t,
    status: step.status,
    assigneeId: DESK_MEMBER.id,
    conversation: [
      { kind: 'question', authorId: DESK_MEMBER.id, at: t.createdAt, text: SECRET_TEXTS[1]! },
      { kind: 'answer', authorId: t.reporterId, at: t.createdAt, text: SECRET_TEXTS[2]! },
    ],
    ...(step.solution || t.solution !== undefined ? { solution: SECRET_TEXTS[3]! } : {}),
    updatedAt: at,
  };
}

const resolvedAfter = (m: number) => [{ status: 'taken' as const, afterMinutes: 5 }, { status: 'resolved' as const, afterMinutes: m, solution: true }];

/**
 * Expected (Europe/Berlin):
 * - 2026-W45 FortiClient / no connection: 4 tickets (P1, P2, 2× P3), 3 resolved after 30, 90,
 *   60 min (median 60), 1 outage with 3 linked reporters;
 * - 2026-W45 GlobalProtect / slow: 1 ticket P4, reopened;
 * - 2026-W45 Cisco / drops: 1 ticket P3 created 23:30 UTC on Sunday 1 Nov = 00:30 on Monday in Berlin;
 * - 2026-W46 genucard / certificate: no ticket, 1 outage with 1 linked reporter;
 * - 2026-W46 GlobalProtect / slow: 3 tickets P4, 2 resolved after 10 and 45 min (median 27.5),
 *   1 resolved, reopened and taken again (counts as reopened).
 * Outside: a ticket at 22:30 UTC on 1 Nov (23:30 in Berlin), one at 23:30 UTC on 15 Nov
 * (16 Nov in Berlin), an outage on 30 Oct.
 */
export const LIVES: Life[] = [
  { id: 't1', client: 'forticlient', symptom: 'no-connection', priority: 'P1', createdAt: '2026-11-02T08:00:00.000Z', steps: resolvedAfter(30) },
  { id: 't2', client: 'forticlient', symptom: 'no-connection', priority: 'P3', createdAt: '2026-11-03T09:00:00.000Z', steps: resolvedAfter(90) },
  { id: 't3', client: 'forticlient', symptom: 'no-connection', priority: 'P3', createdAt: '2026-11-04T10:00:00.000Z', steps: [{ status: 'taken', afterMinutes: 7 }] },
  { id: 't4', client: 'forticlient', symptom: 'no-connection', priority: 'P2', createdAt: '2026-11-05T10:00:00.000Z', steps: resolvedAfter(60) },
  {
    id: 't5',
    client: 'globalprotect',
    symptom: 'slow',
    priority: 'P4',
    createdAt: '2026-11-06T12:00:00.000Z',
    steps: [...resolvedAfter(20), { status: 'reopened', afterMinutes: 300 }],
  },
  { id: 't6', client: 'cisco-secure-client', symptom: 'drops', priority: 'P3', createdAt: '2026-11-01T23:30:00.000Z', steps: [] },
  {
    id: 't7',
    client: 'globalprotect',
    symptom: 'slow',
    priority: 'P4',
    createdAt: '2026-11-10T07:00:00.000Z',
    steps: [...resolvedAfter(20), { status: 'reopened', afterMinutes: 100 }, { status: 'taken', afterMinutes: 120 }],
  },
  { id: 't8', client: 'globalprotect', symptom: 'slow', priority: 'P4', createdAt: '2026-11-11T07:00:00.000Z', steps: resolvedAfter(45) },
  { id: 't9', client: 'globalprotect', symptom: 'slow', priority: 'P4', createdAt: '2026-11-12T07:00:00.000Z', steps: resolvedAfter(10) },
  { id: 'x1', client: 'forticlient', symptom: 'no-connection', priority: 'P1', createdAt: '2026-11-01T22:30:00.000Z', steps: resolvedAfter(5) },
  { id: 'x2', client: 'forticlient', symptom: 'no-connection', priority: 'P1', createdAt: '2026-11-15T23:30:00.000Z', steps: [] },
];

export const INCIDENTS: Incident[] = [
  {
    id: 'i1',
    client: 'forticlient',
    symptom: 'no-connection',
    status: 'resolved',
    openedAt: '2026-11-02T07:55:00.000Z',
    resolvedAt: '2026-11-02T09:00:00.000Z',
    linkedReporterIds: [PEOPLE[0].id, PEOPLE[1].id, PEOPLE[2].id],
    solution: SECRET_TEXTS[3]!,
    resolvedBy: DESK_MEMBER.id,
  },
  { id: 'i2', client: 'genucard', symptom: 'certificate', status: 'open', openedAt: '2026-11-11T10:00:00.000Z', linkedReporterIds: [PEOPLE[3].id] },
  { id: 'i0', client: 'forticlient', symptom: 'drops', status: 'resolved', openedAt: '2026-10-30T10:00:00.000Z', linkedReporterIds: [PEOPLE[0].id] },
];

/** Knowledge-base events: two entries of the sample file and one id no longer in it. */
export const HELPFULNESS_EVENTS: HelpfulnessEvent[] = [
  { type: 'shown', entryIds: ['forticlient-10-percent-network', 'no-internet'] },
  { type: 'shown', entryIds: ['forticlient-10-percent-network', 'no-internet'] },
  { type: 'helped', entryId: 'forticlient-10-percent-network' },
  { type: 'shown', entryIds: ['forticlient-10-percent-network', 'no-internet'] },
  { type: 'escalated', entryIds: ['forticlient-10-percent-network', 'no-internet'] },
  { type: 'escalated', entryIds: ['forticlient-10-percent-network', 'no-internet'] },
  { type: 'shown', entryIds: ['old-forticlient-6-4'] },
  { type: 'shown', entryIds: ['old-forticlient-6-4'] },
  { type: 'helped', entryId: 'old-forticlient-6-4' },
];

/** The counters after HELPFULNESS_EVENTS. */
export const COUNTERS: HelpfulnessCounters = {
  'forticlient-10-percent-network': { shown: 3, helped: 1, escalated: 2 },
  'no-internet': { shown: 3, helped: 0, escalated: 2 },
  'old-forticlient-6-4': { shown: 2, helped: 1, escalated: 0 },
};

/** Every ticket as it ends up (the final version of each life). */
export function finalTickets(): Ticket[] {
  return LIVES.map((life, i) => life.steps.reduce(stepped, created(life, i)));
}

/**
 * Every change the way the bot makes them, one transaction each: the tickets created in order,
 * the outages, then the tickets' later steps, the counters event by event.
 */
export function changes(): Array<(tx: StoreTx) => Promise<void>> {
  const tickets = LIVES.map((life, i) => created(life, i));
  const out: Array<(tx: StoreTx) => Promise<void>> = [];
  for (const t of tickets) out.push((tx) => tx.putTicket(t));
  for (const inc of INCIDENTS) out.push((tx) => tx.putIncident(inc));
  for (const [i, life] of LIVES.entries()) {
    let t = tickets[i]!;
    for (const step of life.steps) {
      t = stepped(t, step);
      const next = t;
      out.push((tx) => tx.putTicket(next));
    }
  }
  for (const event of HELPFULNESS_EVENTS) out.push(async (tx) => tx.putHelpfulness(countHelpfulness(await tx.getHelpfulness(), event)));
  return out;
}

export async function fillStore(store: Store, list = changes()): Promise<void> {
  for (const change of list) await store.transact(change);
}

/** Every string in the records that names or identifies a person, or was typed by one. */
export function forbiddenStrings(): string[] {
  return [
    ...PEOPLE.flatMap((p) => [p.id, p.name, p.name.split(' ')[1]!]),
    DESK_MEMBER.id,
    DESK_MEMBER.name,
    ...SECRET_TEXTS,
    'INV-4711',
    '+49 9321 1234',
    'VPN-2026-0',
  ];
}
