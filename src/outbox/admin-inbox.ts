/**
 * How an administrator's command reaches a RUNNING bot on the embedded (lowdb) store.
 *
 * The lowdb store belongs to one process: it keeps the state in memory and appends to its journal;
 * a second process writing the same files would be overwritten, and what it wrote would stay
 * unseen by the bot until a restart. So the CLI never opens a lowdb store for writing. It drops a
 * request file into `<DATA_DIR>/admin-requests/` instead (written to a temporary name, then renamed:
 * the bot never sees half a file). The bot looks there at start and every `intervalMs`, turns each
 * request into outbox jobs in one store write (the request id is the dedupe key, so a request read
 * twice queues once) and deletes the file. When no bot runs, the file waits for the next start.
 *
 * With PostgreSQL the CLI queues the job itself: the store is made for several processes.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorFields, type Logger } from '../observability/logger.js';
import type { NewOutboxJob, Store } from '../store/store.js';

export const INBOX_DIR = 'admin-requests';

/** A request: the outbox job to queue (type and payload are checked by that job's handler). */
const requestSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  createdAt: z.string(),
  job: z.object({ type: z.string().min(1).max(100), payload: z.unknown() }),
});
export type AdminRequest = z.output<typeof requestSchema>;

/** The job types an administrator may queue this way. */
export const ALLOWED_TYPES = new Set(['calendar.reconcile']);

/** CLI side: writes the request atomically; resolves with its file path. */
export async function dropAdminRequest(dataDir: string, job: NewOutboxJob): Promise<{ id: string; file: string }> {
  const dir = path.join(path.resolve(dataDir), INBOX_DIR);
  await mkdir(dir, { recursive: true });
  const id = randomUUID();
  const request: AdminRequest = { id, createdAt: new Date().toISOString(), job: { type: job.type, payload: job.payload } };
  const file = path.join(dir, `${id}.json`);
  const tmp = path.join(dir, `.${id}.tmp`);
  await writeFile(tmp, JSON.stringify(request), { mode: 0o600 });
  await rename(tmp, file);
  return { id, file };
}

/** Bot side: reads and queues every waiting request; resolves with how many were queued. */
export async function takeAdminRequests(dataDir: string, store: Store, logger: Logger): Promise<number> {
  const dir = path.join(path.resolve(dataDir), INBOX_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json'));
  } catch {
    return 0; // no directory: nothing asked
  }
  let queued = 0;
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    let parsed: ReturnType<typeof requestSchema.safeParse>;
    try {
      parsed = requestSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    } catch {
      parsed = requestSchema.safeParse(undefined);
    }
    if (!parsed.success || !ALLOWED_TYPES.has(parsed.data.job.type)) {
      logger.warn('admin_request_refused', { file: name });
      await rm(file, { force: true });
      continue;
    }
    const request = parsed.data;
    try {
      await store.transact(async (tx) => {
        await tx.enqueue({ type: request.job.type, payload: request.job.payload, dedupeKey: `admin-request:${request.id}` });
      });
      await rm(file, { force: true });
      logger.info('admin_request_queued', { requestId: request.id, jobType: request.job.type });
      queued++;
    } catch (err) {
      logger.error('admin_request_failed', { requestId: request.id, ...errorFields(err) }); // tried again next round
    }
  }
  return queued;
}

/** Looks for requests at once and every `intervalMs`; `stop()` ends it. */
export function watchAdminRequests(input: { dataDir: string; store: Store; logger: Logger; onQueued: () => void; intervalMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = (): void => {
    running = running.then(async () => {
      if (stopped) return;
      if ((await takeAdminRequests(input.dataDir, input.store, input.logger)) > 0) input.onQueued();
    });
  };
  round();
  const timer = setInterval(round, input.intervalMs ?? 2000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
