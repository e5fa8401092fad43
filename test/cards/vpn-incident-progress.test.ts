import assert from 'node:assert/strict';
import { createVpnPresenter } from '../../src/bot/vpn-presenter.js';
import type { Locale } from '../../src/domain/model.js';
import type { FanoutProgress } from '../../src/domain/vpn-fanout-progress.js';
import { allStrings } from './card-walk.js';
import { makeIncident, vpnNameOf } from './vpn-fixtures.js';

const vpn = createVpnPresenter();
const resolved = makeIncident({ status: 'resolved', resolvedBy: 'p-desk-2', resolvedAt: '2026-11-30T10:15:00Z', solution: 'Gateway neu gestartet.', notifyTotal: 5_000 });
const card = (locale: Locale, progress?: FanoutProgress) =>
  vpn.deskIncident(locale, { incident: resolved, nameOf: vpnNameOf, ticketCount: 4, canAct: true, refreshUserIds: [], ...(progress ? { progress } : {}) });

describe('outage card: progress of the resolution', () => {
  const cases: Array<[Locale, FanoutProgress, string, RegExp]> = [
    ['de', { total: 5_000, notified: 1_234, unreachable: 0, pending: 3_766 }, '1.234 von 5.000 benachrichtigt', /nach und nach informiert/],
    ['en', { total: 5_000, notified: 1_234, unreachable: 0, pending: 3_766 }, '1,234 of 5,000 notified', /told in turn/],
    ['de', { total: 5_000, notified: 4_990, unreachable: 10, pending: 0 }, '4.990 von 5.000 benachrichtigt, 10 nicht erreichbar', /betroffen und wurden informiert/],
    ['en', { total: 5_000, notified: 4_999, unreachable: 1, pending: 0 }, '4,999 of 5,000 notified, 1 could not be reached', /affected and have been informed/],
  ];
  for (const [locale, progress, shown, text] of cases) {
    it(`when ${progress.notified} of ${progress.total} are told (${progress.pending} pending, ${progress.unreachable} unreachable), then the ${locale} card says "${shown}"`, () => {
      const texts = allStrings(card(locale, progress));
      assert.ok(texts.includes(shown), texts.join(' | '));
      assert.ok(texts.some((t) => text.test(t)), texts.join(' | '));
    });
  }

  it('when there is no progress (an outage resolved before it was kept), then the card shows no count of notified people', () => {
    assert.equal(allStrings(card('de')).some((t) => /benachrichtigt/.test(t)), false);
  });

  it('when the outage is still open, then a progress given by mistake is not shown', () => {
    const open = vpn.deskIncident('de', { incident: makeIncident(), nameOf: vpnNameOf, ticketCount: 4, canAct: true, refreshUserIds: [], progress: { total: 5, notified: 1, unreachable: 0, pending: 4 } });
    assert.equal(allStrings(open).some((t) => /benachrichtigt/.test(t)), false);
  });
});
