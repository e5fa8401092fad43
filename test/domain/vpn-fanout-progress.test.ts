import assert from 'node:assert/strict';
import { fanoutComplete, fanoutProgress, type MessageOutcome } from '../../src/domain/vpn-fanout-progress.js';

describe('fan-out progress of a resolved outage', () => {
  const cases: Array<[string, number, MessageOutcome[], { notified: number; unreachable: number; pending: number; total: number }, boolean]> = [
    ['nothing sent yet', 3, ['pending', 'pending', 'pending'], { total: 3, notified: 0, unreachable: 0, pending: 3 }, false],
    ['some told, one blocked the bot', 4, ['done', 'dead', 'pending', 'done'], { total: 4, notified: 2, unreachable: 1, pending: 1 }, false],
    ['everyone has an outcome', 3, ['done', 'dead', 'done'], { total: 3, notified: 2, unreachable: 1, pending: 0 }, true],
    ['more outcomes than the stored total count (never less than seen)', 1, ['done', 'done'], { total: 2, notified: 2, unreachable: 0, pending: 0 }, true],
  ];
  for (const [name, total, outcomes, expected, complete] of cases) {
    it(`when ${name}, then ${expected.notified} of ${expected.total} are told, ${expected.unreachable} unreachable${complete ? ', and it is complete' : ''}`, () => {
      const p = fanoutProgress(total, outcomes);
      assert.deepEqual(p, expected);
      assert.equal(fanoutComplete(p), complete);
    });
  }
});
