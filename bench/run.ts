/**
 * `npm run bench`: runs every benchmark in bench/ (each `bench/*.ts` except this file), one after
 * the other, each in its own process, and prints ONE table: name, figure, baseline measured in the
 * same run, ratio, target, met. Exits 1 when a target is missed, a bench fails or reports nothing.
 *
 *   npm run bench                                   # all, the target sizes, 3 rounds each
 *   npm run bench -- store-write store-scale        # only these
 *   npm run bench -- store-write 20000 100 3        # one bench with its own size arguments
 *   npm run bench -- --quick                        # all, small sizes (a smoke test of the benches)
 *   node --import tsx bench/store-write.ts 20000    # a bench alone (its header says its arguments)
 *   npm run bench -- store-scale --years 3          # one bench with its own options (issue 10's table)
 *
 * Each bench prints its own lines (shown while it runs, prefixed with its name) and one
 * `BENCH_RESULT {json}` line per figure (bench/lib/result.ts). `--quick` sizes are for checking
 * that the benches run, not for judging: small histories make ratios noisy.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseResults, type ReportedResult } from './lib/result.js';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH_DIR);
const SELF = path.basename(fileURLToPath(import.meta.url));

/**
 * Arguments of a full `npm run bench`: the sizes of the targets in DESIGN (200,000 bookings and
 * requests, 100,000 tickets, 500 desks) with 3 rounds instead of the benches' own 5, so that the
 * whole run stays within minutes on 2 cores. Run a bench alone for its own defaults.
 */
const FULL_ARGS: Record<string, string[]> = {
  'store-write': ['200000', '200', '3'],
  'store-bookings': ['200000', '2000', '3'],
  'desk-availability': ['200000', '2000', '3'],
  'vpn-escalation': ['100000', '300', '3'],
};

/** Small sizes per bench for `--quick` (positional arguments, as each bench's header documents). */
const QUICK_ARGS: Record<string, string[]> = {
  'store-write': ['20000', '100', '3'],
  'store-bookings': ['20000', '500', '3'],
  'desk-availability': ['20000', '500', '3'],
  'store-scale': ['--quick'],
  'vpn-escalation': ['10000', '100', '3'],
  'edge-flood': ['1000', '4'],
  fuzz: ['2000', '8', '7'],
  fanout: ['1000', '200', '2', '0'],
};

/** A bench still running after this is stopped and counted as failed. */
const TIME_LIMIT_MS = Number(process.env['BENCH_TIME_LIMIT_MS'] ?? 20 * 60_000);

interface Outcome {
  bench: string;
  seconds: number;
  exitCode: number | null;
  results: ReportedResult[];
  error?: string;
}

function allBenches(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== SELF)
    .map((f) => f.slice(0, -3))
    .sort();
}

function parseArgs(argv: string[]): { benches: string[]; args: string[]; quick: boolean } {
  const known = new Set(allBenches());
  const quick = argv.includes('--quick');
  const rest = argv.filter((a) => a !== '--quick');
  const benches = rest.filter((a) => known.has(a));
  const args = rest.filter((a) => !known.has(a));
  // One bench named: its own arguments, numbers or options (e.g. store-scale --years 3).
  const unknown = benches.length === 1 ? [] : args.filter((a) => !/^\d+$/.test(a));
  if (unknown.length > 0) {
    process.stderr.write(`Unbekannter Benchmark / unknown benchmark: ${unknown.join(', ')}\nknown: ${[...known].join(', ')}\n`);
    process.exit(2);
  }
  if (args.length > 0 && benches.length !== 1) {
    process.stderr.write('Size arguments need exactly one benchmark name before them, e.g. npm run bench -- store-write 20000\n');
    process.exit(2);
  }
  return { benches: benches.length > 0 ? benches : [...known], args, quick };
}

function runOne(bench: string, args: string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path.join(BENCH_DIR, `${bench}.ts`), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info' },
    });
    let stdout = '';
    let stderr = '';
    const show = (chunk: string, to: NodeJS.WriteStream) => {
      for (const line of chunk.split('\n')) if (line !== '' && !line.startsWith('BENCH_RESULT ')) to.write(`  [${bench}] ${line}\n`);
    };
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      show(c, process.stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      show(c, process.stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_LIMIT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      let results: ReportedResult[] = [];
      let error: string | undefined;
      try {
        results = parseResults(stdout);
      } catch (e) {
        error = `unreadable result line (${e instanceof Error ? e.message : String(e)})`;
      }
      if (signal) error = `stopped (${signal}) after ${seconds.toFixed(0)} s`;
      else if (code !== 0) error = `exit ${String(code)}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
      else if (results.length === 0 && !error) error = 'reported no result (bench/lib/result.ts reportResult)';
      resolve({ bench, seconds, exitCode: code, results, ...(error ? { error } : {}) });
    });
  });
}

function figure(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return '–';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 1 ? 2 : 3;
  return `${x.toFixed(digits)} ${unit}`;
}

function table(outcomes: Outcome[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'baseline (same run)', 'ratio', 'target', 'met']];
  for (const o of outcomes) {
    for (const r of o.results) {
      const ratio = r.ratio === null || !Number.isFinite(r.ratio) ? '–' : `${r.ratio.toFixed(2)}x`;
      rows.push([
        `${o.bench}: ${r.name}`,
        figure(r.figure, r.unit),
        `${r.limit ? 'limit ' : ''}${figure(r.baseline, r.unit)}`,
        ratio,
        `${r.target.op === '<=' ? '≤' : '≥'} ${r.target.ratio}x`,
        r.met ? 'yes' : r.error ? `NO: ${r.error}` : 'NO',
      ]);
    }
    if (o.error) rows.push([`${o.bench}`, '–', '–', '–', '–', `FAILED: ${o.error}`]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const { benches, args, quick } = parseArgs(process.argv.slice(2));
process.stdout.write(`Benchmarks: ${benches.join(', ')}${quick ? ' (--quick: small sizes, smoke test only)' : ''}\n`);
const outcomes: Outcome[] = [];
for (const bench of benches) {
  const quickArgs = QUICK_ARGS[bench] ?? [];
  // --quick with own arguments: keep the bench's own --quick option (store-scale), not its sizes.
  const benchArgs = args.length > 0 ? [...(quick ? quickArgs.filter((a) => a.startsWith('--')) : []), ...args] : ((quick ? quickArgs : FULL_ARGS[bench]) ?? []);
  process.stdout.write(`\n== ${bench} ${benchArgs.join(' ')}\n`);
  const outcome = await runOne(bench, benchArgs);
  process.stdout.write(`== ${bench}: ${outcome.seconds.toFixed(0)} s${outcome.error ? `, ${outcome.error}` : ''}\n`);
  outcomes.push(outcome);
}

process.stdout.write(`\n${table(outcomes)}\n`);
const missed = outcomes.flatMap((o) => o.results).filter((r) => !r.met).length;
const failed = outcomes.filter((o) => o.error).length;
const total = outcomes.reduce((s, o) => s + o.seconds, 0);
process.stdout.write(`\n${outcomes.flatMap((o) => o.results).length - missed} met, ${missed} missed, ${failed} failed; ${total.toFixed(0)} s in all\n`);
process.exitCode = missed > 0 || failed > 0 ? 1 : 0;
