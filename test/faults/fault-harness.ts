/**
 * Shared set-up of the fault tests: the app with a `FaultProxy` between it and the fake Bot
 * Connector (every stored conversation's serviceUrl is the proxy), an outage with linked
 * reporters whose card is in the service-desk channel, and activities sent the way Teams does
 * but naming the proxy as serviceUrl.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { FaultProxy } from '../fakes/fault-proxy.js';
import { startHarness, TENANT, type Harness, type TeamsActivity } from '../support/app-harness.js';
import { CHANNEL, DESK_ENV } from '../support/vpn-harness.js';

export interface FaultHarness {
  h: Harness;
  proxy: FaultProxy;
  close(): Promise<void>;
}

export const reporterId = (i: number) => `cccccccc-0000-4000-8000-${String(i).padStart(12, '0')}`;

export async function startFaultHarness(env: Record<string, string> = {}): Promise<FaultHarness> {
  const h = await startHarness({ ...DESK_ENV, ...env });
  const proxy = new FaultProxy(h.serviceUrl);
  await proxy.start();
  return {
    h,
    proxy,
    async close() {
      proxy.clear();
      await h.close();
      await proxy.stop();
    },
  };
}

/** Conversations of `count` reporters (through the proxy), an open outage linking them, its card posted. */
export async function seedOutage(f: FaultHarness, incidentId: string, count: number): Promise<{ ids: string[]; cardId: string }> {
  const { h, proxy } = f;
  const now = h.clock.now().toISOString();
  const ids = Array.from({ length: count }, (_, i) => reporterId(i));
  await h.app.store.transact(async (tx) => {
    for (const id of ids) {
      await tx.putConversation({
        userId: id,
        conversationId: `a:personal-${id}`,
        serviceUrl: proxy.url,
        tenantId: TENANT,
        channelId: 'msteams',
        botId: '28:bot-id',
        teamsUserId: `29:teams-${id}`,
        locale: 'de-DE',
        updatedAt: now,
      });
    }
    await tx.putIncident({ id: incidentId, client: 'forticlient', symptom: 'no-connection', status: 'open', openedAt: now, linkedReporterIds: ids });
    await tx.enqueue({ type: JOB.vpnIncidentPost, payload: { incidentId }, dedupeKey: `vpn-incident-post:${incidentId}` });
  });
  await runOutboxToTheEnd(h);
  const card = h.connector.sent.find((s) => s.conversationId === CHANNEL);
  assert.ok(card, 'the outage card is in the channel');
  return { ids, cardId: card.id };
}

/**
 * Runs the outbox until no job of `types` (default: any but the untaken-ticket reminders) is
 * pending, moving the clock `stepMs` between rounds.
 */
export async function runOutboxToTheEnd(h: Harness, stepMs = 1_000, maxRounds = 600, types?: readonly string[]): Promise<void> {
  const waitedFor = (type: string) => (types ? types.includes(type) : type !== JOB.vpnUnassignedRemind);
  for (let s = 0; s < maxRounds; s++) {
    await h.drain();
    const pending = await h.app.store.read(async (r) => (await r.listJobs({ status: 'pending' })).filter((j) => waitedFor(j.type)));
    if (pending.length === 0) return;
    h.clock.advance(stepMs);
  }
  assert.fail('the outbox did not finish');
}

/** A personal-chat message with expectReplies, naming `serviceUrl` (the proxy) as Teams would. */
export async function sayVia(h: Harness, serviceUrl: string, userId: string, text: string): Promise<TeamsActivity[]> {
  const res = await h.post({
    id: `fault-${Math.random().toString(36).slice(2)}`,
    type: 'message',
    text,
    deliveryMode: 'expectReplies',
    channelId: 'msteams',
    serviceUrl,
    timestamp: h.clock.now().toISOString(),
    locale: 'de-DE',
    from: { id: `29:teams-${userId}`, aadObjectId: userId, name: 'user' },
    recipient: { id: '28:bot-id', name: 'Mobiles Arbeiten' },
    conversation: { id: `a:personal-${userId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body as { activities: TeamsActivity[] }).activities;
}

/** How often each reporter's chat got a message containing `text` since `from` (ms). */
export function toldPerReporter(h: Harness, text: string, from: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of h.connector.sent) {
    if (s.at < from || !s.conversationId.startsWith('a:personal-') || !JSON.stringify(s.activity).includes(text)) continue;
    out.set(s.conversationId, (out.get(s.conversationId) ?? 0) + 1);
  }
  return out;
}
