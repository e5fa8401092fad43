/**
 * Proactive fan-out at Teams' limits: the desk resolves a VPN outage with 5,000 linked reporters.
 * Targets (issue 9, DESIGN.md): the click answers within 1 s at 5,000, and no second ever carries
 * more than the per-app rate (30/s) of requests to the Bot Connector.
 *
 *   node --import tsx bench/fanout.ts [reporters=5000] [baseline=500] [rounds=3] [send=1]
 *
 * Like a user: the real app (restify, CloudAdapter, lowdb with an fsync'd journal) in local mode,
 * the click an `adaptiveCard/action` invoke `vpn.incident.resolve` POSTed to /api/messages from
 * the service-desk channel, timed from request to answer (after one refresh of the outage card,
 * so the first-request warm-up of the app is not counted). The store is generated straight into
 * the snapshot file: 5,000 reporters with their personal chats, the open outage linking them, the
 * 19 tickets opened before it was detected, the outage card in the channel.
 *
 * 1. Click: `rounds` clicks at `reporters` and at `baseline` reporters (each on a fresh store),
 *    alternating; medians. Printed: the click at 5,000 against the 1 s target (ratio ≤ 1), and the
 *    cost per reporter at 5,000 against that at the baseline (≈ 1 when the click is linear in the
 *    recipients; it was ≈ 10 at 5,000 vs 500 with the quadratic planner).
 * 2. Sends (with send=1): the outbox of the last 5,000-store runs on the real clock against a
 *    local fake Bot Connector that records when each request arrives, until every reporter is
 *    told. Printed: the busiest calendar second, the most requests in any 1 s window (ratio to the
 *    30/s rate, ≤ 1), the worst 5 s (requests / 5) and the total time. Not part of `npm test`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp, type RunningApp } from '../src/composition.js';
import { loadConfig } from '../src/config/config.js';
import { formatTicketNumber, type Incident, type Ticket } from '../src/domain/vpn-model.js';
import { createLogger } from '../src/observability/logger.js';
import { JOB } from '../src/app/job-types.js';
import { FakeConnector } from '../test/fakes/fake-connector.js';
import { reportResult } from './lib/result.js';

const REPORTERS = Number(process.argv[2] ?? 5000);
const BASELINE = Number(process.argv[3] ?? 500);
const ROUNDS = Number(process.argv[4] ?? 3);
const SEND = (process.argv[5] ?? '1') !== '0';
const RATE = 30;

const TENANT = '11111111-2222-3333-4444-555555555555';
const CHANNEL = '19:servicedesk0123456789@thread.tacv2';
const DESK_MEMBER = '00000000-0000-0000-0000-000000000011';
const INCIDENT = 'inc-bench';
const reporter = (i: number) => `dddddddd-0000-4000-8000-${String(i).padStart(12, '0')}`;

async function writeStore(dir: string, count: number, serviceUrl: string): Promise<void> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, (_, i) => reporter(i));
  const conversations = ids.map((id) => ({
    userId: id,
    conversationId: `a:personal-${id}`,
    serviceUrl,
    tenantId: TENANT,
    channelId: 'msteams',
    botId: '28:bot-id',
    teamsUserId: `29:teams-${id}`,
    locale: 'de-DE',
    updatedAt: now,
  }));
  const tickets: Ticket[] = ids.slice(0, 19).map((id, i) => ({
    id: `t-${i}`,
    number: formatTicketNumber(2026, i + 1),
    reporterId: id,
    report: { client: 'forticlient', symptom: 'no-connection', since: now.slice(0, 10), connection: 'wlan', internetWithoutVpn: true, affected: 'only-me', errorText: 'Fehler -14' },
    status: 'open',
    priority: 'P3',
    conversation: [],
    incidentId: INCIDENT,
    deskCard: { conversationId: CHANNEL, activityId: `activity-t-${i}` },
    createdAt: now,
    updatedAt: now,
  }));
  const incident: Incident = {
    id: INCIDENT,
    client: 'forticlient',
    symptom: 'no-connection',
    status: 'open',
    openedAt: now,
    linkedReporterIds: ids,
    deskCard: { conversationId: CHANNEL, activityId: 'activity-incident' },
  };
  const snapshot = {
    format: 1,
    lastSeq: 0,
    savedAt: now,
    requests: [],
    delegations: [],
    conversations,
    jobs: [],
    sequences: { 'vpn-2026': 19 },
    tickets,
    incidents: [incident],
  };
  await writeFile(path.join(dir, 'store.json'), JSON.stringify(snapshot));
}

async function withApp<T>(count: number, connector: FakeConnector, serviceUrl: string, run: (app: RunningApp) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mwb-bench-fanout-'));
  try {
    await writeStore(dir, count, serviceUrl);
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: dir,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '200',
      SERVICE_DESK_CONVERSATION_ID: CHANNEL,
      SERVICE_DESK_MEMBERS: DESK_MEMBER,
      PROACTIVE_RATE_PER_SECOND: String(RATE),
    });
    const app = await startApp(config, createLogger('warn'), { manualWorker: true });
    try {
      return await run(app);
    } finally {
      await app.stop();
      connector.reset();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The resolve click, timed; a refresh of the outage card first warms the app up (templates, JIT). */
