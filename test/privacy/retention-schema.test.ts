import assert from 'node:assert/strict';
import { DEFAULT_RETENTION } from '../../src/domain/retention-periods.js';
import { parsePolicy } from '../../src/policy/load-policy.js';

const base = `organisation: { id: lra, name: Landratsamt, state: BY }
versions:
  - { validFrom: 2020-01-01, name: DV 2020 }
`;

describe('The retention block of the policy file', () => {
  it('when a policy has no retention block, then every kind takes its default period', () => {
    assert.deepEqual(parsePolicy(base, 'p.yaml').retention, DEFAULT_RETENTION);
  });

  it('when a policy sets some periods, then those apply and the rest keep their defaults', () => {
    const r = parsePolicy(`${base}retention: { mobileWork: 6, absences: 1 }\n`, 'p.yaml').retention;
    assert.deepEqual(r, { ...DEFAULT_RETENTION, mobileWork: 6, absences: 1 });
  });

  const refused: Array<[string, string, RegExp]> = [
    ['a personal period over two years', 'retention: { mobileWork: 25 }', /retention\.mobileWork.*at most 24 months/s],
    ['zero months', 'retention: { checkIns: 0 }', /retention\.checkIns.*at least 1 month/s],
    ['half months', 'retention: { absences: 1.5 }', /retention\.absences.*whole number/s],
    ['a typo in a kind', 'retention: { mobilework: 13 }', /retention.*mobilework/s],
    ['statistics shorter than the personal records', 'retention: { statistics: 6 }', /retention\.statistics.*at least mobileWork/s],
  ];
  for (const [what, yaml, message] of refused) {
    it(`when a policy sets ${what}, then loading fails naming the file, the path and the problem`, () => {
      assert.throws(
        () => parsePolicy(`${base}${yaml}\n`, 'dv.yaml'),
        (e: Error) => {
          assert.match(e.message, /dv\.yaml/);
          assert.match(e.message, message);
          return true;
        },
      );
    });
  }
});
