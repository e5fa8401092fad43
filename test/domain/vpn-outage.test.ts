import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { VpnClient, VpnSymptom } from '../../src/domain/vpn-model.js';
import { detectOutage, EMPTY_OUTAGE_STATE, resolveIncident, routeReport, type OutageState, type RecentReport, type RouteDecision } from '../../src/domain/vpn-outage.js';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const RULE = { reports: 5, minutes: 10 };
const r = (seconds: number, client: VpnClient = 'forticlient', symptom: VpnSymptom = 'no-connection'): RecentReport => ({ at: at(seconds), client, symptom });

describe('VPN outage detection', () => {
  const table: Array<[name: string, reports: RecentReport[], nowS: number, expect: Array<[string, string, number]>]> = [
    ['4 reports in the window → nothing', [r(0), r(60), r(120), r(180)], 200, []],
    ['5 reports in the window → the pair', [r(0), r(60), r(120), r(180), r(240)], 300, [['forticlient', 'no-connection', 5]]],
    ['5 reports, the first exactly 10 min before now → out of the window', [r(0), r(60), r(120), r(180), r(240)], 600, []],
    ['5 reports, the first 9:59 before now → in', [r(1), r(60), r(120), r(180), r(240)], 600, [['forticlient', 'no-connection', 5]]],
    ['5 reports over two symptoms → nothing', [r(0), r(1), r(2), r(3, 'forticlient', 'drops'), r(4, 'forticlient', 'drops')], 10, []],
    ['5 reports over two clients → nothing', [r(0), r(1), r(2), r(3, 'globalprotect'), r(4, 'globalprotect')], 10, []],
    ['reports after now do not count (fake clock)', [r(0), r(1), r(2), r(3), r(400)], 10, []],
    ['two pairs over the threshold → both, ordered', [...[0, 1, 2, 3, 4].map((s) => r(s, 'globalprotect', 'drops')), ...[0, 1, 2, 3, 4, 5].map((s) => r(s))], 10,
      [['forticlient', 'no-connection', 6], ['globalprotect', 'drops', 5]]],
  ];
  for (const [name, reports, nowS, expect] of table) {
    it(name, () => {
      assert.deepEqual(detectOutage(reports, at(nowS), RULE).map((p) => [p.client, p.symptom, p.count]), expect);
    });
  }

  it('reports first and last instant of the pair', () => {
    const [p] = detectOutage([r(240), r(0), r(120), r(60), r(180)], at(300), RULE);
    assert.deepEqual([p?.firstAt, p?.lastAt], [at(0), at(240)]);
  });

  it('refuses a rule of 0 reports or 0 minutes', () => {
    assert.throws(() => detectOutage([], at(0), { reports: 0, minutes: 10 }), RangeError);
    assert.throws(() => detectOutage([], at(0), { reports: 5, minutes: 0 }), RangeError);
  });
});

