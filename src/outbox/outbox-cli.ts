/**
 * The outbox for administrators, from the command line:
 *
 *   npm run outbox -- list                      pending and dead jobs (newest last)
 *   npm run outbox -- list --status dead        only dead-lettered jobs (also: pending, done, all)
 *   npm run outbox -- list --type calendar.upsert-day
 *   npm run outbox -- retry <jobId> [<jobId>…]  run dead jobs again
 *   npm run outbox -- retry --all-dead
 *   npm run outbox -- reconcile [--person <id>] [--from YYYY-MM-DD --to YYYY-MM-DD]
 *                                               repair the Outlook events (missing → created,
 *                                               orphans of THIS deployment → deleted), for one
 *                                               person or everyone; default from today, 30 days
 *   (any command) --operator "<name>"          who runs it, for the audit trail (default: the OS user)
 *
 * "retry" queues a fresh copy of the dead job (same type and payload, due now, attempts 0; the
 * dedupe key `retry-of:<jobId>` makes a repeated retry harmless) and marks the dead job done with
 * `{ retriedAs }`. Every job is idempotent, so running one again does not double anything.
 *
 * The configuration comes from the environment exactly as for the bot (`loadConfig`): STORE,
 * DATA_DIR or DATABASE_URL. With PostgreSQL it is safe to run next to running bots. With lowdb
 * (one process owns the files): STOP THE BOT FIRST for `list` and `retry` — `list` would read a
 * possibly stale snapshot and `retry` would write files the running bot overwrites. `reconcile`
 * works while the bot runs on lowdb too: it never opens the store but drops a request into
 * `<DATA_DIR>/admin-requests/`, which the bot queues within seconds (or at its next start), see
 * src/outbox/admin-inbox.ts. With PostgreSQL it queues the job itself.
 *
 * Exit codes: 0 done; 2 wrong arguments or configuration; 1 anything else.
 */
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { JOB } from '../app/job-types.js';
import { dropAdminRequest } from './admin-inbox.js';
import { isConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { applyEnvFileForCli } from '../config/env-file.js';
import { openLowdbStore } from '../store/lowdb-store.js';
import { openPostgresStore } from '../store/postgres-store.js';
import type { NewOutboxJob, OutboxJob, OutboxStatus, Store } from '../store/store.js';
import { OperatorError, openAuditLog, operatorOrOsUser } from '../privacy/audit-log.js';

const USAGE =
  'usage: npm run outbox -- list [--status pending|dead|done|all] [--type <jobType>] | retry <jobId>… | retry --all-dead | reconcile [--person <id>] [--from YYYY-MM-DD --to YYYY-MM-DD]';

export class OutboxUsageError extends Error {
  override readonly name = 'OutboxUsageError';
}

export type OutboxCommand =
  | { kind: 'list'; status: OutboxStatus | 'all' | 'open'; type?: string }
  | { kind: 'retry'; ids: string[]; allDead: boolean }
  | { kind: 'reconcile'; personId?: string; from?: string; to?: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string): boolean => ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export function parseOutboxArgs(argv: readonly string[]): OutboxCommand {
  const [verb, ...rest] = argv;
  if (verb === 'list') {
    let status: OutboxCommand & { kind: 'list' } = { kind: 'list', status: 'open' };
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      const value = rest[i + 1];
      if (arg === '--status' && value && ['pending', 'dead', 'done', 'all'].includes(value)) {
        status = { ...status, status: value as OutboxStatus | 'all' };
        i++;
      } else if (arg === '--type' && value) {
        status = { ...status, type: value };
        i++;
      } else throw new OutboxUsageError(`unknown or incomplete option ${JSON.stringify(arg)}\n${USAGE}`);
    }
    return status;
  }
  if (verb === 'retry') {
    const allDead = rest.includes('--all-dead');
    const ids = rest.filter((a) => a !== '--all-dead');
    if (ids.some((a) => a.startsWith('--'))) throw new OutboxUsageError(`unknown option\n${USAGE}`);
    if (allDead === ids.length > 0) throw new OutboxUsageError(`retry needs job ids or --all-dead (not both)\n${USAGE}`);
    return { kind: 'retry', ids, allDead };
  }
  if (verb === 'reconcile') {
    const cmd: { kind: 'reconcile'; personId?: string; from?: string; to?: string } = { kind: 'reconcile' };
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i];
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new OutboxUsageError(`${String(arg)} needs a value\n${USAGE}`);
      if (arg === '--person') cmd.personId = value.toLowerCase();
      else if (arg === '--from' || arg === '--to') {
        if (!isRealDate(value)) throw new OutboxUsageError(`${arg} must be a date like 2026-12-01 (got ${JSON.stringify(value)})\n${USAGE}`);
        cmd[arg === '--from' ? 'from' : 'to'] = value;
      } else throw new OutboxUsageError(`unknown option ${JSON.stringify(arg)}\n${USAGE}`);
      i++;
    }
    if ((cmd.from === undefined) !== (cmd.to === undefined)) throw new OutboxUsageError(`--from and --to go together\n${USAGE}`);
    if (cmd.from && cmd.to) {
      if (cmd.from > cmd.to) throw new OutboxUsageError(`--from ${cmd.from} is after --to ${cmd.to}`);
      if ((Date.parse(cmd.to) - Date.parse(cmd.from)) / 86_400_000 > 400) throw new OutboxUsageError('at most 400 days at once');
    }
    return cmd;
  }
  throw new OutboxUsageError(USAGE);
}

