/**
 * The daily retention run inside the bot: at 03:00 local time (after the calendar
 * reconciliation at 02:00) `runRetention` deletes and anonymises what is past its period, then
 * the next night is scheduled. A timer, not an outbox job: the run reads and writes only the
 * store (no side effect to retry), and a failed run is simply repeated the next night (or at
 * once with `npm run privacy -- retention`). With several bot processes on one PostgreSQL each
 * runs it; the runs are idempotent and serialised batch by batch by the store's lock.
 *
 * The timer is unref'd (it never keeps a stopping process alive); `stop()` waits for a run in
 * progress. Only stores with `RecordMaintenance` (both real adapters) get the scheduler.
 */
import { nextReconcileAt } from '../app/calendar-sync.js';
import { localDate } from '../domain/local-time.js';
import { retentionOf } from '../domain/retention-periods.js';
import type { Policy } from '../domain/model.js';
import type { Logger } from '../observability/logger.js';
import type { MaintainableStore, Store } from '../store/store.js';
import type { AuditLog } from './audit-log.js';
import { flatCounts, runRetention, type RetentionRun } from './retention.js';

export const RETENTION_LOCAL_TIME = '03:00';

export function isMaintainable(store: Store): store is MaintainableStore {
  const s = store as Partial<MaintainableStore>;
  return typeof s.rewriteRecords === 'function' && typeof s.findRecords === 'function';
}

/** When the next run is due: 03:00 local today if still ahead, else tomorrow. */
export function nextRetentionAt(now: Date, timeZone: string): Date {
  return nextReconcileAt(now, timeZone, RETENTION_LOCAL_TIME).dueAt;
}

export interface RetentionJobDeps {
  store: MaintainableStore;
  audit: AuditLog;
  policy: Policy;
  logger: Logger;
  now: () => Date;
}

export class RetentionScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(private readonly deps: RetentionJobDeps) {}

  start(): void {
    this.stopped = false;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = this.deps.now();
    const due = nextRetentionAt(now, this.deps.policy.organisation.timeZone);
    // setTimeout holds at most ~24.8 days; a night is always less.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow()
        .catch(() => undefined) // logged in runNow
        .finally(() => this.scheduleNext());
    }, Math.max(1000, due.getTime() - now.getTime()));
    this.timer.unref();
  }

  /** One run now (also used by tests). Logs the counts, or the failure. */
  async runNow(): Promise<RetentionRun> {
    const { store, audit, policy, logger, now } = this.deps;
    const today = localDate(now(), policy.organisation.timeZone);
    const run = runRetention(store, audit, retentionOf(policy), today, { now });
    this.running = run.catch(() => undefined);
    try {
      const result = await run;
      logger.info('retention_done', { today, ...flatCounts(result.counts), auditPruned: result.auditPruned });
      return result;
    } catch (e) {
      logger.error('retention_failed', { today, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
