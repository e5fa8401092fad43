/**
 * The outbox worker's calls (not inside a port transaction). Several workers, in one process or
 * several, claim with `FOR UPDATE SKIP LOCKED` in READ COMMITTED: each due job goes to exactly one
 * claim, a job being claimed by another worker is skipped rather than waited for, and a claim
 * whose `locked_until` has passed (the worker died) can be taken again.
 */
import type { JobTypeFilter, OutboxJob } from '../store.js';
import type { Queryable } from './pg-reader.js';

export async function claimDueJobs(
  db: Queryable,
  s: string,
  now: string,
  lockUntil: string,
  limit: number,
  filter?: JobTypeFilter,
): Promise<OutboxJob[]> {
  const res = await db.query<{ doc: OutboxJob }>(
    `UPDATE ${s}.outbox_jobs SET locked_until = $2, doc = jsonb_set(doc, '{lockedUntil}', to_jsonb($4::text))
      WHERE id IN (SELECT id FROM ${s}.outbox_jobs
                    WHERE status = 'pending' AND due_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
                      AND ($5::text[] IS NULL OR type = ANY($5)) AND ($6::text[] IS NULL OR NOT (type = ANY($6)))
                    ORDER BY due_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING doc`,
    [now, lockUntil, Math.max(0, limit), lockUntil, filter?.types ?? null, filter?.excludeTypes ?? null],
  );
  return res.rows.map((r) => r.doc).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.createdAt.localeCompare(b.createdAt));
}

/** Locks a job row, lets `change` compute its new doc (undefined = leave it), writes it. */
export async function updateJob(db: Queryable, s: string, id: string, change: (job: OutboxJob) => OutboxJob | undefined): Promise<void> {
  const res = await db.query<{ doc: OutboxJob }>(`SELECT doc FROM ${s}.outbox_jobs WHERE id = $1 FOR UPDATE`, [id]);
  const job = res.rows[0]?.doc;
  if (!job) throw new Error(`outbox job ${id} not found`);
  const next = change(job);
  if (next) {
    await db.query(`UPDATE ${s}.outbox_jobs SET status = $2, due_at = $3, locked_until = NULL, done_at = $4, doc = $5 WHERE id = $1`, [
      id,
      next.status,
      next.dueAt,
      next.doneAt ?? null,
      JSON.stringify(next),
    ]);
  }
}

function withoutClaim(job: OutboxJob): OutboxJob {
  const rest = { ...job };
  delete rest.lockedUntil;
  return rest;
}

export function completed(doneAt: string, result: unknown): (job: OutboxJob) => OutboxJob | undefined {
  return (job) => {
    if (job.status === 'done') return undefined;
    const rest = withoutClaim(job);
    return { ...rest, status: 'done', doneAt, ...(result !== undefined ? { result } : {}) };
  };
}

export function failed(error: string, nextDueAt: string, dead: boolean): (job: OutboxJob) => OutboxJob | undefined {
  return (job) => {
    if (job.status !== 'pending') return undefined;
    const rest = withoutClaim(job);
    return { ...rest, attempts: job.attempts + 1, lastError: error, dueAt: nextDueAt, status: dead ? 'dead' : 'pending' };
  };
}

/** Earliest moment a pending job (of the filter's types) can be claimed: its due time, or the end of its claim. */
export async function nextDueAt(db: Queryable, s: string, filter?: JobTypeFilter): Promise<string | undefined> {
  const res = await db.query<{ doc: OutboxJob }>(
    `SELECT doc FROM ${s}.outbox_jobs WHERE status = 'pending'
        AND ($1::text[] IS NULL OR type = ANY($1)) AND ($2::text[] IS NULL OR NOT (type = ANY($2)))
      ORDER BY greatest(due_at, coalesce(locked_until, due_at)) LIMIT 1`,
    [filter?.types ?? null, filter?.excludeTypes ?? null],
  );
  const job = res.rows[0]?.doc;
  if (!job) return undefined;
  return job.lockedUntil !== undefined && Date.parse(job.lockedUntil) > Date.parse(job.dueAt) ? job.lockedUntil : job.dueAt;
}
