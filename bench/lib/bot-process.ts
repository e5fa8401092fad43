/**
 * The bot as its own process for a benchmark: `node --import tsx src/index.ts` on a lowdb data
 * directory (a fresh temporary one unless given), local mode, port 0, the log level given
 * (production: info), no `.env` of the developer's. Resolves once it logged `started`, with its
 * address, its memory, its CPU time and a stop. `startEchoBot` starts the bare botbuilder echo bot
 * (bench/lib/echo-bot.ts) the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchBot {
  child: ChildProcess;
  baseUrl: string;
  /** ms from spawn to the `started` log line (the port is bound). */
  startedMs: number;
  stderr(): string;
  rssMiB(): Promise<number>;
  /** User + system CPU time of the process so far, in ms (from /proc/<pid>/stat). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const USER_HZ = 100;

export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

export async function rssMiBOf(pid: number): Promise<number> {
  return Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

async function startProcess(script: string, env: Record<string, string>, cleanup: () => Promise<void>, nodeArgs: string[] = []): Promise<BenchBot> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--disable-warning=DEP0111', '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ENV_FILE: '/dev/null', PORT: '0', LOG_LEVEL: 'info', MicrosoftAppId: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      let buf = '';
      const onData = (chunk: string) => {
        buf += chunk;
        const line = buf.split('\n').find((l) => l.includes('"event":"started"'));
        if (line) {
          child.stdout!.off('data', onData);
          resolve((JSON.parse(line) as { port: number }).port);
        } else if (buf.length > 1_000_000) buf = buf.slice(-10_000);
      };
      child.stdout!.setEncoding('utf8').on('data', onData);
      child.once('exit', (code) => reject(new Error(`${script} exited (${String(code)}) before it started: ${stderr.trim().split('\n').slice(-3).join(' | ')}`)));
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const startedMs = performance.now() - started;
  child.stdout!.resume(); // the log lines are read and dropped, as a log collector would
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    startedMs,
    stderr: () => stderr,
    rssMiB: () => rssMiBOf(child.pid!),
    cpuMs: () => cpuMsOf(child.pid!),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await exited;
        clearTimeout(timer);
      }
      await cleanup();
    },
  };
}

/**
 * The product bot. `dataDir`: use this data directory (removed on stop when `removeDataDir`);
 * default a fresh empty one.
 */
export async function startBenchBot(env: Record<string, string> = {}, opts: { dataDir?: string; removeDataDir?: boolean; nodeArgs?: string[] } = {}): Promise<BenchBot> {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'bench-bot-')));
  const remove = opts.dataDir === undefined || opts.removeDataDir === true;
  return startProcess('src/index.ts', { DATA_DIR: dataDir, ...env }, async () => {
    if (remove) await rm(dataDir, { recursive: true, force: true });
  }, opts.nodeArgs);
}

/** The bare botbuilder echo bot on restify (bench/lib/echo-bot.ts), its own process. */
export function startEchoBot(): Promise<BenchBot> {
  return startProcess('bench/lib/echo-bot.ts', {}, async () => undefined);
}

/** Polls GET `url` until it answers 200; resolves with the ms waited. */
export async function waitFor200(url: string, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not yet
    }
    if (performance.now() - t0 > timeoutMs) throw new Error(`${url} not 200 after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
