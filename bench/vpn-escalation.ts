/**
 * VPN reports vs ticket history for the lowdb store (target: cost does not grow with history,
 * full ≤ 2x empty).
 *
 *   node --import tsx bench/vpn-escalation.ts [history=100000] [reports=300] [rounds=5]
 *
 * The "full" store holds `history` resolved tickets of 5,000 reporters (years of a large
 * Landratsamt, generated straight into the snapshot file) plus 200 unresolved ones; the "empty"
 * store only the tickets of the people "mine" is asked for (see below). Timed, through the real use cases (src/app/report-vpn-problem.ts):
 * - report: `submit` (validation, knowledge-base match, draft + counters written, fsync'd journal)
 *   then `escalate` (outage routing over the unresolved tickets and open incidents, a numbered
 *   ticket, three outbox jobs) — each a transaction;
 * - mine: "meine Meldungen" of one of 50 reporters who have 20 tickets each — in both stores, so the
 *   answers are the same size and only the history of the others differs.
 * Reports use rotating clients and symptoms so no outage opens. Empty and full alternate for
 * `rounds` rounds (each on a fresh copy); the medians are compared. Not part of `npm test`.
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { finished } from 'node:stream/promises';
import { ManualClock } from '../src/app/clock.js';
import type { AppContext } from '../src/app/app-context.js';
import { ReportVpnProblem } from '../src/app/report-vpn-problem.js';
import { NO_VPN_SETTINGS } from '../src/app/vpn-context.js';
import { VpnQueries } from '../src/app/vpn-queries.js';
import { loadDirectoryFile } from '../src/directory/file-directory.js';
import { formatTicketNumber, VPN_CLIENTS, VPN_SYMPTOMS, type Ticket } from '../src/domain/vpn-model.js';
import { createMemoryLogger } from '../src/observability/logger.js';
import { loadPolicyFile } from '../src/policy/load-policy.js';
import { openLowdbStore } from '../src/store/lowdb-store.js';
import { loadKnowledgeBaseFile } from '../src/vpn/load-knowledge-base.js';
import { reportResult } from './lib/result.js';

const HISTORY = Number(process.argv[2] ?? 100_000);
const REPORTS = Number(process.argv[3] ?? 300);
const ROUNDS = Number(process.argv[4] ?? 5);
const REPORTERS = 5000;
const NOW = new Date('2026-11-25T09:00:00Z');

const reporter = (i: number) => `r-${i % REPORTERS}`;
/** The people "mine" is asked for: 50 with 20 tickets each, in both stores. */
const QUERIED = 50;
const PER_QUERIED = 20;
const queried = (i: number) => `q-${i % QUERIED}`;

function ticket(i: number, resolved: boolean, reporterId = reporter(i)): Ticket {
  const at = new Date(NOW.getTime() - (i + 1) * 600_000).toISOString();
  return {
    id: `t-${i}`,
    number: formatTicketNumber(2026, i + 1),
    reporterId,
    report: { client: 'forticlient', symptom: 'no-connection', since: at.slice(0, 10), connection: 'wlan', internetWithoutVpn: true, affected: 'only-me', errorText: 'Fehler -14' },
    status: resolved ? 'resolved' : 'open',
    priority: 'P3',
    conversation: [],
    ...(resolved ? { solution: 'Neu verbunden.', assigneeId: 'desk-1' } : {}),
    createdAt: at,
    updatedAt: at,
  };
}

async function writeSnapshot(dir: string, history: number): Promise<void> {
  const out = createWriteStream(path.join(dir, 'store.json'));
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  const own = QUERIED * PER_QUERIED;
  const open = history > 0 ? 200 : 0;
  await write(`{"format":1,"lastSeq":0,"savedAt":"2026-11-01T00:00:00.000Z","requests":[],"delegations":[],"conversations":[],"jobs":[],"sequences":{"vpn-2026":${own + history + open}},"tickets":[`);
  for (let i = 0; i < own; i++) await write((i === 0 ? '' : ',') + JSON.stringify(ticket(i, true, queried(i))));
  for (let i = own; i < own + history + open; i++) await write(',' + JSON.stringify(ticket(i, i >= own + open)));
  await write('],"incidents":[],"vpnDrafts":[],"vpnRecentReports":[]}');
  out.end();
  await finished(out);
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};
const median = (xs: number[]): number => quantile(xs, 0.5);

