/**
 * Enforced retention: deletes or anonymises every record past its period (retention-rules.ts) on
 * either store, prunes the audit trail past its own period, and records in the audit trail how
 * many records of which kind it removed (counts only).
 *
 * `checkRetention` is the proof: it applies the same rules without writing and counts what is
 * still due — on lowdb over every record version in the snapshot AND every journal file (so an
 * old form left in a journal would show), on PostgreSQL over the tables.
 */
import type { IsoDate } from '../domain/dates.js';
import type { MaintainableStore, RecordScope, RecordSet } from '../store/store.js';
import type { AuditLog } from './audit-log.js';
import { readLowdbFiles } from './lowdb-files.js';
import { addCounts, planRewrite, type RewriteCounts } from './record-rules.js';
import { retentionCutoffs, type RetentionCutoffs, type RetentionPolicy } from '../domain/retention-periods.js';
import { retentionRules } from './retention-rules.js';

const latest = (...dates: IsoDate[]): IsoDate => dates.reduce((a, b) => (a > b ? a : b));

/** Per table, the latest cutoff of the kinds that act on it (the store selects at least those records). */
export function retentionScope(c: RetentionCutoffs): RecordScope {
  return {
    olderThan: {
      requests: latest(c.mobileWork, c.statistics),
      bookings: latest(c.deskBookings, c.checkIns, c.statistics),
      tickets: latest(c.vpnTickets, c.vpnTicketTexts, c.statistics),
      incidents: latest(c.vpnTickets, c.statistics),
      vpnDrafts: c.vpnTicketTexts,
      delegations: c.delegations,
      conversations: c.conversations,
      absences: c.absences,
      subscriptions: c.absences,
      jobs: c.outboxJobs,
      vpnRecentReports: c.vpnTicketTexts,
    },
  };
}

export interface RetentionRun {
  today: IsoDate;
  cutoffs: RetentionCutoffs;
  counts: RewriteCounts;
  auditPruned: number;
}

/** Flat counts for the audit entry and the log: `<kind>.deleted` / `<kind>.anonymised`. */
export function flatCounts(counts: RewriteCounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [kind, c] of Object.entries(counts)) {
    if (c.deleted) out[`${kind}.deleted`] = c.deleted;
    if (c.anonymised) out[`${kind}.anonymised`] = c.anonymised;
    if (c.kept) out[`${kind}.kept`] = c.kept;
  }
  return out;
}

export async function runRetention(
  store: MaintainableStore,
  audit: AuditLog,
  policy: RetentionPolicy,
  today: IsoDate,
  opts: { actor?: string; now?: () => Date } = {},
): Promise<RetentionRun> {
  const cutoffs = retentionCutoffs(policy, today);
  const rules = retentionRules(cutoffs);
  const results = await store.rewriteRecords(retentionScope(cutoffs), (records) => planRewrite(records, rules));
  const counts = results.reduce<RewriteCounts>((a, b) => addCounts(a, b), {});
  const auditPruned = await audit.prune(cutoffs.audit);
  await audit.append({
    at: (opts.now?.() ?? new Date()).toISOString(),
    actor: opts.actor ?? 'system',
    action: 'privacy.retention',
    params: { today, ...Object.fromEntries(Object.entries(policy).map(([k, v]) => [`months.${k}`, v])) },
    result: { ...flatCounts(counts), ...(auditPruned ? { 'audit.deleted': auditPruned } : {}) },
  });
  return { today, cutoffs, counts, auditPruned };
}

export interface RetentionCheck {
  cutoffs: RetentionCutoffs;
  /** Records (or record versions in files) still due, per kind; empty = nothing older remains. */
  due: RewriteCounts;
  /** What was looked at: the store's tables, or the lowdb files read. */
  sources: string[];
}

/** Applies the rules without writing anything; `due` lists what a run would still remove. */
export async function checkRetention(
  target: { kind: 'lowdb'; dataDir: string } | { kind: 'postgres'; store: MaintainableStore },
  policy: RetentionPolicy,
  today: IsoDate,
): Promise<RetentionCheck> {
  const cutoffs = retentionCutoffs(policy, today);
  const rules = retentionRules(cutoffs);
  if (target.kind === 'lowdb') {
    const { records, files } = await readLowdbFiles(target.dataDir);
    return { cutoffs, due: planRewrite(records, rules).result, sources: files };
  }
  const results = await target.store.rewriteRecords(retentionScope(cutoffs), (records: RecordSet) => ({
    changes: {},
    deleted: {},
    result: planRewrite(records, rules).result,
  }));
  return { cutoffs, due: results.reduce<RewriteCounts>((a, b) => addCounts(a, b), {}), sources: ['PostgreSQL tables'] };
}
