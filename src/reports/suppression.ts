/**
 * Small-group suppression for every aggregated report (Personalrat: no statement about fewer
 * than 5 people). Pure.
 *
 * - Primary: an item (a cell or a published total) that describes 1 to 4 people is suppressed.
 *   Zero is shown (it describes nobody).
 * - Complementary: for every published relation "total = sum of parts" whose total is shown, never
 *   exactly one part is suppressed (else total minus the shown parts reveals it): the smallest
 *   other part (fewest people, then key) is suppressed as well, preferring parts with people;
 *   a relation with no other part gets its total suppressed. Repeated until nothing changes, so
 *   that chains of relations (cells → row totals → grand total) hold too.
 *
 * Suppressed items are printed as `x` (as the statistical offices do), never as a number, and
 * primary and complementary suppression look the same.
 */
export const MIN_GROUP = 5;

export interface Item {
  key: string;
  /** How many distinct people the item describes (a lower bound where people are anonymised). */
  people: number;
}

export interface Relation {
  total: string;
  parts: readonly string[];
}

export function suppress(items: readonly Item[], relations: readonly Relation[] = [], min = MIN_GROUP): Set<string> {
  const people = new Map(items.map((i) => [i.key, i.people]));
  const out = new Set(items.filter((i) => i.people > 0 && i.people < min).map((i) => i.key));
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of relations) {
      if (out.has(r.total)) continue;
      const hidden = r.parts.filter((p) => out.has(p));
      if (hidden.length !== 1) continue;
      const candidates = r.parts
        .filter((p) => !out.has(p))
        .sort((a, b) => {
          const pa = people.get(a) ?? 0;
          const pb = people.get(b) ?? 0;
          return Number(pa === 0) - Number(pb === 0) || pa - pb || (a < b ? -1 : a > b ? 1 : 0);
        });
      out.add(candidates[0] ?? r.total);
      changed = true;
    }
  }
  return out;
}

/** Text of a suppressed value in CSV and charts. */
export const SUPPRESSED = 'x';
