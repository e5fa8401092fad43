/**
 * The long fuzz run: the generators of test/edge/fuzz.test.ts against the real bot process (local
 * mode, production log level), as many cases as asked, a few in parallel. Prints the answers by
 * status and the bot's memory; exits 1 on any 5xx (HTTP or an invoke's inner statusCode), a
 * malformed request that was accepted, or a bot that died.
 *
 *   node --import tsx bench/fuzz.ts [cases=50000] [parallel=8] [seed]
 */
import fc from 'fast-check';
import { startBenchBot } from './lib/bot-process.js';
import { reportResult } from './lib/result.js';
import { fuzzRequest, innerStatus, sendFuzz } from '../test/support/fuzz-requests.js';

const CASES = Number(process.argv[2] ?? 50_000);
const PARALLEL = Number(process.argv[3] ?? 8);
const SEED = Number(process.argv[4] ?? Date.now() % 1_000_000);

const bot = await startBenchBot({ RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000' });
const base = bot.baseUrl;
const rss = () => bot.rssMiB();

const samples = fc.sample(fuzzRequest, { numRuns: CASES, seed: SEED });
const counts = new Map<string, number>();
const failures: string[] = [];
const rssBefore = await rss();
const started = Date.now();
let next = 0;
async function worker(): Promise<void> {
  while (next < samples.length) {
    const r = samples[next++]!;
    const answer = await sendFuzz(base, r).catch((err: Error) => ({ status: 0, text: err.message }));
    const inner = innerStatus(answer.text);
    const key = inner !== undefined && answer.status === 200 ? `${answer.status}/${inner}` : String(answer.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (answer.status >= 500 || answer.status === 0 || (inner ?? 0) >= 500 || (r.malformed && answer.status < 400)) {
      if (failures.length < 10) failures.push(`${key}: ${answer.text.slice(0, 200)} ← ${r.contentType ?? '-'} ${r.encoding ?? '-'} ${r.body.subarray(0, 200).toString('utf8')}`);
    }
  }
}
await Promise.all(Array.from({ length: PARALLEL }, () => worker()));
const seconds = (Date.now() - started) / 1000;
const alive = bot.child.exitCode === null && (await fetch(`${base}/healthz`).then((r) => r.ok, () => false));
const rssAfter = await rss().catch(() => NaN);
console.log(`fuzz: ${CASES} cases (seed ${SEED}) in ${seconds.toFixed(1)} s, ${PARALLEL} in parallel`);
console.log(`answers by status: ${[...counts.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`);
console.log(`bot alive: ${alive}; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB; stack traces on stderr: ${/^\s+at .+:\d+:\d+/m.test(bot.stderr()) ? 'YES' : 'none'}`);
for (const f of failures) console.log(`FAIL ${f}`);
const bad = [...counts.entries()].filter(([k]) => k === '0' || /^5|\/5/.test(k)).reduce((n, [, v]) => n + v, 0);
reportResult({ name: `5xx or dropped answers of ${CASES} fuzz cases`, figure: bad + (alive ? 0 : 1), baseline: CASES, unit: 'answers', target: { op: '<=', ratio: 0 } });
await bot.stop();
process.exitCode = failures.length === 0 && alive ? 0 : 1;
