/**
 * Fuzzing the running server (the real process, local mode) with fast-check: wrong types, missing
 * fields, huge and deeply nested values, unicode, unknown verbs and garbage card data, every content
 * type and encoding. No answer is a 5xx (neither the HTTP status nor an invoke's inner statusCode),
 * the process stays up with bounded memory, and input refused at the door changes nothing in the
 * store. A bounded run here; `node --import tsx bench/fuzz.ts [runs]` runs the same generators long.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { fuzzRequest, innerStatus, sendFuzz } from '../support/fuzz-requests.js';
import { storeFingerprint } from '../support/store-fingerprint.js';
import { cleanUp, STACK_FRAME, startBot, tempDir, type BotProcess } from '../process/bot-process.js';
import { PROCESS_TEST_TIMEOUT_MS } from '../process/bot-process.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const MALFORMED_RUNS = Number(process.env.FUZZ_MALFORMED_RUNS ?? 500);

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

describe('fuzzing POST /api/messages of the running bot', function () {
  this.timeout(PROCESS_TEST_TIMEOUT_MS + (RUNS + MALFORMED_RUNS) * 60);
  let bot: BotProcess;
  let baseUrl: string;
  let dataDir: string;
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

  before(async () => {
    dataDir = await tempDir();
    // Fuzz cases come from five people as fast as possible: the per-person limit is tested elsewhere.
    ({ bot, baseUrl } = await startBot({ DATA_DIR: dataDir, RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000' }));
  });
  after(async () => {
    const table = [...counts.entries()].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
    process.stdout.write(`      fuzz answers by status: ${table}\n`);
    await cleanUp();
  });

  it(`when ${RUNS} generated requests arrive, then none is answered with a 5xx and the process stays up with bounded memory`, async () => {
    const rssBefore = await rssMiB(bot.child.pid!);
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (r) => {
        const answer = await sendFuzz(baseUrl, r);
        const inner = innerStatus(answer.text);
        count(inner !== undefined && answer.status === 200 ? `${answer.status}/${inner}` : String(answer.status));
        assert.ok(answer.status < 500, `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`);
        assert.ok(inner === undefined || inner < 500, `invoke answered ${inner}: ${answer.text.slice(0, 200)}`);
        if (r.malformed) assert.ok(answer.status >= 400, `malformed input accepted: ${answer.status}`);
        assert.doesNotMatch(answer.text, /\bat [^\s]+:\d+:\d+|TypeError|RangeError|ZodError/);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261207) },
    );
    assert.equal(bot.child.exitCode, null, 'still running');
    assert.equal((await fetch(`${baseUrl}/healthz`)).status, 200);
    const rssAfter = await rssMiB(bot.child.pid!);
    assert.ok(rssAfter < rssBefore + 250, `memory grew from ${rssBefore.toFixed(0)} to ${rssAfter.toFixed(0)} MiB`);
    assert.doesNotMatch(bot.stderr(), STACK_FRAME);
  });

  it(`when ${MALFORMED_RUNS} requests malformed at the door arrive, then each gets a 4xx and the store is unchanged`, async () => {
    const before = await storeFingerprint(dataDir);
    await fc.assert(
      fc.asyncProperty(fuzzRequest.filter((r) => r.malformed), async (r) => {
        const answer = await sendFuzz(baseUrl, r);
        count(String(answer.status));
        assert.ok(answer.status >= 400 && answer.status < 500, `HTTP ${answer.status}`);
      }),
      { numRuns: MALFORMED_RUNS, seed: 7 },
    );
    assert.equal(await storeFingerprint(dataDir), before);
  });
});
