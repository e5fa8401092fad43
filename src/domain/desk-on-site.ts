/**
 * "Who of my team is on site today": the names of the members with an active desk booking on
 * the date, only of those whose visibility is `name` (own setting, else the policy default).
 * The others are only counted. No ranking, no per-person counts, no times: this view must not
 * become a presence control (Personalrat).
 *
 * The viewer is neither listed nor counted. Bookings of people who are not members are ignored;
 * a member with a morning and an afternoon booking appears once.
 */
import type { IsoDate } from './dates.js';
import type { DeskBooking, OnSiteVisibility, PersonSettings } from './desk-model.js';
import { isActiveBooking } from './desk-slots.js';

export interface OnSiteInput {
  date: IsoDate;
  bookings: DeskBooking[];
  members: Array<{ id: string; displayName: string }>;
  settings: Record<string, PersonSettings | undefined>;
  defaultVisibility: OnSiteVisibility;
  viewerId: string;
}

export interface OnSiteView {
  /** Sorted alphabetically (German collation); only those who show their name. */
  names: string[];
  /** Members on site who do not show their name. */
  hiddenCount: number;
}

const collator = new Intl.Collator('de', { sensitivity: 'base' });

export function onSiteView(input: OnSiteInput): OnSiteView {
  const onSite = new Set<string>();
  for (const b of input.bookings) {
    if (b.date === input.date && isActiveBooking(b)) onSite.add(b.personId);
  }
  const names: string[] = [];
  let hiddenCount = 0;
  const seen = new Set<string>();
  for (const m of input.members) {
    if (m.id === input.viewerId || seen.has(m.id) || !onSite.has(m.id)) continue;
    seen.add(m.id);
    const visibility = input.settings[m.id]?.onSiteVisibility ?? input.defaultVisibility;
    if (visibility === 'name') names.push(m.displayName);
    else hiddenCount += 1;
  }
  names.sort(collator.compare);
  return { names, hiddenCount };
}
