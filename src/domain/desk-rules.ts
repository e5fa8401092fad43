/**
 * The desk rules of the service agreement with their defaults.
 *
 * A policy file may leave out its `desks:` block or any key of it; the loader fills in
 * `DEFAULT_DESK_RULES`. `deskRulesOf` applies the defaults again, key by key, so that rules built
 * in code (tests, older stored policies) or a partial `desks` left by an org-unit override still
 * give complete rules.
 */
import type { DeskRules } from './desk-model.js';
import type { PolicyRules } from './model.js';

export const DEFAULT_DESK_RULES: DeskRules = Object.freeze({
  bookingWindowDays: 28,
  maxActiveBookings: 10,
  accessibleReserveDays: 2,
  checkInDeadline: '10:00',
  checkInReminderMinutes: 30,
  defaultOnSiteVisibility: 'name',
  reservedZoneOpenDays: 1,
});

/** Complete desk rules of a (resolved) set of policy rules: stated values over the defaults. */
export function deskRulesOf(rules: PolicyRules): DeskRules {
  const out: DeskRules = { ...DEFAULT_DESK_RULES };
  const stated: Partial<DeskRules> = rules.desks ?? {};
  for (const key of Object.keys(out) as Array<keyof DeskRules>) {
    const value = stated[key];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