/** The outbox job of a `reconcile` command (run by the bot's calendar handlers). */
export function reconcileJob(cmd: { personId?: string; from?: string; to?: string }, now = new Date()): NewOutboxJob {
  const requestId = randomUUID();
  return {
    type: JOB.calendarReconcile,
    payload: {
      date: now.toISOString().slice(0, 10),
      onDemand: requestId,
      ...(cmd.personId ? { personId: cmd.personId } : {}),
      ...(cmd.from ? { from: cmd.from } : {}),
      ...(cmd.to ? { to: cmd.to } : {}),
    },
    dedupeKey: `reconcile-on-demand:${requestId}`,
  };
}

/** Runs one command against an open store; writes lines through `out`. */
export async function runOutboxCommand(cmd: OutboxCommand, store: Store, out: (line: string) => void, now = new Date()): Promise<number> {
  if (cmd.kind === 'reconcile') {
    const job = await store.transact((tx) => tx.enqueue(reconcileJob(cmd, now)));
    out(`reconciliation queued as job ${job.id}${cmd.personId ? ` for ${cmd.personId}` : ' for everyone'}; the bot runs it (see "list --type calendar.reconcile-person")`);
    return 0;
  }
  if (cmd.kind === 'list') {
    const jobs = await store.read(async (r) => {
      const filter = cmd.type ? { type: cmd.type } : {};
      if (cmd.status === 'all') return r.listJobs(filter);
      if (cmd.status === 'open') return [...await r.listJobs({ ...filter, status: 'pending' }), ...await r.listJobs({ ...filter, status: 'dead' })];
      return r.listJobs({ ...filter, status: cmd.status });
    });
    jobs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    for (const job of jobs) out(formatJob(job));
    out(`${jobs.length} job(s)`);
    return 0;
  }
  const targets = await store.read(async (r) =>
    cmd.allDead ? await r.listJobs({ status: 'dead' }) : Promise.all(cmd.ids.map(async (id) => (await r.getJob(id)) ?? id)),
  );
  let failed = 0;
  const retried: Array<{ old: OutboxJob; copy: OutboxJob }> = [];
  await store.transact(async (tx) => {
    for (const t of targets) {
      if (typeof t === 'string') {
        out(`${t}: no such job`);
        failed++;
      } else if (t.status !== 'dead') {
        out(`${t.id}: not dead (status ${t.status}), left alone`);
        failed++;
      } else {
        const copy = await tx.enqueue({ type: t.type, payload: t.payload, dueAt: now.toISOString(), dedupeKey: `retry-of:${t.id}` });
        retried.push({ old: t, copy });
      }
    }
  });
  for (const { old, copy } of retried) {
    await store.completeJob(old.id, now.toISOString(), { retriedAs: copy.id });
    out(`${old.id}: queued again as ${copy.id} (${old.type})`);
  }
  out(`${retried.length} job(s) queued again`);
  return failed > 0 ? 1 : 0;
}

