/**
 * One process owns a lowdb data directory: `<dataDir>/store.lock`, created atomically with
 * `open(path, 'wx')` (O_CREAT|O_EXCL on a local disk), holds the owner as JSON
 * (pid, host, command, since). A second bot, the outbox CLI, the privacy CLI or any store tool
 * opening the same directory gets a `DataDirLockedError` naming that owner and refuses to start.
 *
 * Stale lock: when the lock names this host and its pid is no longer alive (kill -9, power cut;
 * `process.kill(pid, 0)` → ESRCH), or it is alive but started after the lock was taken (the pid
 * was reused; Linux `/proc/<pid>/stat` start time), the lock is taken over and a warning is
 * logged. A lock of another host is never taken over (a shared network directory): the operator
 * removes it after checking that host. A lock file that is empty or not JSON (a crash between
 * create and write) counts as stale after 10 s.
 *
 * A lock naming another directory was copied along with the data (a restored backup) and does
 * not lock this one.
 *
 * The takeover is itself race-free: the stale file is renamed to a unique name first (only one
 * process wins the rename), then the winner creates the lock with 'wx' again.
 */
import { readFileSync } from 'node:fs';
import { open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'store.lock';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
  /** Linux: the process start time in clock ticks since boot (guards against pid reuse). */
  startTicks?: number;
  /** The directory locked: a lock file copied along with the data (a backup, a test's crash copy) does not lock the copy. */
  dir?: string;
}

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED' as const;
  constructor(
    readonly file: string,
    readonly owner: LockOwner | undefined,
  ) {
    super(
      owner
        ? `${file}: the data directory is in use by pid ${owner.pid} on ${owner.host} (${owner.command}) since ${owner.since}; ` +
            'stop that process first (one process owns a lowdb data directory)'
        : `${file}: the data directory is locked by another process (lock file unreadable); stop it first`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): Promise<void>;
}

function startTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name "(...)": state is field 3, starttime field 22
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string') {
      return {
        pid: v.pid,
        host: v.host,
        command: typeof v.command === 'string' ? v.command : '?',
        since: v.since,
        ...(typeof v.startTicks === 'number' ? { startTicks: v.startTicks } : {}),
        ...(typeof v.dir === 'string' ? { dir: v.dir } : {}),
      };
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** Why the lock is stale, or undefined while its owner may still run. */
function staleReason(owner: LockOwner, dir: string): string | undefined {
  if (owner.dir !== undefined && owner.dir !== dir) return `the lock was copied from ${owner.dir}`;
  if (owner.host !== hostname()) return undefined;
  if (!isAlive(owner.pid)) return `pid ${owner.pid} is no longer running`;
  if (owner.startTicks !== undefined) {
    const now = startTicksOf(owner.pid);
    if (now !== undefined && now !== owner.startTicks) return `pid ${owner.pid} now belongs to another process`;
  }
  return undefined;
}

export interface LockOptions {
  /** Called once when a stale lock is taken over. */
  onStaleTakeover?: (message: string) => void;
  /** What the owner is, for the message of a refused second process (default: argv). */
  command?: string;
}

/** Takes the exclusive lock on `dir` or throws `DataDirLockedError`. */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const dir = await realpath(dataDir); // one name for the directory, whatever symlink led here
  const file = path.join(dir, LOCK_FILE);
  const command = options.command ?? process.argv.slice(1).map((a) => path.basename(a)).join(' ');
  const startTicks = startTicksOf(process.pid);
  const me: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), ...(startTicks !== undefined ? { startTicks } : {}), dir };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(file, 'wx');
      try {
        await fh.writeFile(JSON.stringify(me));
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { file, release: () => releaseLock(file, me) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`${file}: cannot create the lock file: ${(e as Error).message}`, { cause: e });
    }
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // removed meanwhile: try again
    const owner = parseOwner(text);
    let reason: string | undefined;
    if (owner) reason = staleReason(owner, dir);
    else {
      const age = Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now());
      if (age < 10_000) throw new DataDirLockedError(file, undefined);
      reason = 'the lock file is unreadable and older than 10 s';
    }
    if (!reason) throw new DataDirLockedError(file, owner);
    const aside = `${file}.stale-${process.pid}-${Date.now()}`;
    try {
      await rename(file, aside); // only one contender wins this
    } catch {
      continue;
    }
    // Re-check what we moved: another process may have replaced the stale lock in between.
    const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''));
    if (moved && owner && (moved.pid !== owner.pid || moved.since !== owner.since) && !staleReason(moved, dir)) {
      await rename(aside, file).catch(() => undefined);
      throw new DataDirLockedError(file, moved);
    }
    await rm(aside, { force: true });
    options.onStaleTakeover?.(
      `${file}: taking over a stale lock (${reason}; it was held by ${owner ? `pid ${owner.pid} on ${owner.host} (${owner.command}) since ${owner.since}` : 'an unknown process'})`,
    );
  }
  throw new Error(`${file}: could not take the lock after 5 attempts`);
}

async function releaseLock(file: string, me: LockOwner): Promise<void> {
  const owner = parseOwner(await readFile(file, 'utf8').catch(() => ''));
  if (owner && owner.pid === me.pid && owner.since === me.since) await rm(file, { force: true });
}
