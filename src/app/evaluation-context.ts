/**
 * Gathers what the quota engine needs for one person and a span of days: their own active days,
 * how many others are remote per day (organisation capacity) and in their org unit (on-site share).
 * Reads only; runs inside a store transaction so the numbers cannot change before the write.
 */
import { capReachDays } from '../domain/cap-check.js';
import { addDays, type IsoDate } from '../domain/dates.js';
import type { Person, Policy } from '../domain/model.js';
import { activeDays } from '../domain/request-lifecycle.js';
import type { EvaluationContext } from '../domain/quota-engine.js';
import type { StoreReader } from '../store/store.js';

export interface PersonFacts {
  person: Person;
  orgUnitChain: string[];
  orgUnitSize: number;
}

export async function buildEvaluationContext(
  reader: StoreReader,
  facts: PersonFacts,
  policy: Policy,
  today: IsoDate,
  span: { from: IsoDate; to: IsoDate },
  excludeRequestId?: string,
): Promise<EvaluationContext> {
  const { person } = facts;
  // Cap windows reach up to a month around the span (a year for a yearly cap); load generously.
  const reach = Math.max(45, capReachDays(policy) + 1);
  const own = await reader.listRequestsOfPerson(person.id, addDays(span.from, -reach), addDays(span.to, reach));
  // Out-of-office days from the calendar (Graph): refused for new days (ABSENT), and days already
  // planned there no longer count against the quota (see activeDays).
  const absentDates = [
    ...new Set(
      (await reader.listAbsencesOfPerson(person.id, addDays(span.from, -reach), addDays(span.to, reach)))
        .filter((a) => a.active)
        .map((a) => a.date),
    ),
  ].sort();
  const existingDays = activeDays(own, excludeRequestId, new Set(absentDates));

  const remoteCountByDate: Record<IsoDate, number> = {};
  const unitRemoteByDate: Record<IsoDate, number> = {};
  const othersByDate = new Map<IsoDate, Set<string>>();
  const unitByDate = new Map<IsoDate, Set<string>>();
  for (const req of await reader.listActiveRequestsInRange(span.from, span.to)) {
    if (req.personId === person.id) continue;
    for (const day of req.days) {
      if (day.status !== 'pending' && day.status !== 'approved') continue;
      if (day.date < span.from || day.date > span.to) continue;
      addTo(othersByDate, day.date, req.personId);
      if (req.orgUnitId === person.orgUnitId) addTo(unitByDate, day.date, req.personId);
    }
  }
  for (const [date, set] of othersByDate) remoteCountByDate[date] = set.size;
  for (const [date, set] of unitByDate) unitRemoteByDate[date] = set.size;

  return {
    person,
    orgUnitChain: facts.orgUnitChain,
    policy,
    today,
    existingDays,
    remoteCountByDate,
    orgUnit: { size: facts.orgUnitSize, remoteByDate: unitRemoteByDate },
    absentDates,
  };
}

function addTo(map: Map<IsoDate, Set<string>>, date: IsoDate, personId: string): void {
  let set = map.get(date);
  if (!set) {
    set = new Set();
    map.set(date, set);
  }
  set.add(personId);
}
