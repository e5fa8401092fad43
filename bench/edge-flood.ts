/**
 * Target (DESIGN, issue "the edge holds"): `/healthz` answers within 100 ms under any load, and a
 * flood from one person is refused for that person (429) instead of slowing everyone down.
 *
 *   node --import tsx bench/edge-flood.ts [rate=2000] [seconds=10]
 *
 * The bot runs as its own process at its production log level (info), on a fresh lowdb data
 * directory; the load generator (bench/load/flood-client.ts) is a second process sending `rate`
 * messages per second from one person. This process probes `/healthz` every 20 ms: first with no
 * load (baseline), then during the flood. Prints the p50/p99/max probe times of both, their ratio,
 * the flood's answers by status and the bot's memory before and after. Exit 1 when the p99 under
 * flood is over 100 ms or any answer was a 5xx other than the door's 503 (Busy).
 */
import { spawn } from 'node:child_process';
import { ROOT, startBenchBot } from './lib/bot-process.js';
import { reportResult } from './lib/result.js';

const RATE = Number(process.argv[2] ?? 2000);
const SECONDS = Number(process.argv[3] ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function probe(base: string, ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t = performance.now();
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => undefined);
    times.push(res?.ok ? performance.now() - t : 5000);
    await res?.text();
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}


const bot = await startBenchBot();
const base = bot.baseUrl;

try {
  const rssBefore = await bot.rssMiB();
  const idle = await probe(base, 3000);
  const client = spawn(process.execPath, ['--import', 'tsx', 'bench/load/flood-client.ts', `${base}/api/messages`, String(RATE), String(SECONDS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let summary = '';
  client.stdout.setEncoding('utf8').on('data', (c: string) => (summary += c));
  const clientDone = new Promise<void>((resolve) => client.once('exit', () => resolve()));
  await new Promise((r) => setTimeout(r, 500)); // the generator's own start (tsx)
  const loaded = await probe(base, SECONDS * 1000 - 1000);
  await clientDone;
  const rssAfter = await bot.rssMiB();
  const flood = JSON.parse(summary.trim() || '{}') as { sent?: number; statuses?: Record<string, number> };
  const p99Idle = percentile(idle, 99);
  const p99Loaded = percentile(loaded, 99);
  const rows = [
    ['healthz idle (baseline)', percentile(idle, 50), p99Idle, Math.max(...idle)],
    ['healthz under flood', percentile(loaded, 50), p99Loaded, Math.max(...loaded)],
  ];
  console.log(`flood: ${flood.sent ?? 0} requests at ${RATE}/s for ${SECONDS} s from one person → ${JSON.stringify(flood.statuses ?? {})}`);
  console.log('probe                      p50 ms   p99 ms   max ms');
  for (const [name, p50, p99, max] of rows) console.log(`${String(name).padEnd(26)} ${Number(p50).toFixed(1).padStart(6)} ${Number(p99).toFixed(1).padStart(8)} ${Number(max).toFixed(1).padStart(8)}`);
  console.log(`ratio p99 flood/idle: ${(p99Loaded / p99Idle).toFixed(2)}x; target p99 under flood < 100 ms: ${p99Loaded < 100 ? 'met' : 'MISSED'}`);
  console.log(`bot RSS: ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after`);
  reportResult({ name: `healthz p99 under a ${RATE}/s flood vs the 100 ms bound (idle p99 ${p99Idle.toFixed(1)} ms)`, figure: p99Loaded, baseline: 100, unit: 'ms', target: { op: '<=', ratio: 1 } });
  const fiveXX = Object.entries(flood.statuses ?? {}).filter(([s]) => s.startsWith('5') && s !== '503').reduce((n, [, c]) => n + c, 0);
  process.exitCode = p99Loaded < 100 && fiveXX === 0 ? 0 : 1;
} finally {
  await bot.stop();
}
