/**
 * Caps of a service agreement: what counts, how it is measured, over which window, for whom,
 * and what happens above the limit. A policy version holds a list of caps; every cap that applies
 * to a request is checked (see `cap-check.ts`), and the verdict names the cap and the window.
 *
 * The original single-cap format (`quota.maxShareOfHours` + `averagingWindow`, `maxDaysPerWeek`)
 * is normalised into caps by `capsOf` (cap-rules.ts), so both formats share one engine.
 */
import type { IsoDate } from './dates.js';
import type { Track } from './model.js';

/**
 * - `share`: share (0…1) of the person's own contracted hours in the window;
 * - `hours`: remote hours in the window;
 * - `days`: remote days in the window (a half day counts 0.5).
 */
export type CapMeasure = 'share' | 'hours' | 'days';

export type CapWindow =
  | { kind: 'week' }
  /** Blocks of 14 days starting on `anchor` (a Monday), forwards and backwards. */
  | { kind: 'two-weeks'; anchor: IsoDate }
  | { kind: 'month' }
  | { kind: 'quarter' }
  /** Calendar half-year: January–June, July–December. */
  | { kind: 'half-year' }
  | { kind: 'year' }
  /** Every run of `length` consecutive days must keep the cap. */
  | { kind: 'rolling-days'; length: number }
  /** Every run of `length` consecutive ISO weeks must keep the cap. */
  | { kind: 'rolling-weeks'; length: number };

export type CapWindowKind = CapWindow['kind'];

/** Above the limit: the day is refused, or it goes to the manager (needs approval). */
export type OverLimit = 'refuse' | 'approval';

export interface Cap {
  /** Stable id (named in verdicts, agreements and the simulator). */
  id: string;
  /** Name as the agreement words it, e.g. "Regelmäßige Telearbeit". */
  name?: string;
  /** Which tracks' days count towards the cap; the cap also only judges requests of these tracks. */
  tracks: Track[];
  measure: CapMeasure;
  /** share: 0…1; hours: hours; days: days (multiple of 0.5). */
  limit: number;
  window: CapWindow;
  /** Only for members of these org units (or their children); absent = everyone. */
  orgUnits?: string[];
  overLimit: OverLimit;
  /**
   * share only: `worked` = the base is the hours actually to be worked in the window (public
   * holidays and days off lower it; today's behaviour); `contracted` = the contracted hours of
   * every contracted weekday, holidays included.
   */
  holidayBase: 'worked' | 'contracted';
  /** Individual limits: bands people may choose (id → limit) and the highest individual limit. */
  individual?: { bands: Record<string, number>; max?: number };
  /** Set on caps normalised from `quota`: verdicts keep their original parameters. */
  legacy?: 'share' | 'days';
}
