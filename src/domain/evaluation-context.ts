/**
 * What the quota engine needs to know about a person and the organisation to judge a proposal.
 * Loaded by the app layer; the domain never reads a store. Re-exported by `quota-engine.ts`.
 */
import type { IsoDate } from './dates.js';
import type { DayPortion, HalfDay, Person, Policy, Track } from './model.js';

/** A day the person already has (pending or approved) in another request. Both count. */
export interface ExistingDay {
  date: IsoDate;
  portion: DayPortion;
  status: 'pending' | 'approved';
  requestId: string;
  /** Which half, for half days (optional; when both halves are known and equal they clash). */
  half?: HalfDay;
  /** The track of its request; absent = counts towards every cap. */
  track?: Track;
}

export interface EvaluationContext {
  person: Person;
  /** [own unit, parent, grandparent, …] */
  orgUnitChain: string[];
  policy: Policy;
  /** Local date in Europe/Berlin, given by the caller. */
  today: IsoDate;
  /** This person's days from other requests, pending or approved (they count!). */
  existingDays: ExistingDay[];
  /** Distinct OTHER people remote (pending/approved) that day, whole organisation. */
  remoteCountByDate: Record<IsoDate, number>;
  /** Members of the person's unit incl. the person; OTHER members remote per day. */
  orgUnit: { size: number; remoteByDate: Record<IsoDate, number> };
  /**
   * Days the person is absent (out of office) according to their calendar: a new mobile-work day
   * there is refused with ABSENT. The caller also leaves existing days on these dates out of
   * `existingDays` (they no longer count, see `activeDays`). Absent = no calendar known.
   */
  absentDates?: readonly IsoDate[];
}
