/**
 * Proactive fan-out at Teams' per-app rate: an outage with 300 linked reporters is resolved while
 * the connector throttles like Teams (429 above 30 requests in any second) and while the schedule
 * is behind (the clock moved on, so the messages planned for the first seconds are all due at
 * once — what happened when the planning transaction committed late). Every request is counted
 * where it arrives; no second may carry more than the rate, everyone is told once, and the desk
 * sees the progress on the incident card.
 */
import assert from 'node:assert/strict';
import { JOB } from '../../src/app/job-types.js';
import { VERBS } from '../../src/cards/verbs.js';
import { startHarness, TENANT, type Harness } from '../support/app-harness.js';
import { CHANNEL, channelClick, DESK, DESK_ENV, visibleText } from '../support/vpn-harness.js';

const REPORTERS = 300;
const RATE = 30;
const reporter = (i: number) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('proactive fan-out at the per-app rate (throttling connector)', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ ...DESK_ENV, PROACTIVE_RATE_PER_SECOND: String(RATE) });
  });
  after(async () => h.close());

  /**
   * Runs the outbox one batch at a time until no job is pending, moving the clock `stepMs` after
   * each batch (a batch of 10 sends takes about a third of a second at 30/s).
   */
  async function runOutboxToTheEnd(stepMs = 300, maxRounds = 3_000): Promise<void> {
    for (let s = 0; s < maxRounds; s++) {
      await h.app.worker.runOnce();
      const pending = await h.app.store.read((r) => r.listJobs({ status: 'pending' }));
      if (pending.length === 0) return;
      h.clock.advance(stepMs);
    }
    assert.fail('the outbox did not finish');
  }

  it(`when an outage with ${REPORTERS} reporters is resolved and the sends are all due at once, then no second carries more than ${RATE} requests, nobody is told twice and the card counts up to "${REPORTERS} von ${REPORTERS} benachrichtigt"`, async () => {
    const now = h.clock.now().toISOString();
    const ids = Array.from({ length: REPORTERS }, (_, i) => reporter(i));
    await h.app.store.transact(async (tx) => {
      for (const id of ids) {
        await tx.putConversation({
          userId: id,
          conversationId: `a:personal-${id}`,
          serviceUrl: h.serviceUrl,
          tenantId: TENANT,
          channelId: 'msteams',
          botId: '28:bot-id',
          teamsUserId: `29:teams-${id}`,
          locale: 'de-DE',
          updatedAt: now,
        });
      }
      await tx.putIncident({ id: 'inc-rate', client: 'forticlient', symptom: 'no-connection', status: 'open', openedAt: now, linkedReporterIds: ids });
      await tx.enqueue({ type: JOB.vpnIncidentPost, payload: { incidentId: 'inc-rate' }, dedupeKey: 'vpn-incident-post:inc-rate' });
    });
    await runOutboxToTheEnd();
    const card = h.connector.sent.find((s) => s.conversationId === CHANNEL);
    assert.ok(card, 'the outage card is in the channel');

    h.connector.throttle({ count: RATE, perMs: 1_000 });
    const from = Date.now();
    const answer = await channelClick(h, DESK.roth, VERBS.vpnIncidentResolve, { incidentId: 'inc-rate', solution: 'Das VPN-Gateway wurde neu gestartet.' });
    assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
    // The plan spreads the 300 over 10 s; with the clock 20 s on, every message is due now.
    h.clock.advance(20_000);
    await runOutboxToTheEnd();

    const perSecond = new Map<number, number>();
    for (const t of h.connector.arrivals().filter((a) => a >= from)) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    const busiestSecond = Math.max(...perSecond.values());
    assert.ok(busiestSecond <= RATE, `at most ${RATE} requests in a calendar second (busiest: ${busiestSecond})`);
    assert.ok(h.connector.maxArrivalsWithin(1_000, from) <= RATE, `at most ${RATE} in any 1 s window (${h.connector.maxArrivalsWithin(1_000, from)})`);
    const told = h.connector.sent.filter((s) => s.at >= from && s.conversationId.startsWith('a:personal-'));
    const perReporter = new Map<string, number>();
    for (const s of told) perReporter.set(s.conversationId, (perReporter.get(s.conversationId) ?? 0) + 1);
    assert.equal(perReporter.size, REPORTERS, 'everyone told');
    assert.deepEqual([...new Set(perReporter.values())], [1], 'nobody told twice');

    assert.equal(h.connector.requests.filter((r) => r.at >= from && r.status === 429).length, 0, 'the connector never had to throttle');
    assert.deepEqual(await h.app.store.read(async (r) => (await r.listJobs({ status: 'dead' })).map((j) => j.type)), []);

    // The desk saw the count go up, and the last state of the card says everyone was told.
    const progress = h.connector.updates
      .filter((u) => u.activityId === card.id && u.at >= from)
      .map((u) => /(\d+) von (\d+) benachrichtigt/.exec(visibleText(u.activity)))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m): [number, number] => [Number(m[1]), Number(m[2])]);
    assert.ok(progress.length >= 2, `progress shown on the card (${JSON.stringify(progress)})`);
    assert.ok(progress.every(([, total]) => total === REPORTERS));
    assert.ok(progress.some(([done]) => done > 0 && done < REPORTERS), `a partial count was shown (${JSON.stringify(progress)})`);
    assert.deepEqual(progress.at(-1), [REPORTERS, REPORTERS]);
    const incident = await h.app.store.read((r) => r.getIncident('inc-rate'));
    assert.deepEqual(incident?.notifyResult, { notified: REPORTERS, unreachable: 0 });
  });
});
