/**
 * Runs of the load generator (bench/load/turn-load.ts, its own process) against a bot process, with
 * the bot's CPU time over the run, and a prober that measures a cheap request's latency meanwhile.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, type BenchBot } from './bot-process.js';

export interface LoadSpec {
  kind: 'echo' | 'book' | 'week' | 'find' | 'mine';
  connections: number;
  seconds?: number;
  amount?: number;
  planFile?: string;
  start?: number;
  people?: string[];
  date?: string;
}

export interface LoadResult {
  kind: string;
  sent: number;
  answered: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  confirmed: number;
  other: number;
  samples: string[];
  seconds: number;
  turnsPerSecond: number;
  p50: number;
  /** autocannon has no p95: p97.5 is the nearest figure at or above it. */
  p97_5: number;
  p99: number;
  max: number;
  /** CPU ms of the bot process per answered turn over the run. */
  cpuMsPerTurn: number;
}

let specs = 0;

/** One load run against `bot` (its own process); resolves with the generator's figures and the bot's CPU per turn. */
export async function runLoad(bot: BenchBot, spec: LoadSpec, workDir: string): Promise<LoadResult> {
  const file = path.join(workDir, `load-${process.pid}-${specs++}.json`);
  await writeFile(file, JSON.stringify({ url: `${bot.baseUrl}/api/messages`, ...spec }));
  const cpu0 = await bot.cpuMs();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bench/load/turn-load.ts', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`load generator exited ${String(code)}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))));
  });
  const cpu1 = await bot.cpuMs();
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Omit<LoadResult, 'cpuMsPerTurn'>;
  await settle(bot);
  return { ...r, cpuMsPerTurn: r.answered > 0 ? (cpu1 - cpu0) / r.answered : NaN };
}

/**
 * Waits until the bot is idle (under 50 ms CPU in 500 ms, at most 3 minutes): turns still in work
 * when a timed run ended must not run into the next run (which may be the baseline's).
 */
export async function settle(bot: BenchBot): Promise<void> {
  const until = performance.now() + 180_000;
  let last = await bot.cpuMs();
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await bot.cpuMs();
    if (now - last < 50) return;
    last = now;
  }
}

export const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** GETs `url` every `everyMs` until stopped; the time each probe took (ms), failed ones included. */
export function startProber(url: string, everyMs = 20): { stop(): Promise<{ latencies: number[]; failures: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      // A failed or timed-out probe waited too: its time counts as a pause.
      latencies.push(performance.now() - t0);
      const wait = everyMs - (performance.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

export const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');
