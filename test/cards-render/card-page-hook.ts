/**
 * One headless-Chromium page with Microsoft's Adaptive Cards renderer for the enclosing describe:
 * opened before its tests, closed after. Without Chromium the tests are skipped locally and fail
 * on CI (which installs it).
 */
import assert from 'node:assert/strict';
import { CardPage } from '../../scripts/cards/card-page.js';
import { chromiumMissingReason } from '../../scripts/lib/chromium.js';

export function useCardPage(): () => CardPage {
  let page: CardPage | undefined;
  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) {
      if (process.env.CI) throw new Error(`CI must run the card checks: ${missing}`);
      console.log(`    (pending: card renderer checks need Chromium — ${missing})`);
      this.skip();
    }
    page = await CardPage.open();
  });
  after(async () => page?.close());
  return () => {
    assert.ok(page, 'browser page not open');
    return page;
  };
}
