/**
 * Gathers what the desk rules need for one person and one date, inside a store transaction so
 * that the check and the write that follows cannot race with another booking of the same slot.
 */
import type { IsoDate } from '../domain/dates.js';
import { weekdayKey, weekdayOf } from '../domain/dates.js';
import type { BookingContext } from '../domain/desk-availability.js';
import type { DeskRules } from '../domain/desk-model.js';
import { deskRulesOf } from '../domain/desk-rules.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import type { StoreReader } from '../store/store.js';
import type { AppContext } from './app-context.js';
import type { PersonFacts } from './evaluation-context.js';
import { holidayCalendarOf } from '../domain/holiday-calendar.js';

export function deskRulesFor(ctx: AppContext, facts: PersonFacts, date: IsoDate): DeskRules {
  return deskRulesOf(rulesInForce(ctx.policy, facts.orgUnitChain, date).rules);
}

export async function bookingContext(
  ctx: AppContext,
  reader: StoreReader,
  facts: PersonFacts,
  date: IsoDate,
  today: IsoDate,
  teamMemberIds: string[] = [],
): Promise<BookingContext> {
  const { person } = facts;
  const settings = await reader.getSettings(person.id);
  return {
    inventory: ctx.inventory,
    rules: deskRulesFor(ctx, facts, date),
    holidays: holidayCalendarOf(ctx.policy),
    today,
    person: {
      id: person.id,
      orgUnitChain: facts.orgUnitChain,
      needsAccessibleDesk: settings?.needsAccessibleDesk === true,
      worksOn: (d: IsoDate) => (person.hoursByWeekday[weekdayKey(weekdayOf(d))] ?? 0) > 0,
    },
    bookingsOnDate: await reader.listBookingsOnDate(date),
    personBookings: await reader.listBookingsOfPerson(person.id, today),
    teamMemberIds,
  };
}
