import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  containsErrorCode,
  countHelpfulness,
  helpRate,
  matchKnowledgeBase,
  matchKnowledgeBaseExplained,
  type HelpfulnessCounters,
  type HelpfulnessEvent,
  type KnowledgeBase,
  type KnowledgeBaseEntry,
} from '../../src/domain/vpn-knowledge-base.js';
import type { VpnReport } from '../../src/domain/vpn-model.js';

const steps = { title: 't', steps: ['s'] };
const entry = (id: string, patch: Partial<KnowledgeBaseEntry>): KnowledgeBaseEntry => ({
  id, clients: [], symptoms: ['no-connection'], errorCodes: [], errorPatterns: [], connections: [], escalate: false, de: steps, en: steps, ...patch,
});

/** Listed in the "wrong" order on purpose: ranking must not depend on the file order. */
const KB: KnowledgeBase = {
  entries: [
    entry('general', {}),
    entry('forti-any', { clients: ['forticlient'] }),
    entry('forti-40-48', { clients: ['forticlient'], symptoms: ['no-connection', 'second-factor'], progress: { min: 40, max: 48 } }),
    entry('forti-7200', { clients: ['forticlient'], symptoms: ['no-connection', 'second-factor'], errorCodes: ['-7200'], progress: { min: 40, max: 48 } }),
    entry('forti-7200-only', { clients: ['forticlient'], errorCodes: ['-7200'] }),
    entry('forti-14', { clients: ['forticlient'], errorCodes: ['-14'], progress: { min: 5, max: 15 } }),
    entry('gp-portal', { clients: ['globalprotect'], errorPatterns: ['portal'] }),
    entry('gp-gateway', { clients: ['globalprotect'], errorPatterns: ['gate ?way'] }),
    entry('mtu', { symptoms: ['drops', 'one-application'], connections: ['lan', 'wlan'] }),
    entry('yubikey', { symptoms: ['second-factor'] }),
  ],
};

const report = (patch: Partial<VpnReport>): VpnReport => ({
  client: 'forticlient', symptom: 'no-connection', since: '2026-11-25', connection: 'wlan', internetWithoutVpn: true, affected: 'only-me', ...patch,
});

describe('VPN knowledge base matching', () => {
  const table: Array<[name: string, patch: Partial<VpnReport>, expect: string[]]> = [
    ['FortiClient, -14 at 10 % → error+progress entry first, then client, then symptom only', { errorText: 'Fehler -14', progressPercent: 10 }, ['forti-14', 'forti-any', 'general']],
    ['FortiClient -7200 at 45 % → error code beats progress beats client', { errorText: 'Anmeldung fehlgeschlagen (-7200)', progressPercent: 45 }, ['forti-7200', 'forti-7200-only', 'forti-40-48', 'forti-any', 'general']],
    ['FortiClient -7200 without progress → error code match first; a progress entry is not ranked up without a progress', { errorText: '-7200' }, ['forti-7200', 'forti-7200-only', 'forti-any', 'forti-40-48', 'general']],
    ['FortiClient at 45 % without error text → progress matches first; code entries stay, the 5–15 % entry is out', { progressPercent: 45 }, ['forti-40-48', 'forti-7200', 'forti-any', 'forti-7200-only', 'general']],
    ['FortiClient at 45 % with -14 → the -14 entry is out (wrong progress), the -7200 entry too (wrong code)', { errorText: '-14', progressPercent: 45 }, ['forti-40-48', 'forti-any', 'general']],
    ['FortiClient -140 is not -14 (entries without an error condition stay)', { errorText: 'Fehler -140' }, ['forti-any', 'forti-40-48', 'general']],
    ['FortiClient, no details → client entries in file order, then symptom only', {}, ['forti-any', 'forti-40-48', 'forti-7200', 'forti-7200-only', 'forti-14', 'general']],
    ['GlobalProtect portal message → portal, not gateway', { client: 'globalprotect', errorText: 'Portal vpn.example.de nicht erreichbar' }, ['gp-portal', 'general']],
    ['GlobalProtect gateway message → gateway, not portal', { client: 'globalprotect', errorText: 'GATEWAY connection failed' }, ['gp-gateway', 'general']],
    ['second factor with FortiClient → only entries listing the symptom', { symptom: 'second-factor' }, ['forti-40-48', 'forti-7200', 'yubikey']],
    ['drops on WLAN → MTU', { client: 'ncp-secure-entry', symptom: 'drops' }, ['mtu']],
    ['drops on mobile → not MTU (PPPoE is a fixed line)', { client: 'ncp-secure-entry', symptom: 'drops', connection: 'mobile' }, []],
    ['certificate → nothing in this base', { symptom: 'certificate' }, []],
  ];
  for (const [name, patch, expect] of table) {
    it(name, () => assert.deepEqual(matchKnowledgeBase(KB, report(patch)).map((e) => e.id), expect));
  }

  it('explains why an entry ranks where it does', () => {
    const [first] = matchKnowledgeBaseExplained(KB, report({ errorText: '-7200', progressPercent: 41 }));
    assert.deepEqual({ id: first?.entry.id, ...first?.matched }, { id: 'forti-7200', errorCode: true, progress: true, client: true });
  });

  const codes: Array<[text: string, code: string, expect: boolean]> = [
    ['Fehler -14', '-14', true], ['(-14)', '-14', true], ['code=-14.', '-14', true], ['-14', '-14', true],
    ['-140', '-14', false], ['-7-14', '-14', false], ['x-14', '-14', false], ['0X80070005 Zugriff', '0x80070005', true],
    ['Fehler 14', '-14', false],
  ];
  for (const [text, code, expect] of codes) {
    it(`error code ${code} ${expect ? 'found' : 'not found'} in ${JSON.stringify(text)}`, () => assert.equal(containsErrorCode(text, code), expect));
  }

  it('property: every match lists the symptom, and the ranking is by (error, progress, client)', () => {
    fc.assert(
      fc.property(
        fc.record({
          client: fc.constantFrom('forticlient', 'globalprotect', 'genucard', 'other' as const),
          symptom: fc.constantFrom('no-connection', 'drops', 'second-factor', 'slow' as const),
          errorText: fc.option(fc.constantFrom('-14', '-7200', 'portal', 'gateway', 'x'), { nil: undefined }),
          progressPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
          connection: fc.constantFrom('lan', 'mobile' as const),
        }),
        (p) => {
          const r = report(Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Partial<VpnReport>);
          const found = matchKnowledgeBaseExplained(KB, r);
          const score = (m: (typeof found)[number]) => (m.matched.errorCode ? 4 : 0) + (m.matched.progress ? 2 : 0) + (m.matched.client ? 1 : 0);
          for (const m of found) assert.ok(m.entry.symptoms.includes(r.symptom));
          for (let i = 1; i < found.length; i++) assert.ok(score(found[i - 1]!) >= score(found[i]!));
        },
      ),
    );
  });
});

