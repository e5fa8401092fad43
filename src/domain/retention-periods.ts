/**
 * Retention periods of the service agreement: the kinds of records the retention job (src/privacy) looks after, their default periods (months) and the
 * cutoff dates derived from a policy's `retention` block. Pure: the caller passes "today".
 *
 * Periods count whole calendar months back from today (local date of the organisation): with
 * 13 months on 2026-12-07, a record whose age date is before 2025-11-07 is due.
 *
 * Personal kinds are capped at 24 months by the policy schema (src/policy/retention-schema.ts).
 * `statistics` is the period anonymised records (no person, no free text) stay for the
 * aggregated reports; `audit` is the audit trail's own period; `logs` is not stored by the
 * product (stdout): the operator sets it in the log platform (docs/datenschutz/loeschkonzept.md).
 */
import { addMonths, type IsoDate } from './dates.js';

export const RETENTION_KINDS = [
  'mobileWork',
  'deskBookings',
  'checkIns',
  'vpnTickets',
  'vpnTicketTexts',
  'delegations',
  'conversations',
  'absences',
  'outboxJobs',
  'logs',
  'audit',
  'statistics',
] as const;

export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Months each kind is kept (the policy may change each within the schema's limits). */
export type RetentionPolicy = Record<RetentionKind, number>;

export const DEFAULT_RETENTION: RetentionPolicy = {
  mobileWork: 13,
  deskBookings: 13,
  checkIns: 3,
  vpnTickets: 13,
  vpnTicketTexts: 3,
  delegations: 13,
  conversations: 13,
  absences: 3,
  outboxJobs: 1,
  logs: 3,
  audit: 24,
  statistics: 24,
};

/** Kinds holding personal data: at most this many months. */
export const MAX_PERSONAL_MONTHS = 24;
/** `statistics` and `audit` may be kept longer (anonymised counts; proof of administrative access). */
export const MAX_OTHER_MONTHS = 120;
export const NON_PERSONAL_KINDS: readonly RetentionKind[] = ['statistics', 'audit'];

/** Kinds the store enforces (all but `logs`, which the product never writes to disk). */
export const STORED_KINDS = RETENTION_KINDS.filter((k) => k !== 'logs');

/** First date that is kept, per kind: a record whose age date is before it is due. */
export type RetentionCutoffs = Record<RetentionKind, IsoDate>;

export function retentionCutoffs(policy: RetentionPolicy, today: IsoDate): RetentionCutoffs {
  return Object.fromEntries(RETENTION_KINDS.map((k) => [k, addMonths(today, -policy[k])])) as RetentionCutoffs;
}

/** German names of the kinds (docs, CLI output). */
export const KIND_NAMES_DE: Record<RetentionKind, string> = {
  mobileWork: 'Anträge auf mobile Arbeit und ihre Tage',
  deskBookings: 'Arbeitsplatzbuchungen',
  checkIns: 'Check-in-Zeitpunkte an Arbeitsplätzen',
  vpnTickets: 'VPN-Meldungen (Tickets) und Störungen',
  vpnTicketTexts: 'Freitexte gelöster VPN-Meldungen, Entwürfe, Meldefenster',
  delegations: 'Vertretungen',
  conversations: 'Teams-Gesprächsreferenzen',
  absences: 'Abwesenheiten aus dem Kalender und Kalender-Abonnements',
  outboxJobs: 'Erledigte und gescheiterte Ausgangsaufträge (Outbox)',
  logs: 'Protokollzeilen (stdout, von der Betriebsumgebung gespeichert)',
  audit: 'Protokoll administrativer Zugriffe (Audit)',
  statistics: 'Anonymisierte Datensätze für die Berichte',
};

/** The periods of a policy: its `retention` block, else the defaults. */
export function retentionOf(policy: { retention?: RetentionPolicy | undefined }): RetentionPolicy {
  return policy.retention ?? DEFAULT_RETENTION;
}
