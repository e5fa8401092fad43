/**
 * Which days an Outlook event makes its owner absent (src/graph/absences.ts): oof only, all-day
 * and timed, multi-day, in Europe/Berlin, whatever time zone Graph answers in.
 */
import assert from 'node:assert/strict';
import { absenceOfEvent, instantOf, MAX_DAYS_PER_EVENT, type GraphEvent } from '../../src/graph/absences.js';

const ev = (fields: Partial<GraphEvent>): GraphEvent => ({ id: 'e1', showAs: 'oof', ...fields });
const at = (dateTime: string, timeZone = 'UTC') => ({ dateTime, timeZone });

describe('absences from calendar events', () => {
  const cases: Array<{ name: string; event: GraphEvent; dates: string[] }> = [
    {
      name: 'an all-day oof event of one day',
      event: ev({ isAllDay: true, start: at('2026-12-01T00:00:00.0000000'), end: at('2026-12-02T00:00:00.0000000') }),
      dates: ['2026-12-01'],
    },
    {
      name: 'an all-day oof week, end exclusive (Mon–Fri, the weekend is filtered later by the use case)',
      event: ev({ isAllDay: true, start: at('2026-11-30T00:00:00'), end: at('2026-12-05T00:00:00', 'W. Europe Standard Time') }),
      dates: ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'],
    },
    {
      name: 'a timed oof event in UTC that starts on the previous UTC day but in Berlin on the day',
      event: ev({ start: at('2026-11-30T23:30:00.0000000'), end: at('2026-12-01T10:00:00.0000000') }),
      dates: ['2026-12-01'],
    },
    {
      name: 'a timed event ending at 00:00 Berlin does not touch the next day',
      event: ev({ start: at('2026-12-01T08:00:00', 'Europe/Berlin'), end: at('2026-12-02T00:00:00', 'Europe/Berlin') }),
      dates: ['2026-12-01'],
    },
    {
      name: 'a timed event given in a Windows zone name, over two days',
      event: ev({ start: at('2026-12-01T13:00:00', 'W. Europe Standard Time'), end: at('2026-12-02T12:00:00', 'W. Europe Standard Time') }),
      dates: ['2026-12-01', '2026-12-02'],
    },
    { name: 'a busy event', event: ev({ showAs: 'busy', start: at('2026-12-01T08:00:00'), end: at('2026-12-01T09:00:00') }), dates: [] },
    { name: 'workingElsewhere (our own mobile-work events)', event: ev({ showAs: 'workingElsewhere', isAllDay: true, start: at('2026-12-01T00:00:00'), end: at('2026-12-02T00:00:00') }), dates: [] },
    { name: 'a cancelled oof event', event: ev({ isCancelled: true, isAllDay: true, start: at('2026-12-01T00:00:00'), end: at('2026-12-02T00:00:00') }), dates: [] },
    { name: 'a deleted event in a delta page', event: { id: 'e1', '@removed': { reason: 'deleted' } }, dates: [] },
    { name: 'a series master (its occurrences come separately)', event: ev({ type: 'seriesMaster', isAllDay: true, start: at('2026-12-01T00:00:00'), end: at('2026-12-02T00:00:00') }), dates: [] },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.dates.length === 0 ? 'no days' : c.dates.join(', ')}`, () => {
      assert.deepEqual(absenceOfEvent(c.event, 'Europe/Berlin'), { eventId: 'e1', dates: c.dates });
    });
  }

  it('caps a very long absence (parental leave) at MAX_DAYS_PER_EVENT days', () => {
    const long = absenceOfEvent(ev({ isAllDay: true, start: at('2026-01-01T00:00:00'), end: at('2029-01-01T00:00:00') }));
    assert.equal(long.dates.length, MAX_DAYS_PER_EVENT);
  });

  it('converts wall times across the DST change in Berlin', () => {
    assert.equal(new Date(instantOf('2026-03-29T01:30:00', 'Europe/Berlin', 'Europe/Berlin')!).toISOString(), '2026-03-29T00:30:00.000Z');
    assert.equal(new Date(instantOf('2026-03-29T03:30:00', 'Europe/Berlin', 'Europe/Berlin')!).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(new Date(instantOf('2026-07-01T12:00:00', 'Unknown/Zone', 'Europe/Berlin')!).toISOString(), '2026-07-01T10:00:00.000Z');
    assert.equal(new Date(instantOf('2026-07-01T12:00:00+02:00', 'UTC', 'Europe/Berlin')!).toISOString(), '2026-07-01T10:00:00.000Z');
  });
});
