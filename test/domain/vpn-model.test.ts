import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatTicketNumber, parseTicketNumber } from '../../src/domain/vpn-model.js';

describe('VPN ticket numbers', () => {
  const table: Array<[year: number, seq: number, expect: string]> = [
    [2026, 42, 'VPN-2026-00042'],
    [2026, 1, 'VPN-2026-00001'],
    [2027, 99_999, 'VPN-2027-99999'],
    [2027, 123_456, 'VPN-2027-123456'],
  ];
  for (const [year, seq, expect] of table) {
    it(`${year} #${seq} → ${expect}`, () => assert.equal(formatTicketNumber(year, seq), expect));
  }

  it('refuses a sequence of 0, a fraction and a two-digit year', () => {
    assert.throws(() => formatTicketNumber(2026, 0), RangeError);
    assert.throws(() => formatTicketNumber(2026, 1.5), RangeError);
    assert.throws(() => formatTicketNumber(26, 1), RangeError);
  });

  it('parses what people type: any case, spaces around', () => {
    assert.deepEqual(parseTicketNumber(' vpn-2026-00042 '), { year: 2026, sequence: 42 });
    for (const bad of ['VPN-2026-42', 'VPN-26-00042', 'TCK-2026-00042', 'VPN-2026-00000', 'VPN-2026-00042x']) assert.equal(parseTicketNumber(bad), undefined, bad);
  });

  it('property: parse(format(y, n)) gives back y and n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 10_000_000 }), (year, sequence) => {
        assert.deepEqual(parseTicketNumber(formatTicketNumber(year, sequence)), { year, sequence });
      }),
    );
  });
});
