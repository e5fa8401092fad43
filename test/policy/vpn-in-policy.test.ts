import assert from 'node:assert/strict';
import { fileError } from '../support/file-error.js';
import { DEFAULT_VPN_POLICY } from '../../src/domain/model.js';
import { loadPolicyFile, parsePolicy } from '../../src/policy/load-policy.js';

const MINIMAL = `organisation: { id: lra, name: Landratsamt, state: BY }
versions:
  - validFrom: 2023-01-01
    name: DV 2023
`;


describe('policy file: VPN problem reports', () => {
  it('a policy without a vpn block offers every client, 10 reports in 15 minutes, a reminder after 30 minutes', () => {
    const p = parsePolicy(MINIMAL, 'p.yaml');
    assert.deepEqual(p.vpn, DEFAULT_VPN_POLICY);
  });

  it('the shipped policies name their clients and outage thresholds', async () => {
    const k = await loadPolicyFile('policies/kitzingen-like.yaml');
    assert.deepEqual(k.vpn, { clients: ['forticlient', 'citrix-workspace', 'other'], outage: { reports: 10, minutes: 15 }, unassignedReminderMinutes: 30 });
    const m = await loadPolicyFile('policies/muenster-like.yaml');
    assert.deepEqual(m.vpn.clients, ['ncp-secure-entry', 'globalprotect', 'other']);
    assert.deepEqual(m.vpn.outage, { reports: 20, minutes: 10 });
  });

  it('a partial block keeps the defaults of what it leaves out', () => {
    const p = parsePolicy(`${MINIMAL}vpn: { outage: { reports: 5, minutes: 3 } }\n`, 'p.yaml');
    assert.deepEqual(p.vpn.outage, { reports: 5, minutes: 3 });
    assert.deepEqual(p.vpn.clients, DEFAULT_VPN_POLICY.clients);
  });

  const bad: Array<{ name: string; vpn: string; path: string; problem: RegExp }> = [
    { name: 'an unknown client', vpn: '{ clients: [forticlient, anyconnect] }', path: 'vpn.clients[1]', problem: /must be one of .*forticlient/ },
    { name: 'a client listed twice', vpn: '{ clients: [forticlient, forticlient] }', path: 'vpn.clients', problem: /twice/ },
    { name: 'no client at all', vpn: '{ clients: [] }', path: 'vpn.clients', problem: /at least 1|too small|>=1/i },
    { name: 'an outage of one report', vpn: '{ outage: { reports: 1, minutes: 10 } }', path: 'vpn.outage.reports', problem: /at least 2|>=2/ },
    { name: 'an outage without minutes', vpn: '{ outage: { reports: 5 } }', path: 'vpn.outage.minutes', problem: /.+/ },
    { name: 'a typo in a key', vpn: '{ unassignedReminderMinute: 10 }', path: 'vpn.unassignedReminderMinute', problem: /unknown key/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}, naming file and path`, () => {
      const err = fileError(() => parsePolicy(`${MINIMAL}vpn: ${c.vpn}\n`, 'policies/x.yaml'));
      const p = err.problems.find((q) => q.path === c.path);
      assert.ok(p, `no problem at ${c.path}: ${err.message}`);
      assert.match(p.problem, c.problem);
      assert.equal(p.line, 5);
    });
  }
});