async function click(app: RunningApp, serviceUrl: string): Promise<number> {
  await invoke(app, serviceUrl, 'vpn.incident.refresh', { incidentId: INCIDENT });
  return invoke(app, serviceUrl, 'vpn.incident.resolve', { incidentId: INCIDENT, solution: 'Das VPN-Gateway wurde neu gestartet.' });
}

async function invoke(app: RunningApp, serviceUrl: string, verb: string, data: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify({
    id: `bench-${Math.random().toString(36).slice(2)}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'de-DE',
    from: { id: `29:teams-${DESK_MEMBER}`, aadObjectId: DESK_MEMBER, name: 'desk' },
    recipient: { id: '28:bot-id', name: 'Mobiles Arbeiten' },
    conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL }, team: { id: CHANNEL } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  const t0 = performance.now();
  const res = await fetch(`http://127.0.0.1:${app.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { statusCode?: number };
  const ms = performance.now() - t0;
  if (res.status !== 200 || answer.statusCode !== 200) throw new Error(`${verb} was answered ${res.status} / ${JSON.stringify(answer).slice(0, 200)}`);
  return ms;
}

function maxWithin(times: readonly number[], ms: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + ms) j++;
    max = Math.max(max, j - i);
  }
  return max;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const connector = new FakeConnector();
const serviceUrl = await connector.start();
console.log(`Fan-out: resolving an outage with ${REPORTERS} linked reporters (baseline ${BASELINE}), ${ROUNDS} rounds, per-app rate ${RATE}/s`);
const big: number[] = [];
const small: number[] = [];
// An untimed first round: the process's own warm-up (module loading, JIT) is not the click's cost.
await withApp(BASELINE, connector, serviceUrl, (app) => click(app, serviceUrl));
for (let r = 1; r <= ROUNDS; r++) {
  small.push(await withApp(BASELINE, connector, serviceUrl, (app) => click(app, serviceUrl)));
  const last = r === ROUNDS && SEND;
  big.push(
    await withApp(REPORTERS, connector, serviceUrl, async (app) => {
      const ms = await click(app, serviceUrl);
      if (!last) return ms;
      // 2. the sends, on the real clock
      const from = Date.now();
      app.worker.start();
      const personal = () => connector.sent.filter((s) => s.conversationId.startsWith('a:personal-')).length;
      while (personal() < REPORTERS) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const dead = await app.store.read(async (rd) => (await rd.listJobs({ type: JOB.vpnIncidentNotify, status: 'dead' })).length);
        if (dead > 0) throw new Error(`${dead} notifications dead-lettered`);
      }
      const tookS = (Date.now() - from) / 1000;
      const arrivals = connector.arrivals().filter((t) => t >= from);
      const perSecond = new Map<number, number>();
      for (const t of arrivals) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
      const busiest = Math.max(...perSecond.values());
      const window1 = maxWithin(arrivals, 1_000);
      const window5 = maxWithin(arrivals, 5_000);
      const throttled = connector.requests.filter((q) => q.at >= from && q.status === 429).length;
      console.log(`sends: ${personal()} reporters told, ${arrivals.length} connector requests (incl. card updates) in ${tookS.toFixed(1)} s; 429s: ${throttled}`);
      console.log(`  busiest calendar second ${busiest}, most in any 1 s window ${window1} → ratio to ${RATE}/s: ${(window1 / RATE).toFixed(2)} (target ≤ 1)`);
      console.log(`  worst 5 s: ${window5} requests = ${(window5 / 5).toFixed(1)}/s`);
      reportResult({ name: `connector requests in the busiest 1 s window vs the ${RATE}/s per-app rate`, figure: window1, baseline: RATE, unit: 'requests', target: { op: '<=', ratio: 1 } });
      return ms;
    }),
  );
  console.log(`round ${r}: click at ${BASELINE}: ${small.at(-1)!.toFixed(0)} ms, at ${REPORTERS}: ${big.at(-1)!.toFixed(0)} ms`);
}
await connector.stop();
const atBig = median(big);
const atSmall = median(small);
console.log(`click at ${REPORTERS}: median ${atBig.toFixed(0)} ms → ratio to the 1,000 ms target: ${(atBig / 1000).toFixed(2)} (target ≤ 1)`);
reportResult({ name: `resolve click at ${REPORTERS} reporters vs the 1,000 ms bound`, figure: atBig, baseline: 1000, unit: 'ms', target: { op: '<=', ratio: 1 } });
reportResult({ name: `click cost per reporter at ${REPORTERS} vs at ${BASELINE} (linear: ≈ 1)`, figure: atBig / REPORTERS, baseline: atSmall / BASELINE, unit: 'ms/reporter', target: { op: '<=', ratio: 2 } });
console.log(`cost per reporter at ${REPORTERS} vs at ${BASELINE}: ${(atBig / REPORTERS / (atSmall / BASELINE)).toFixed(2)} (≈ 1 or below: linear; the quadratic planner gave ≈ ${(REPORTERS / BASELINE).toFixed(0)})`);
