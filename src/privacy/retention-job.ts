/**
 * The daily retention run inside the bot: an outbox job `privacy.retention` due at 03:00 local
 * time (after the calendar reconciliation at 02:00), which runs `runRetention` and queues the
 * next night's job. The date is the dedupe key, so a restart never queues a night twice, and a
 * run that fails is retried by the outbox with back-off (running it again is harmless: what was
 * removed is gone, what is due is removed).
 *
 * Only stores with `RecordMaintenance` (both real adapters) get the job.
 */
import { nextReconcileAt } from '../app/calendar-sync.js';
import { localDate } from '../app/clock.js';
import { retentionOf } from '../domain/retention-periods.js';
import type { Policy } from '../domain/model.js';
import type { Logger } from '../observability/logger.js';
import type { MaintainableStore, Store, StoreTx } from '../store/store.js';
import type { AuditLog } from './audit-log.js';
import { flatCounts, runRetention } from './retention.js';

export const RETENTION_JOB = 'privacy.retention';
export const RETENTION_LOCAL_TIME = '03:00';

export function isMaintainable(store: Store): store is MaintainableStore {
  const s = store as Partial<MaintainableStore>;
  return typeof s.rewriteRecords === 'function' && typeof s.findRecords === 'function';
}

/** Queues the next run (03:00 local, today if still ahead, else tomorrow). */
export function scheduleRetention(tx: Pick<StoreTx, 'enqueue'>, now: Date, timeZone: string): void {
  const { date, dueAt } = nextReconcileAt(now, timeZone, RETENTION_LOCAL_TIME);
  tx.enqueue({ type: RETENTION_JOB, payload: { date }, dueAt: dueAt.toISOString(), dedupeKey: `privacy-retention:${date}` });
}

export interface RetentionJobDeps {
  store: MaintainableStore;
  audit: AuditLog;
  policy: Policy;
  logger: Logger;
  now: () => Date;
}

export function createRetentionJobHandlers(deps: RetentionJobDeps): Record<string, () => Promise<unknown>> {
  return {
    [RETENTION_JOB]: async () => {
      const { store, audit, policy, logger, now } = deps;
      const timeZone = policy.organisation.timeZone;
      const today = localDate(now(), timeZone);
      const run = await runRetention(store, audit, retentionOf(policy), today, { now });
      logger.info('retention_done', { today, ...flatCounts(run.counts), auditPruned: run.auditPruned });
      await store.transact((tx) => scheduleRetention(tx, now(), timeZone));
      return { today, ...flatCounts(run.counts) };
    },
  };
}
