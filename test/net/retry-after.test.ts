import assert from 'node:assert/strict';
import { readRetryAfter } from '../../src/net/retry-after.js';

describe('Retry-After of any service we call', () => {
  const now = Date.parse('2026-03-02T08:00:00Z');
  const cases: Array<[string, string | undefined, string | undefined, number | undefined]> = [
    ['delay seconds', '10', undefined, 10_000],
    ['fractional seconds, rounded up to the ms', '0.5', undefined, 500],
    ['an HTTP date in the future', 'Mon, 02 Mar 2026 08:00:10 GMT', undefined, 10_000],
    ['an HTTP date in the past is no wait at all', 'Mon, 02 Mar 2026 07:59:00 GMT', undefined, 0],
    ['retry-after-ms wins over Retry-After', '3', '250', 250],
    ['an unreadable retry-after-ms falls back to Retry-After', '3', 'soon', 3000],
    ['an unreadable value', 'soon', undefined, undefined],
    ['no header', undefined, undefined, undefined],
    ['an empty header', '  ', undefined, undefined],
  ];
  for (const [name, header, msHeader, expected] of cases) {
    it(`when the answer carries ${name}, then the wait is ${String(expected)} ms`, () => {
      assert.equal(readRetryAfter(header, now, msHeader), expected);
    });
  }
});
