/**
 * Every Action.Execute verb the cards use, clicked with data a tampered or outdated card could
 * carry: the answer is a card (200) or a translated error (400) — never a 500 — and nothing in the
 * store changes (no request, booking, delegation, setting, VPN ticket, outage, knowledge-base count
 * or outbox job).
 */
import assert from 'node:assert/strict';
import { VERBS } from '../../src/cards/verbs.js';
import { PEOPLE, startHarness, type Harness } from '../support/app-harness.js';

const GARBAGE: Array<[string, Record<string, unknown>]> = [
  ['wrong types', { requestId: 42, requestIds: 'x,,', bookingId: { a: 1 }, deskId: [], date: 'morgen', dates: 'nie', slot: 'night', weekStart: 'KW 49', deputy: '', from: '31.12.', to: 7, kind: 'always', weekdays: '8,9', half: 'evening', visibility: 'everyone', needsAccessibleDesk: 'ja', until: '2026-02-30', delegationId: null, days: '2026-13-01' }],
  ['markup and unknown ids', { kind: '<b>single</b>', requestId: '<script>alert(1)</script>', bookingId: '../../etc/passwd', deskId: '**fett**', date: '2026-12-03', dates: '2026-12-03<i>', slot: 'day', deputy: '99999999-0000-0000-0000-000000000000', from: '2026-12-01', to: '2026-12-02', delegationId: 'nope', requestIds: 'nope', days: '2026-12-03' }],
];

describe('bad input on every verb (HTTP)', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  const snapshot = () =>
    h.app.store.read(async (r) => ({
      requests: (await r.listRequestsOfPerson(PEOPLE.employee)).length + (await r.listRequestsOfPerson(PEOPLE.manager)).length,
      bookings: (await r.listBookingsInRange('2026-01-01', '2027-12-31')).length,
      delegations: (await r.listDelegations(PEOPLE.manager)).length + (await r.listDelegations(PEOPLE.employee)).length,
      settings: (await Promise.all([PEOPLE.employee, PEOPLE.manager].map((id) => r.getSettings(id)))).filter((s) => s !== undefined).length,
      jobs: (await r.listJobs()).length,
      tickets: (await r.listTicketsOfReporter(PEOPLE.employee)).length + (await r.listTicketsOfReporter(PEOPLE.manager)).length,
      incidents: (await r.listOpenIncidents()).length,
      vpnCounters: JSON.stringify(await r.getHelpfulness()),
    }));

  for (const [label, data] of GARBAGE) {
    for (const verb of Object.values(VERBS)) {
      for (const [who, userId] of [['employee', PEOPLE.employee], ['manager', PEOPLE.manager]] as const) {
        it(`when ${verb} gets ${label} from the ${who}, then it answers clearly and stores nothing`, async () => {
          const before = await snapshot();
          const de = await h.click(userId, verb, data);
          assert.ok(de.statusCode === 200 || de.statusCode === 400, `statusCode ${de.statusCode}`);
          if (de.statusCode === 400) {
            assert.equal(de.type, 'application/vnd.microsoft.error');
            assert.ok(typeof de.value.message === 'string' && de.value.message.length > 10);
            assert.doesNotMatch(String(de.value.message), /Error:|at .+\.ts|undefined|\{/);
            const en = await h.click(userId, verb, data, 'en-US');
            assert.notEqual(en.value.message, de.value.message, 'English for an English Teams');
          } else {
            assert.equal(de.type, 'application/vnd.microsoft.card.adaptive');
          }
          assert.deepEqual(await snapshot(), before);
        });
      }
    }
  }

  it('no click logged an unexpected failure', () => {
    assert.deepEqual(h.logger.lines.filter((l) => l.event === 'action_failed' || l.event === 'turn_error'), []);
  });
});
