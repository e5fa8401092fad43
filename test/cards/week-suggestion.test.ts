/** "Meine Woche" suggests booking a desk for an upcoming team presence day. */
import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/render.js';
import { myWeekView } from '../../src/cards/view-models.js';
import { actionData } from '../support/app-harness.js';

const days = [
  { date: '2026-11-30', status: 'office' as const },
  { date: '2026-12-01', status: 'presence-day' as const },
];

describe('my week: desk suggestion on presence days', () => {
  it('when a presence day lies ahead without a desk, then the card offers to book one for that day', () => {
    const card = renderCard('my-week', myWeekView('de', { weekStart: '2026-11-30', today: '2026-11-25', days, suggestDeskOn: '2026-12-01' }), 'de');
    assert.match(JSON.stringify(card), /Präsenztag Ihres Teams/);
    assert.deepEqual(actionData(card, 'desk.search'), { date: '2026-12-01' });
  });

  it('when there is nothing to suggest, then the card has no desk action', () => {
    const card = renderCard('my-week', myWeekView('de', { weekStart: '2026-11-30', today: '2026-11-25', days }), 'de');
    assert.doesNotMatch(JSON.stringify(card), /desk\.search/);
  });
});