describe('knowledge base helpfulness counters', () => {
  it('counts shown, helped and escalated per entry', () => {
    const events: HelpfulnessEvent[] = [
      { type: 'shown', entryIds: ['a', 'b'] },
      { type: 'helped', entryId: 'a' },
      { type: 'shown', entryIds: ['a', 'b'] },
      { type: 'escalated', entryIds: ['a', 'b'] },
      { type: 'shown', entryIds: ['b', 'b'] },
    ];
    const state = events.reduce<HelpfulnessCounters>(countHelpfulness, {});
    assert.equal(helpRate(state.a), 0.5);
    assert.equal(helpRate(state.c), 0, 'never shown');
    assert.deepEqual(state, { a: { shown: 2, helped: 1, escalated: 1 }, b: { shown: 3, helped: 0, escalated: 1 } });
  });

  it('never changes the state it is given', () => {
    const before: HelpfulnessCounters = Object.freeze({ a: Object.freeze({ shown: 1, helped: 0, escalated: 0 }) });
    const after = countHelpfulness(before, { type: 'helped', entryId: 'a' });
    assert.deepEqual(before, { a: { shown: 1, helped: 0, escalated: 0 } });
    assert.deepEqual(after.a, { shown: 1, helped: 1, escalated: 0 });
  });

  it('property: the totals equal the number of events of each kind, in any order', () => {
    const ev = fc.oneof(
      fc.record({ type: fc.constant('shown' as const), entryIds: fc.uniqueArray(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }) }),
      fc.record({ type: fc.constant('helped' as const), entryId: fc.constantFrom('a', 'b', 'c') }),
    );
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 30 }), (events) => {
        const state = events.reduce<HelpfulnessCounters>(countHelpfulness, {});
        const reversed = [...events].reverse().reduce<HelpfulnessCounters>(countHelpfulness, {});
        const sum = (k: 'shown' | 'helped') => Object.values(state).reduce((s, c) => s + c[k], 0);
        assert.equal(sum('shown'), events.reduce((s, e) => s + (e.type === 'shown' ? e.entryIds.length : 0), 0));
        assert.equal(sum('helped'), events.filter((e) => e.type === 'helped').length);
        for (const id of ['a', 'b', 'c']) assert.deepEqual(state[id], reversed[id]);
      }),
    );
  });
});