function formatJob(job: OutboxJob): string {
  const error = job.lastError ? `  ${job.lastError.replace(/\s+/g, ' ').slice(0, 160)}` : '';
  return `${job.id}  ${job.status.padEnd(7)}  ${job.type.padEnd(26)}  attempts=${job.attempts}  due=${job.dueAt}${error}`;
}

async function openStoreFor(config: AppConfig): Promise<Store> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new OutboxUsageError('DATABASE_URL is required for STORE=postgres');
    return openPostgresStore({ connectionString: config.databaseUrl });
  }
  return openLowdbStore({ dataDir: config.dataDir });
}

/** `--operator <name>` anywhere in the arguments (for the audit trail; default the OS user). */
function takeOperator(argv: readonly string[]): { operator: string | undefined; rest: string[] } {
  const i = argv.indexOf('--operator');
  if (i === -1) return { operator: undefined, rest: [...argv] };
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new OutboxUsageError(`--operator needs a name\n${USAGE}`);
  return { operator: value, rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

async function recordOutboxAccess(config: AppConfig, cmd: OutboxCommand, operator: string | undefined): Promise<void> {
  const audit = openAuditLog(config);
  try {
    const params: Record<string, string | number | boolean> =
      cmd.kind === 'list'
        ? { status: cmd.status, ...(cmd.type ? { type: cmd.type } : {}) }
        : cmd.kind === 'retry'
          ? { jobs: cmd.ids.join(','), allDead: cmd.allDead }
          : { ...(cmd.personId ? { person: cmd.personId } : {}), ...(cmd.from ? { from: cmd.from } : {}), ...(cmd.to ? { to: cmd.to } : {}) };
    await audit.append({ at: new Date().toISOString(), actor: operatorOrOsUser(operator), action: `outbox.${cmd.kind}`, params });
  } finally {
    await audit.close();
  }
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let store: Store | undefined;
  try {
    const { operator, rest } = takeOperator(argv);
    const cmd = parseOutboxArgs(rest);
    const config = loadConfig(env);
    await recordOutboxAccess(config, cmd, operator); // audit trail (src/privacy/audit-log.ts), before any read
    if (cmd.kind === 'reconcile' && !config.graph) throw new OutboxUsageError('reconcile needs Microsoft Graph (GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET)');
    if (cmd.kind === 'reconcile' && config.store === 'lowdb') return await askRunningBot(config.dataDir, cmd, (line) => process.stdout.write(`${line}\n`));
    store = await openStoreFor(config);
    return await runOutboxCommand(cmd, store, (line) => process.stdout.write(`${line}\n`));
  } catch (e) {
    if (e instanceof OutboxUsageError || e instanceof OperatorError || isConfigError(e)) {
      process.stderr.write(`Aufruf oder Konfiguration fehlerhaft / wrong call or configuration:\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}

/**
 * lowdb: the request goes to the bot through `<DATA_DIR>/admin-requests/` (never through the store
 * files it owns). Waits up to `waitMs` for a running bot to take it.
 */
export async function askRunningBot(
  dataDir: string,
  cmd: { personId?: string; from?: string; to?: string },
  out: (line: string) => void,
  waitMs = 10_000,
): Promise<number> {
  const { id, file } = await dropAdminRequest(dataDir, reconcileJob(cmd));
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (!(await exists(file))) {
      out(`reconciliation request ${id} taken by the running bot${cmd.personId ? ` (for ${cmd.personId})` : ' (for everyone)'}`);
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  out(`no running bot took request ${id} within ${Math.round(waitMs / 1000)} s: it waits in ${file} and is queued when the bot starts`);
  return 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = applyEnvFileForCli() ?? (await main(process.argv.slice(2)));
}
