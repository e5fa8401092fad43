import assert from 'node:assert/strict';
import { rulesSummary } from '../../src/cards/employee-views.js';
import { loadPolicyFile } from '../../src/policy/load-policy.js';

describe('rules summary of a policy with several caps', () => {
  it('when a version has caps, then the card names each cap for everyone with its limit and window (org-unit caps left to the verdicts)', async () => {
    const p = await loadPolicyFile('policies/landkreis-mehrere-grenzen-like.yaml');
    const de = rulesSummary('de', 'DV', p.versions[0]!.rules);
    assert.match(de, /^DV: „Telearbeit \(regelmäßig\)“ höchstens 60 % Ihrer Arbeitszeit je zwei Wochen, „Mobiles Arbeiten \(gelegentlich\)“ höchstens 24 Tage je Halbjahr, „Höchstanteil insgesamt“ höchstens 80 % Ihrer Arbeitszeit je Monat, /);
    assert.doesNotMatch(de, /Bürgerbüro/);
    assert.match(rulesSummary('en', 'DV', p.versions[0]!.rules), /"Mobiles Arbeiten \(gelegentlich\)" at most 24 days per half-year/);
  });

  it('when a version uses the single-cap format, then the summary is as before', async () => {
    const p = await loadPolicyFile('policies/muenster-like.yaml');
    assert.match(rulesSummary('de', 'DV', p.versions[0]!.rules), /^DV: höchstens 80 % Ihrer Arbeitszeit, mindestens 1 Bürotag pro Woche/);
  });
});
