/**
 * Rules that say, record by record, what to do with stored data (keep, replace by an anonymised
 * or reduced copy, delete), and the planner that turns a set of records into one change set plus
 * counts. Both store adapters use the same rules (retention: retention-rules.ts; erasure of one
 * person: erase-rules.ts), so lowdb and PostgreSQL can never differ in what they remove. Pure.
 */
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Delegation, MobileWorkRequest } from '../domain/model.js';
import type { Incident, Ticket, VpnDraft } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import type { ChangeSet, DeletedIds } from '../store/memory-state.js';
import type { ConversationRecord, OutboxJob } from '../store/store.js';
import type { RetentionKind } from '../domain/retention-periods.js';

/** Kinds of the counts: the retention kinds plus the person's settings (erasure only). */
export type RecordKind = RetentionKind | 'settings';

export type Verdict<T> =
  | { action: 'keep'; kind?: RecordKind; reason?: string }
  | { action: 'replace'; record: T; kind: RecordKind }
  | { action: 'delete'; kind: RecordKind };

const KEEP = { action: 'keep' } as const;
export const keep = <T>(kind?: RecordKind, reason?: string): Verdict<T> => (kind ? { action: 'keep', kind, ...(reason ? { reason } : {}) } : KEEP);

export interface RecordRules {
  request(r: MobileWorkRequest): Verdict<MobileWorkRequest>;
  booking(b: DeskBooking): Verdict<DeskBooking>;
  ticket(t: Ticket): Verdict<Ticket>;
  incident(i: Incident): Verdict<Incident>;
  draft(d: VpnDraft): Verdict<VpnDraft>;
  delegation(d: Delegation): Verdict<Delegation>;
  conversation(c: ConversationRecord): Verdict<ConversationRecord>;
  absence(a: Absence): Verdict<Absence>;
  subscription(s: CalendarSubscription): Verdict<CalendarSubscription>;
  job(j: OutboxJob): Verdict<OutboxJob>;
  settings(p: PersonSettings): Verdict<PersonSettings>;
  /** True = drop this entry of the outage window. */
  dropRecentReport(r: RecentReport): boolean;
}

/** The records a plan looks at (candidates; the rules decide). */
export interface RecordTables {
  requests: Iterable<MobileWorkRequest>;
  bookings: Iterable<DeskBooking>;
  tickets: Iterable<Ticket>;
  incidents: Iterable<Incident>;
  vpnDrafts: Iterable<VpnDraft>;
  delegations: Iterable<Delegation>;
  conversations: Iterable<ConversationRecord>;
  absences: Iterable<Absence>;
  subscriptions: Iterable<CalendarSubscription>;
  jobs: Iterable<OutboxJob>;
  settings: Iterable<PersonSettings>;
  vpnRecentReports: readonly RecentReport[];
}

export interface KindCount {
  deleted: number;
  anonymised: number;
  kept: number;
  /** Why records were kept (erasure), reason → count. */
  reasons?: Record<string, number>;
}

export type RewriteCounts = Partial<Record<RecordKind, KindCount>>;

export interface RewritePlan {
  changes: ChangeSet;
  deleted: DeletedIds;
  result: RewriteCounts;
}

function count(counts: RewriteCounts, kind: RecordKind, field: 'deleted' | 'anonymised' | 'kept', reason?: string): void {
  const c = (counts[kind] ??= { deleted: 0, anonymised: 0, kept: 0 });
  c[field] += 1;
  if (reason) {
    c.reasons ??= {};
    c.reasons[reason] = (c.reasons[reason] ?? 0) + 1;
  }
}

/** Applies the rules to every candidate; returns the upserts, the deletions and the counts. */
export function planRewrite(tables: RecordTables, rules: RecordRules): RewritePlan {
  const changes: ChangeSet = {};
  const deleted: DeletedIds = {};
  const counts: RewriteCounts = {};
  function each<T>(records: Iterable<T>, decide: (t: T) => Verdict<T>, id: (t: T) => string, upsert: keyof ChangeSet, del: keyof DeletedIds): void {
    for (const record of records) {
      const v = decide(record);
      if (v.action === 'keep') {
        if (v.kind) count(counts, v.kind, 'kept', v.reason);
      } else if (v.action === 'replace') {
        ((changes[upsert] as T[] | undefined) ?? ((changes[upsert] as unknown as T[]) = [])).push(v.record);
        count(counts, v.kind, 'anonymised');
      } else {
        (deleted[del] ??= []).push(id(record));
        count(counts, v.kind, 'deleted');
      }
    }
  }
  each(tables.requests, (r) => rules.request(r), (r) => r.id, 'requests', 'requests');
  each(tables.bookings, (b) => rules.booking(b), (b) => b.id, 'bookings', 'bookings');
  each(tables.tickets, (t) => rules.ticket(t), (t) => t.id, 'tickets', 'tickets');
  each(tables.incidents, (i) => rules.incident(i), (i) => i.id, 'incidents', 'incidents');
  each(tables.vpnDrafts, (d) => rules.draft(d), (d) => d.id, 'vpnDrafts', 'vpnDrafts');
  each(tables.delegations, (d) => rules.delegation(d), (d) => d.id, 'delegations', 'delegations');
  each(tables.conversations, (c) => rules.conversation(c), (c) => c.userId, 'conversations', 'conversations');
  each(tables.absences, (a) => rules.absence(a), (a) => a.id, 'absences', 'absences');
  each(tables.subscriptions, (s) => rules.subscription(s), (s) => s.id, 'subscriptions', 'subscriptions');
  each(tables.jobs, (j) => rules.job(j), (j) => j.id, 'jobs', 'jobs');
  each(tables.settings, (p) => rules.settings(p), (p) => p.personId, 'settings', 'settings');
  const kept = tables.vpnRecentReports.filter((r) => !rules.dropRecentReport(r));
  if (kept.length !== tables.vpnRecentReports.length) {
    changes.vpnRecentReports = kept;
    for (let i = kept.length; i < tables.vpnRecentReports.length; i++) count(counts, 'vpnTicketTexts', 'deleted');
  }
  return { changes, deleted, result: counts };
}

/** Sum of two count sets (a job processes in batches). */
export function addCounts(a: RewriteCounts, b: RewriteCounts): RewriteCounts {
  const out: RewriteCounts = structuredClone(a);
  for (const [kind, c] of Object.entries(b) as [RecordKind, KindCount][]) {
    const t = (out[kind] ??= { deleted: 0, anonymised: 0, kept: 0 });
    t.deleted += c.deleted;
    t.anonymised += c.anonymised;
    t.kept += c.kept;
    for (const [reason, n] of Object.entries(c.reasons ?? {})) {
      t.reasons ??= {};
      t.reasons[reason] = (t.reasons[reason] ?? 0) + n;
    }
  }
  return out;
}

export function isEmptyPlan(plan: RewritePlan): boolean {
  return Object.keys(plan.changes).length === 0 && Object.keys(plan.deleted).length === 0;
}
