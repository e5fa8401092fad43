/**
 * Starts the real app (restify + CloudAdapter + lowdb in a temp dir) on a free port, with a
 * manual clock and a fake Bot Connector for proactive messages, and posts Teams-shaped activities
 * to `/api/messages` the way Teams does.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/app/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { startApp, type AppOverrides, type RunningApp } from '../../src/composition.js';
import { createMemoryLogger } from '../../src/observability/logger.js';
import { FakeConnector } from '../fakes/fake-connector.js';

export const PEOPLE = {
  manager: '00000000-0000-0000-0000-000000000001', // Dr. Katharina Vogt, Fachbereich 2
  deputy: '00000000-0000-0000-0000-000000000002', // Thomas Brandl
  employee: '00000000-0000-0000-0000-000000000003', // Anna Huber, SG 21
  colleague: '00000000-0000-0000-0000-000000000004', // Markus Wimmer, SG 21
  newStarter: '00000000-0000-0000-0000-000000000006', // Jonas Eder, started 2026-10-01
  otherManager: '00000000-0000-0000-0000-000000000008', // Petra Schuster, Bürgerbüro
} as const;

export const TENANT = '11111111-2222-3333-4444-555555555555';

export interface Harness {
  app: RunningApp;
  connector: FakeConnector;
  serviceUrl: string;
  baseUrl: string;
  clock: ManualClock;
  logger: ReturnType<typeof createMemoryLogger>;
  /** The DATA_DIR of this app (lowdb snapshot and journal). */
  dataDir: string;
  post(body: unknown): Promise<{ status: number; body: unknown }>;
  postRaw(text: string, contentType?: string): Promise<{ status: number; body: unknown }>;
  /** A personal-chat message; returns the bot's replies (deliveryMode expectReplies). */
  say(userId: string, text: string, locale?: string): Promise<TeamsActivity[]>;
  /**
   * A Universal Action click; returns the invoke response body. `replyToId`: the id of the message
   * holding the clicked card, as Teams sends it (the answer replaces that message).
   */
  click(userId: string, verb: string, data: Record<string, unknown>, locale?: string, replyToId?: string): Promise<InvokeBody>;
  /** Run the outbox until it is idle. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TeamsActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: Record<string, unknown>;
}

export interface HarnessOptions {
  /**
   * Start on this existing data directory (e.g. another harness's `dataDir`, to restart the app
   * on the same store). The caller owns it: `close()` leaves it in place.
   */
  dataDir?: string;
}

let counter = 0;

export async function startHarness(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
  now = new Date('2026-11-25T09:00:00Z'),
  options: HarnessOptions = {},
): Promise<Harness> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mwb-e2e-')));
  const connector = new FakeConnector();
  const serviceUrl = await connector.start();
  const clock = new ManualClock(now);
  const logger = createMemoryLogger();
  // The per-person rate limit is tested on its own (test/edge); here one person clicks as fast as a test can.
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, OUTBOX_POLL_MS: '50', RATE_LIMIT_BURST: '100000', RATE_LIMIT_PER_SECOND: '100000', ...env });
  const app = await startApp(config, logger, { clock, manualWorker: true, ...overrides });
  const baseUrl = `http://127.0.0.1:${app.port}`;

  const postRaw = async (text: string, contentType = 'application/json') => {
    const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': contentType }, body: text });
    const raw = await res.text();
    // Activities whose replies go through the connector are answered before their turn ends.
    await app.settled();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  };
  const post = (body: unknown) => postRaw(JSON.stringify(body));

  const base = (userId: string, locale: string) => ({
    id: `act-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: clock.now().toISOString(),
    locale,
    from: { id: `29:teams-${userId}`, aadObjectId: userId, name: 'user' },
    recipient: { id: '28:bot-id', name: 'Mobiles Arbeiten' },
    conversation: { id: `a:personal-${userId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  });

  const harness: Harness = {
    app,
    connector,
    serviceUrl,
    baseUrl,
    clock,
    logger,
    dataDir,
    post,
    postRaw,
    async say(userId, text, locale = 'de-DE') {
      const res = await post({ ...base(userId, locale), type: 'message', text, deliveryMode: 'expectReplies' });
      if (res.status !== 200) throw new Error(`message answered ${res.status}: ${JSON.stringify(res.body)}`);
      return (res.body as { activities: TeamsActivity[] }).activities;
    },
    async click(userId, verb, data, locale = 'de-DE', replyToId) {
      const res = await post({
        ...base(userId, locale),
        ...(replyToId ? { replyToId } : {}),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      });
      if (res.status !== 200) throw new Error(`invoke answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body as InvokeBody;
    },
    async drain() {
      for (let i = 0; i < 20; i++) {
        const n = await app.worker.runOnce();
        if (n === 0) return;
      }
    },
    async close() {
      await app.stop();
      await connector.stop();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** The Adaptive Card in a bot reply. */
export function cardOf(activity: TeamsActivity | undefined): Record<string, unknown> {
  const card = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no adaptive card in ${JSON.stringify(activity)}`);
  return card;
}

/** All Action.Execute verbs anywhere in a card. */
export function verbsOf(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && typeof o.verb === 'string') out.push(o.verb);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The data of the first Action.Execute with this verb. */
export function actionData(card: unknown, verb: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) found = (o.data as Record<string, unknown>) ?? {};
      else Object.values(o).forEach(walk);
    }
  };
  walk(card);
  if (!found) throw new Error(`no ${verb} action in card`);
  return found;
}
