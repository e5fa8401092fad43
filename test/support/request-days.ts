/** Requesting mobile-work days the way a person does it in chat, through the HTTP interface. */
import assert from 'node:assert/strict';
import { actionData, cardOf, type Harness } from './app-harness.js';

/**
 * Types "14.12. und 17.12. mobil" (dd.mm. dates) and, when a preview card with "Beantragen"
 * answers, clicks it. Returns the card that answers the request.
 */
export async function requestDays(h: Harness, userId: string, dates: string[], locale = 'de-DE'): Promise<Record<string, unknown>> {
  const text = `${dates.map((d) => `${d.slice(8, 10)}.${d.slice(5, 7)}.`).join(' und ')} mobil`;
  const card = cardOf((await h.say(userId, text, locale))[0]);
  if (!JSON.stringify(card).includes('"verb":"homeOffice.request"')) return card;
  const answer = await h.click(userId, 'homeOffice.request', actionData(card, 'homeOffice.request'), locale);
  assert.equal(answer.statusCode, 200, JSON.stringify(answer.value));
  return answer.value;
}
