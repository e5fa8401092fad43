/**
 * VPN problem reports: the report a person fills in (guided card), the ticket the service desk
 * works on and the incident that groups many reports of one outage. Pure data, no I/O.
 *
 * Value lists are the full vocabulary the bot understands; which clients an organisation offers
 * on its card is configuration (a subset of `VPN_CLIENTS`, see `validateVpnReport`).
 */

export const VPN_CLIENTS = [
  'ncp-secure-entry',
  'genucard',
  'forticlient',
  'globalprotect',
  'cisco-secure-client',
  'citrix-workspace',
  'other',
] as const;
export type VpnClient = (typeof VPN_CLIENTS)[number];

export const VPN_SYMPTOMS = ['no-connection', 'drops', 'slow', 'second-factor', 'one-application', 'certificate'] as const;
export type VpnSymptom = (typeof VPN_SYMPTOMS)[number];

export const CONNECTION_TYPES = ['lan', 'wlan', 'mobile', 'hotspot'] as const;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];

export const AFFECTED_SCOPES = ['only-me', 'my-team', 'many'] as const;
export type AffectedScope = (typeof AFFECTED_SCOPES)[number];

/** What a person reports. Free text is kept as typed (trimmed); render it with `plainText`. */
export interface VpnReport {
  client: VpnClient;
  symptom: VpnSymptom;
  /** Exact error text or code as shown by the client, e.g. "Fehler -14". */
  errorText?: string;
  /** Where the client stops, e.g. FortiClient's progress in percent (0–100). */
  progressPercent?: number;
  /** Since when (ISO 8601 date-time or date). */
  since: string;
  connection: ConnectionType;
  internetWithoutVpn: boolean;
  deviceInventoryNumber?: string;
  clientVersion?: string;
  triedAlready?: string;
  affected: AffectedScope;
  callbackNumber?: string;
}

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_STATUSES = ['open', 'taken', 'waiting-for-reporter', 'resolved', 'reopened'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** One entry of the ask-back conversation on a ticket. */
export interface TicketMessage {
  kind: 'question' | 'answer';
  authorId: string;
  /** ISO 8601 instant. */
  at: string;
  text: string;
}

export interface Ticket {
  id: string;
  /** Readable number, e.g. `VPN-2026-00042` (see `formatTicketNumber`). */
  number: string;
  reporterId: string;
  report: VpnReport;
  status: TicketStatus;
  priority: Priority;
  assigneeId?: string;
  conversation: TicketMessage[];
  /** Solution text of the last resolve. */
  solution?: string;
  /** Set when the report belongs to a known outage. */
  incidentId?: string;
  /** Knowledge-base entries the reporter saw before escalating (ids). */
  shownEntryIds?: string[];
  /** The ticket card in the service-desk channel, once posted. */
  deskCard?: CardRef;
  /** The ticket in the external ITSM tool, once handed over. */
  external?: ExternalTicketRef;
  /** Last reminder of the channel that nobody has taken it (ISO instant). */
  remindedAt?: string;
  /** ISO 8601 instants. */
  createdAt: string;
  updatedAt: string;
}

/** Where a card was posted, so that it can be updated later. */
export interface CardRef {
  conversationId: string;
  activityId: string;
}

export interface ExternalTicketRef {
  system: 'zammad' | 'webhook';
  externalId: string;
  externalNumber?: string;
  /** Last state seen in the tool (`open` | `pending` | `closed` or the tool's own name). */
  state?: string;
  /** The poll chain reading the state (itsm-job-handlers.ts): the last poll number queued, and whether one is queued. */
  pollSeq?: number;
  polling?: boolean;
  /** The last state event the tool pushed (inbound webhook): its `sentAt` and Idempotency-Key. */
  lastEventAt?: string;
  lastEventKey?: string;
}

/**
 * A report between the form and the escalation: validated, shown the knowledge base, waiting for
 * "Das hat geholfen" or "Weiter zum Service Desk". Card buttons carry only its id.
 */
export interface VpnDraft {
  id: string;
  reporterId: string;
  report: VpnReport;
  /** Knowledge-base entries shown, most specific first. */
  shownEntryIds: string[];
  status: 'self-help' | 'helped' | 'escalated';
  /** What the escalation became (set with status `escalated`). */
  ticketId?: string;
  incidentId?: string;
  /** ISO 8601 instants. */
  createdAt: string;
  updatedAt: string;
}

export type IncidentStatus = 'open' | 'resolved';

/** A possible outage: many reports of the same client and symptom in a short time. */
export interface Incident {
  id: string;
  client: VpnClient;
  symptom: VpnSymptom;
  status: IncidentStatus;
  /** ISO 8601 instants. */
  openedAt: string;
  resolvedAt?: string;
  /** People told it is known; each is told again when the incident is resolved. No duplicates. */
  linkedReporterIds: string[];
  /** What the desk wrote when resolving it. */
  solution?: string;
  resolvedBy?: string;
  /** The "possible outage" card in the service-desk channel, once posted. */
  deskCard?: CardRef;
  /** How many people the resolution is sent to (set when it is resolved; the card shows the progress). */
  notifyTotal?: number;
  /** The outcome of that fan-out, once no message is pending (the jobs are pruned later, this stays). */
  notifyResult?: { notified: number; unreachable: number };
}

const TICKET_NUMBER = /^VPN-(\d{4})-(\d{5,})$/;

/** `formatTicketNumber(2026, 42)` → `VPN-2026-00042` (at least five digits, more when needed). */
export function formatTicketNumber(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits (got ${year})`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a whole number from 1 (got ${sequence})`);
  return `VPN-${year}-${String(sequence).padStart(5, '0')}`;
}

/** The year and sequence of a ticket number, or undefined when the text is not one (case-insensitive, trimmed). */
export function parseTicketNumber(text: string): { year: number; sequence: number } | undefined {
  const m = TICKET_NUMBER.exec(text.trim().toUpperCase());
  if (!m) return undefined;
  const sequence = Number(m[2]);
  return sequence >= 1 ? { year: Number(m[1]), sequence } : undefined;
}