async function measure(template: string): Promise<{ report: number[]; mine: number[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mwb-bench-vpn-'));
  try {
    await copyFile(path.join(template, 'store.json'), path.join(dir, 'store.json'));
    const clock = new ManualClock(NOW);
    const store = await openLowdbStore({ dataDir: dir, now: () => clock.now() });
    let n = 0;
    const ctx: AppContext = {
      store,
      directory: await loadDirectoryFile('samples/directory.yaml'),
      policy: await loadPolicyFile('policies/kitzingen-like.yaml'),
      inventory: { sites: [], buildings: [], floors: [], rooms: [], desks: [] },
      clock,
      ids: { newId: () => `bench-${++n}` },
      logger: createMemoryLogger(),
    };
    const vpn = { ...NO_VPN_SETTINGS, knowledgeBase: await loadKnowledgeBaseFile('samples/vpn-knowledge-base.yaml') };
    const report = new ReportVpnProblem(ctx, vpn);
    const queries = new VpnQueries(ctx, vpn);
    const clients = ctx.policy.vpn.clients;
    const times: number[] = [];
    for (let i = 0; i < REPORTS; i++) {
      clock.advance(120_000); // one every two minutes: no outage
      const data = {
        client: clients[i % clients.length] ?? VPN_CLIENTS[0],
        symptom: VPN_SYMPTOMS[i % VPN_SYMPTOMS.length],
        since: '2026-11-25',
        connection: 'wlan',
        internetWithoutVpn: 'true',
        affected: 'only-me',
        errorText: 'Fehler -14',
      };
      const t0 = performance.now();
      const submitted = await report.submit({ userId: reporter(i * 13), data });
      if (submitted.kind === 'self-help') await report.escalate({ userId: reporter(i * 13), draftId: submitted.draft.id });
      times.push(performance.now() - t0);
    }
    const mine: number[] = [];
    for (let i = 0; i < REPORTS; i++) {
      const t0 = performance.now();
      const { tickets } = await queries.myReports(queried(i));
      if (tickets.length < PER_QUERIED) throw new Error(`expected ${PER_QUERIED} tickets, got ${tickets.length}`);
      mine.push(performance.now() - t0);
    }
    await store.close();
    return { report: times, mine };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const emptyTemplate = await mkdtemp(path.join(tmpdir(), 'mwb-bench-vpn-empty-'));
await writeSnapshot(emptyTemplate, 0);
const template = await mkdtemp(path.join(tmpdir(), 'mwb-bench-vpn-full-'));
await writeSnapshot(template, HISTORY);
console.log(`VPN reports: ${REPORTS} reports per store; both stores hold ${QUERIED * PER_QUERIED} tickets of the ${QUERIED} people asked for; the full one adds ${HISTORY} resolved + 200 open tickets of ${REPORTERS} others`);
const empty: { report: number[]; mine: number[] }[] = [];
const full: { report: number[]; mine: number[] }[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  const e = await measure(emptyTemplate);
  const f = await measure(template);
  empty.push(e);
  full.push(f);
  const fmt = (x: number[]) => `p50 ${median(x).toFixed(2)} ms  p95 ${quantile(x, 0.95).toFixed(2)} ms`;
  console.log(`round ${r}\n  empty  report ${fmt(e.report)}   mine ${fmt(e.mine)}\n  full   report ${fmt(f.report)}   mine ${fmt(f.mine)}`);
}
await rm(template, { recursive: true, force: true });
await rm(emptyTemplate, { recursive: true, force: true });
const med = (runs: { report: number[]; mine: number[] }[], k: 'report' | 'mine', q: number) => median(runs.map((x) => quantile(x[k], q)));
for (const k of ['report', 'mine'] as const) {
  const ratio = med(full, k, 0.5) / med(empty, k, 0.5);
  console.log(`${k}: empty p50 ${med(empty, k, 0.5).toFixed(2)} ms, full p50 ${med(full, k, 0.5).toFixed(2)} ms → ratio ${ratio.toFixed(2)}x (target ≤ 2x) ${ratio <= 2 ? 'OK' : 'OVER'}`);
  reportResult({ name: `${k === 'report' ? 'report + escalation' : 'meine Meldungen'} p50, ${HISTORY} tickets vs none`, figure: med(full, k, 0.5), baseline: med(empty, k, 0.5), unit: 'ms', target: { op: '<=', ratio: 2 } });
}