describe('routing a report: ticket, new incident or linked', () => {
  function run(reports: Array<[seconds: number, reporter: string, client?: VpnClient]>, start: OutageState = EMPTY_OUTAGE_STATE) {
    let state = start;
    let n = 0;
    const decisions: RouteDecision[] = [];
    for (const [s, reporterId, client = 'forticlient'] of reports) {
      const out = routeReport(state, { at: at(s), client, symptom: 'no-connection', reporterId }, RULE, `inc-${++n}`);
      state = out.state;
      decisions.push(out.decision);
    }
    return { state, decisions };
  }

  it('the 5th report opens one incident with the 4 earlier reporters; later ones are linked', () => {
    const { state, decisions } = run([[0, 'a'], [10, 'b'], [20, 'c'], [30, 'd'], [40, 'e'], [50, 'f'], [60, 'g']]);
    assert.deepEqual(decisions.map((d) => d.kind), ['ticket', 'ticket', 'ticket', 'ticket', 'incident-opened', 'linked', 'linked']);
    const opened = decisions[4];
    assert.ok(opened?.kind === 'incident-opened');
    assert.deepEqual(opened.earlierReporterIds, ['a', 'b', 'c', 'd']);
    assert.deepEqual(state.incidents.map((i) => [i.id, i.status, i.linkedReporterIds.join('')]), [['inc-5', 'open', 'abcdefg']]);
  });

  it('200 reports in 2 minutes → 1 incident, 200 linked reporters, 200 told on resolve', () => {
    const { state, decisions } = run(Array.from({ length: 200 }, (_, i): [number, string] => [(i * 120) / 200, `p${i}`]));
    assert.equal(decisions.filter((d) => d.kind === 'incident-opened').length, 1);
    assert.equal(decisions.filter((d) => d.kind === 'ticket').length, 4);
    assert.equal(state.incidents.length, 1);
    const { notify, state: after } = resolveIncident(state, state.incidents[0]!.id, at(3600));
    assert.equal(notify.length, 200);
    assert.equal(new Set(notify).size, 200);
    assert.equal(after.incidents[0]?.status, 'resolved');
    assert.deepEqual(resolveIncident(after, 'inc-5', at(3700)).notify, [], 'a second resolve tells no one again');
  });

  it('a person reporting twice is linked once', () => {
    const { state } = run([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e'], [5, 'a'], [6, 'e']]);
    assert.deepEqual(state.incidents[0]?.linkedReporterIds, ['a', 'b', 'c', 'd', 'e']);
  });

  it('after the incident is resolved, counting starts afresh', () => {
    const first = run([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e']]);
    const resolved = resolveIncident(first.state, 'inc-5', at(5)).state;
    const again = run([[6, 'f'], [7, 'g']], resolved);
    assert.deepEqual(again.decisions.map((d) => d.kind), ['ticket', 'ticket']);
  });

  it('another client is not linked to the FortiClient incident', () => {
    const { decisions } = run([[0, 'a'], [1, 'b'], [2, 'c'], [3, 'd'], [4, 'e'], [5, 'x', 'globalprotect']]);
    assert.equal(decisions[5]?.kind, 'ticket');
  });

  it('property: never two open incidents for one pair; every report is exactly one of ticket/opened/linked', () => {
    const step = fc.oneof(
      { weight: 9, arbitrary: fc.record({ kind: fc.constant('report' as const), gap: fc.integer({ min: 0, max: 400 }), client: fc.constantFrom<VpnClient>('forticlient', 'globalprotect'), symptom: fc.constantFrom<VpnSymptom>('no-connection', 'drops'), reporter: fc.integer({ min: 0, max: 30 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 15 }), (steps, reports, minutes) => {
        const rule = { reports, minutes };
        let state = EMPTY_OUTAGE_STATE;
        let t = 0;
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'resolve') {
            const open = state.incidents.filter((i) => i.status === 'open');
            const target = open[s.pick % Math.max(1, open.length)];
            if (target) state = resolveIncident(state, target.id, at(t)).state;
          } else {
            t += s.gap;
            const out = routeReport(state, { at: at(t), client: s.client, symptom: s.symptom, reporterId: `p${s.reporter}` }, rule, `inc-${++n}`);
            const linkedTo = out.state.incidents.filter((i) => i.status === 'open' && i.client === s.client && i.symptom === s.symptom);
            if (out.decision.kind === 'ticket') assert.equal(linkedTo.length, 0);
            else assert.ok(linkedTo[0]?.linkedReporterIds.includes(`p${s.reporter}`));
            state = out.state;
          }
          const openPairs = state.incidents.filter((i) => i.status === 'open').map((i) => `${i.client}/${i.symptom}`);
          assert.equal(new Set(openPairs).size, openPairs.length, `two open incidents: ${openPairs.join(', ')}`);
          for (const i of state.incidents) assert.equal(new Set(i.linkedReporterIds).size, i.linkedReporterIds.length);
        }
      }),
    );
  });
});
