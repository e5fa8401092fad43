import assert from 'node:assert/strict';
import { AFFECTED_SCOPES, VPN_SYMPTOMS, type AffectedScope, type Priority, type VpnSymptom } from '../../src/domain/vpn-model.js';
import { vpnPriority } from '../../src/domain/vpn-priority.js';

describe('VPN ticket priority from impact', () => {
  const table: Array<[affected: AffectedScope, symptom: VpnSymptom, expect: Priority]> = [
    ['many', 'no-connection', 'P1'],
    ['many', 'second-factor', 'P1'],
    ['many', 'certificate', 'P1'],
    ['many', 'drops', 'P2'],
    ['many', 'slow', 'P2'],
    ['many', 'one-application', 'P2'],
    ['my-team', 'no-connection', 'P2'],
    ['my-team', 'slow', 'P2'],
    ['my-team', 'certificate', 'P2'],
    ['only-me', 'no-connection', 'P3'],
    ['only-me', 'second-factor', 'P3'],
    ['only-me', 'one-application', 'P3'],
    ['only-me', 'slow', 'P4'],
  ];
  for (const [affected, symptom, expect] of table) {
    it(`${affected} + ${symptom} → ${expect}`, () => assert.equal(vpnPriority({ affected, symptom }), expect));
  }

  it('more people affected never lowers the priority, for every symptom', () => {
    const rank = (p: Priority) => Number(p.slice(1));
    for (const symptom of VPN_SYMPTOMS) {
      const ranks = ['only-me', 'my-team', 'many'].map((a) => rank(vpnPriority({ affected: a as AffectedScope, symptom })));
      assert.ok(ranks[0]! >= ranks[1]! && ranks[1]! >= ranks[2]!, `${symptom}: ${ranks.join(' ')}`);
    }
    assert.equal(AFFECTED_SCOPES.length, 3);
  });
});
