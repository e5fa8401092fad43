import { ConfigFileError } from '../../src/config/config-file-error.js';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { fileError } from '../support/file-error.js';
import { matchKnowledgeBase } from '../../src/domain/vpn-knowledge-base.js';
import type { VpnReport } from '../../src/domain/vpn-model.js';
import { loadKnowledgeBaseFile, parseKnowledgeBase } from '../../src/vpn/load-knowledge-base.js';

const SAMPLE = 'samples/vpn-knowledge-base.yaml';


const report = (patch: Partial<VpnReport>): VpnReport => ({
  client: 'forticlient', symptom: 'no-connection', since: '2026-11-25', connection: 'wlan', internetWithoutVpn: true, affected: 'only-me', ...patch,
});

const ENTRY = (extra = '') => `entries:
  - id: e1
    symptoms: [no-connection]
${extra}    de: { title: T, steps: [S] }
    en: { title: T, steps: [S] }
`;

describe('VPN knowledge base file', () => {
  describe(SAMPLE, () => {
    it('loads, every entry in German and English', async () => {
      const kb = await loadKnowledgeBaseFile(SAMPLE);
      assert.ok(kb.entries.length >= 8);
      for (const e of kb.entries) {
        assert.ok(e.de.steps.length > 0 && e.en.steps.length > 0, e.id);
        assert.notEqual(e.de.title, e.en.title, e.id);
      }
    });

    const table: Array<[name: string, patch: Partial<VpnReport>, first: string]> = [
      ['FortiClient stuck at 10 % with -14 → network / ports 443 and 10443', { errorText: 'Fehler -14', progressPercent: 10 }, 'forticlient-10-percent-network'],
      ['FortiClient at 44 % with -7200 → credentials or second factor too late', { errorText: '-7200', progressPercent: 44 }, 'forticlient-40-48-credentials'],
      ['GlobalProtect "portal" → portal', { client: 'globalprotect', errorText: 'Portal nicht erreichbar' }, 'globalprotect-portal'],
      ['GlobalProtect "gateway" → gateway', { client: 'globalprotect', errorText: 'Gateway timeout' }, 'globalprotect-gateway'],
      ['drops on LAN → MTU 1492 on PPPoE', { client: 'ncp-secure-entry', symptom: 'drops', connection: 'lan' }, 'mtu-pppoe'],
      ['YubiKey not found → re-seat / other port', { client: 'genucard', symptom: 'second-factor', errorText: 'YubiKey nicht gefunden' }, 'yubikey-reseat'],
      ['certificate → service desk', { client: 'cisco-secure-client', symptom: 'certificate' }, 'certificate-expired'],
      ['Citrix, one application → Fachverfahren over VPN', { client: 'citrix-workspace', symptom: 'one-application', connection: 'mobile' }, 'citrix-fachverfahren'],
    ];
    for (const [name, patch, first] of table) {
      it(name, async () => {
        const kb = await loadKnowledgeBaseFile(SAMPLE);
        assert.equal(matchKnowledgeBase(kb, report(patch))[0]?.id, first);
      });
    }

    it('names the ports and the MTU in the steps; the certificate entry escalates', async () => {
      const kb = await loadKnowledgeBaseFile(SAMPLE);
      const byId = new Map(kb.entries.map((e) => [e.id, e]));
      assert.match(byId.get('forticlient-10-percent-network')!.de.steps.join(' '), /443.*10443/);
      assert.match(byId.get('mtu-pppoe')!.en.steps.join(' '), /1492/);
      assert.equal(byId.get('certificate-expired')!.escalate, true);
    });

    it('reads the same knowledge base from JSON', async () => {
      const yaml = await readFile(SAMPLE, 'utf8');
      assert.deepEqual(parseKnowledgeBase(JSON.stringify(parseYaml(yaml)), 'kb.json'), parseKnowledgeBase(yaml, 'kb.yaml'));
    });
  });

  it('defaults: every client, every connection, no error condition, no escalation', () => {
    assert.deepEqual(parseKnowledgeBase(ENTRY(), 'kb.yaml').entries[0], {
      id: 'e1', clients: [], symptoms: ['no-connection'], errorCodes: [], errorPatterns: [], connections: [], escalate: false,
      de: { title: 'T', steps: ['S'] }, en: { title: 'T', steps: ['S'] },
    });
  });

  const bad: Array<[name: string, text: string, path: string, problem: RegExp, line?: number]> = [
    ['unknown client', ENTRY('    clients: [openvpn]\n'), 'entries[0].clients[0]', /must be one of/, 4],
    ['unknown symptom', ENTRY('').replace('[no-connection]', '[kaputt]'), 'entries[0].symptoms[0]', /must be one of/, 3],
    ['no symptom', ENTRY('').replace('[no-connection]', '[]'), 'entries[0].symptoms', /at least 1/, 3],
    ['an invalid regular expression', ENTRY('    errorPatterns: ["(unclosed"]\n'), 'entries[0].errorPatterns[0]', /not a valid regular expression/, 4],
    ['progress min above max', ENTRY('    progress: { min: 50, max: 40 }\n'), 'entries[0].progress', /min must not be greater than max/, 4],
    ['progress above 100', ENTRY('    progress: { min: 50, max: 140 }\n'), 'entries[0].progress.max', /at most 100/, 4],
    ['a misspelt key', ENTRY('    symptom: [drops]\n'), 'entries[0].symptom', /unknown key/, 4],
    ['English missing', ENTRY('').replace(/ {4}en:.*\n/, ''), 'entries[0].en', /is required/, 2],
    ['a repeated client', ENTRY('    clients: [genucard, genucard]\n'), 'entries[0].clients', /same client twice/, 4],
    ['an id twice', `${ENTRY()}${ENTRY().replace('entries:\n', '')}`, 'entries[1].id', /used twice/, 6],
  ];
  for (const [name, text, path, problem, line] of bad) {
    it(`refuses ${name}, naming file, path and line`, () => {
      const err = fileError(() => parseKnowledgeBase(text, 'kb.yaml'));
      assert.equal(err.file, 'kb.yaml');
      const p = err.problems.find((x) => x.path === path);
      assert.ok(p, `no problem at ${path}: ${err.message}`);
      assert.match(p.problem, problem);
      if (line !== undefined) assert.equal(p.line, line, err.message);
    });
  }

  it('a missing file is a ConfigFileError', async () => {
    await assert.rejects(loadKnowledgeBaseFile('samples/nope.yaml'), (e: unknown) => e instanceof ConfigFileError && /file not found/.test(e.message));
  });
});
