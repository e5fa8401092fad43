/** The standing-agreement track: bound by its maximum duration and a weekly minimum, not the horizon. */
import assert from 'node:assert/strict';
import { expandProposal } from '../../src/domain/proposal.js';
import { evaluateProposal } from '../../src/domain/quota-engine.js';
import { ctxFor, fullTime, muensterPolicy, partTime } from './fixtures.js';

const codes = (v: { reasons: { code: string }[] }) => v.reasons.map((r) => r.code);

describe('quota engine: standing agreements', () => {
  it('when every Monday and Thursday until March is proposed, then days beyond the 90-day horizon are still judged (not BEYOND_HORIZON)', () => {
    const days = expandProposal({ type: 'recurring', weekdays: [1, 4], from: '2026-11-23', until: '2027-03-31' });
    const verdicts = evaluateProposal(ctxFor(fullTime, muensterPolicy), 'standing', days);
    assert.ok(verdicts.length > 30);
    assert.ok(verdicts.every((v) => !codes(v).includes('BEYOND_HORIZON')));
    const late = verdicts.filter((v) => v.date > '2027-02-20');
    const refused = late.filter((v) => v.outcome === 'refused');
    assert.ok(late.length > 10);
    assert.deepEqual(refused.map((v) => [v.date, codes(v)]), [['2027-03-29', ['PUBLIC_HOLIDAY']]], 'only Easter Monday is refused');
  });

  it('when the same days are asked as occasional days, then those beyond the horizon are refused', () => {
    const days = expandProposal({ type: 'range', from: '2027-02-22', to: '2027-02-22' });
    const [v] = evaluateProposal(ctxFor(fullTime, muensterPolicy), 'occasional', days);
    assert.deepEqual(codes(v!), ['BEYOND_HORIZON']);
  });

  it('when the pattern runs longer than the maximum duration, then days after it are refused with STANDING_TOO_LONG and the last allowed date', () => {
    const version = muensterPolicy.versions[0]!;
    const sixMonths = {
      ...muensterPolicy,
      versions: [{ ...version, rules: { ...version.rules, tracks: { ...version.rules.tracks, standing: { ...version.rules.tracks.standing, maxDurationMonths: 6 } } } }],
    };
    const days = expandProposal({ type: 'recurring', weekdays: [1], from: '2026-11-23', until: '2027-07-31' });
    const verdicts = evaluateProposal(ctxFor(fullTime, sixMonths), 'standing', days);
    const tooLong = verdicts.filter((v) => codes(v).includes('STANDING_TOO_LONG'));
    assert.equal(tooLong[0]?.date, '2027-05-24');
    assert.deepEqual(tooLong[0]?.reasons.find((r) => r.code === 'STANDING_TOO_LONG')?.params, { months: 6, lastDate: '2027-05-22' });
    assert.ok(verdicts.filter((v) => v.date <= '2027-05-22').every((v) => !codes(v).includes('STANDING_TOO_LONG')));
  });

  const minHours: Array<[string, typeof fullTime, number[], boolean]> = [
    ['a full-timer with one Monday (8 h)', fullTime, [1], false],
    ['a full-timer with one Friday (7 h)', fullTime, [5], true],
    ['a part-timer with one Monday (6.5 h)', partTime, [1], true],
    ['a part-timer with Monday and Tuesday (13 h)', partTime, [1, 2], false],
  ];
  for (const [name, person, weekdays, refused] of minHours) {
    it(`when ${name} asks for a standing agreement, then the 8 h weekly minimum ${refused ? 'refuses' : 'accepts'} it`, () => {
      const days = expandProposal({ type: 'recurring', weekdays: weekdays as (1 | 2 | 5)[], from: '2026-11-23', until: '2026-12-31' });
      const verdicts = evaluateProposal(ctxFor(person, muensterPolicy), 'standing', days);
      assert.equal(verdicts.every((v) => codes(v).includes('STANDING_MIN_HOURS')), refused);
      if (refused) assert.equal(verdicts[0]!.reasons.find((r) => r.code === 'STANDING_MIN_HOURS')?.params.min, 8);
    });
  }
});
