import assert from 'node:assert/strict';
import type { KnowledgeBase } from '../../src/domain/vpn-knowledge-base.js';
import { knowledgeBaseCsv, knowledgeBaseReport } from '../../src/reports/knowledge-base-report.js';
import { loadKnowledgeBaseFile } from '../../src/vpn/load-knowledge-base.js';
import { COUNTERS } from './vpn-report-fixtures.js';

const kb = await loadKnowledgeBaseFile('samples/vpn-knowledge-base.yaml');

describe('knowledge-base report', () => {
  it('one row per entry in file order, zeros for entries never shown, then counted ids no longer in the file', () => {
    const rows = knowledgeBaseReport(kb, COUNTERS, 'de');
    assert.deepEqual(
      rows.map((r) => r.id),
      [...kb.entries.map((e) => e.id), 'old-forticlient-6-4'],
    );
    assert.deepEqual(rows[0], {
      id: 'forticlient-10-percent-network',
      title: kb.entries[0]!.de.title,
      inFile: true,
      shown: 3,
      helped: 1,
      escalated: 2,
      helpRate: 1 / 3,
      suppressed: ['shown', 'helped', 'escalated', 'helpRate'],
    });
    assert.deepEqual(rows[1], { id: 'forticlient-40-48-credentials', title: kb.entries[1]!.de.title, inFile: true, shown: 0, helped: 0, escalated: 0, suppressed: [] });
    assert.deepEqual(rows.at(-1), { id: 'old-forticlient-6-4', inFile: false, shown: 2, helped: 1, escalated: 0, helpRate: 0.5, suppressed: ['shown', 'helped', 'helpRate'] });
  });

  it('when an entry was shown 40 times, helped 12 and escalated 3, then only the escalations (under 5) are hidden', () => {
    const [row] = knowledgeBaseReport({ entries: [kb.entries[0]!] }, { [kb.entries[0]!.id]: { shown: 40, helped: 12, escalated: 3 } }, 'de');
    assert.deepEqual(row?.suppressed, ['escalated']);
    assert.match(knowledgeBaseCsv([row!], 'de', { bom: false }), /;ja;40;12;x;30,0\r\n$/);
  });

  it('takes the title in the locale', () => {
    assert.equal(knowledgeBaseReport(kb, {}, 'en')[0]?.title, 'FortiClient stuck at 10 % (error -14): network or port blocked');
  });

  it('counted ids no longer in the file come sorted by id', () => {
    const small: KnowledgeBase = { entries: [kb.entries[0]!] };
    const counters = { zeta: { shown: 1, helped: 0, escalated: 1 }, alpha: { shown: 1, helped: 1, escalated: 0 } };
    assert.deepEqual(
      knowledgeBaseReport(small, counters, 'de').map((r) => `${r.id} ${r.inFile}`),
      ['forticlient-10-percent-network true', 'alpha false', 'zeta false'],
    );
  });

  describe('CSV', () => {
    it('German: help rate in percent with a decimal comma, empty when never shown; removed entries marked; BOM, CRLF', () => {
      const csv = knowledgeBaseCsv(knowledgeBaseReport(kb, COUNTERS, 'de'), 'de');
      assert.ok(csv.startsWith('\uFEFF'));
      const lines = csv.slice(1).split('\r\n');
      assert.equal(lines[0], 'Eintrag;Titel;In der Wissensdatenbank;Angezeigt;Geholfen;Eskaliert;Hilfequote (%)');
      assert.equal(lines[1], 'forticlient-10-percent-network;FortiClient bleibt bei 10 % stehen (Fehler -14): Netzwerk oder Port gesperrt;ja;x;x;x;x', 'counts of 1–4 are hidden');
      assert.equal(lines[2], 'forticlient-40-48-credentials;FortiClient bricht bei 40–48 % ab (Fehler -7200): Anmeldedaten oder zweiter Faktor zu spät;ja;0;0;0;');
      assert.equal(lines[kb.entries.length], 'no-internet;Allgemein: Verbindung prüfen;ja;x;0;x;x');
      assert.equal(lines[kb.entries.length + 1], 'old-forticlient-6-4;(nicht mehr in der Wissensdatenbank);nein;x;x;0;x');
      assert.equal(lines.length, kb.entries.length + 3);
    });

    it('English: decimal point, yes/no', () => {
      const lines = knowledgeBaseCsv(knowledgeBaseReport(kb, COUNTERS, 'en'), 'en', { bom: false }).split('\r\n');
      assert.equal(lines[0], 'Entry;Title;In the knowledge base;Shown;Helped;Escalated;Help rate (%)');
      assert.equal(lines[1], 'forticlient-10-percent-network;FortiClient stuck at 10 % (error -14): network or port blocked;yes;x;x;x;x');
      assert.equal(lines[kb.entries.length + 1], 'old-forticlient-6-4;(no longer in the knowledge base);no;x;x;0;x');
    });

    it('quotes a title with a separator and defuses a formula', () => {
      const entry = kb.entries[0]!;
      const odd: KnowledgeBase = { entries: [{ ...entry, de: { ...entry.de, title: '=HYPERLINK("x";"y")' } }] };
      const line = knowledgeBaseCsv(knowledgeBaseReport(odd, {}, 'de'), 'de', { bom: false }).split('\r\n')[1];
      assert.equal(line, `forticlient-10-percent-network;"'=HYPERLINK(""x"";""y"")";ja;0;0;0;`);
    });
  });
});
