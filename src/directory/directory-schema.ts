/**
 * The staff directory FILE format (YAML or JSON) and its transformation into domain `Person`s
 * and `OrgUnit`s. Used while no Microsoft Graph directory is connected.
 *
 * orgUnits: [{ id, name, parent? }]
 * people:   [{ id (Entra object id, GUID), name, email?, orgUnit, manager?, weeklyHours,
 *              hours?: { mon…sun } (default: weeklyHours spread evenly over Mon–Fri),
 *              startDate, locale?: de|en }]
 *
 * Checked: unique ids, every orgUnit / manager / parent reference exists, no manager or parent
 * cycles, hours per day add up to weeklyHours (±0.01).
 */
import { z } from 'zod';
import { isIsoDate, WEEKDAY_KEYS, type WeekdayKey } from '../domain/dates.js';
import type { OrgUnit, Person } from '../domain/model.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOURS_TOLERANCE = 0.01;

const guid = z
  .string()
  .regex(GUID, { error: (iss) => `must be an Entra object id (a GUID like 00000000-0000-0000-0000-000000000001) (got ${JSON.stringify(iss.input)})` })
  .transform((s) => s.toLowerCase());

const isoDate = z.string().refine(isIsoDate, { error: (iss) => `must be a date like 2026-01-31 (got ${JSON.stringify(iss.input)})` });

const hours = z.strictObject(
  Object.fromEntries(WEEKDAY_KEYS.map((k) => [k, z.number().min(0).max(24).optional()])) as Record<
    WeekdayKey,
    z.ZodOptional<z.ZodNumber>
  >,
);

const orgUnitFile = z.strictObject({
  id: z.string().trim().min(1),
  name: z.string().trim().min(1),
  parent: z.string().trim().min(1).optional(),
});

const personFile = z.strictObject({
  id: guid,
  name: z.string().trim().min(1),
  email: z.email().optional(),
  orgUnit: z.string().trim().min(1),
  manager: guid.optional(),
  weeklyHours: z.number().gt(0).max(60),
  hours: hours.optional(),
  startDate: isoDate,
  locale: z.enum(['de', 'en']).optional(),
});

const directoryFileBase = z.strictObject({
  orgUnits: z.array(orgUnitFile).min(1),
  people: z.array(personFile).default([]),
});

type DirectoryFileData = z.output<typeof directoryFileBase>;

export const directoryFileSchema = directoryFileBase.superRefine(checkReferences).transform(toDirectoryData);

export interface DirectoryData {
  orgUnits: OrgUnit[];
  people: Person[];
}

// ---------------------------------------------------------------- checks across entries

function checkReferences(file: DirectoryFileData, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const unitIndex = firstIndexById(file.orgUnits, (i, first) =>
    issue(['orgUnits', i, 'id'], `duplicate id "${file.orgUnits[i]!.id}" (already used by orgUnits[${first}])`),
  );
  const personIndex = firstIndexById(file.people, (i, first) =>
    issue(['people', i, 'id'], `duplicate id "${file.people[i]!.id}" (already used by people[${first}])`),
  );

  file.orgUnits.forEach((u, i) => {
    if (u.parent !== undefined && !unitIndex.has(u.parent)) issue(['orgUnits', i, 'parent'], `no org unit with id "${u.parent}"`);
  });
  file.people.forEach((p, i) => {
    if (!unitIndex.has(p.orgUnit)) issue(['people', i, 'orgUnit'], `no org unit with id "${p.orgUnit}"`);
    if (p.manager !== undefined && !personIndex.has(p.manager)) issue(['people', i, 'manager'], `no person with id "${p.manager}"`);
    if (p.hours) {
      const sum = WEEKDAY_KEYS.reduce((s, k) => s + (p.hours?.[k] ?? 0), 0);
      if (Math.abs(sum - p.weeklyHours) > HOURS_TOLERANCE) {
        issue(['people', i, 'hours'], `hours per day add up to ${round(sum)}, but weeklyHours is ${p.weeklyHours}`);
      }
    }
  });

  reportCycles(file.people, personIndex, (p) => p.manager, (p, k) => `${p.name} (people[${k}])`, (i, cycle) =>
    issue(['people', i, 'manager'], `manager cycle: ${cycle.join(' → ')}`),
  );
  reportCycles(file.orgUnits, unitIndex, (u) => u.parent, (u) => u.id, (i, cycle) =>
    issue(['orgUnits', i, 'parent'], `parent cycle: ${cycle.join(' → ')}`),
  );
}

function firstIndexById<T extends { id: string }>(items: T[], onDuplicate: (i: number, first: number) => void): Map<string, number> {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const first = index.get(item.id);
    if (first === undefined) index.set(item.id, i);
    else onDuplicate(i, first);
  });
  return index;
}

/** Follows `next` links; reports each cycle once, at the entry of the cycle that comes first in the file. */
function reportCycles<T>(
  items: T[],
  index: Map<string, number>,
  next: (item: T) => string | undefined,
  label: (item: T, index: number) => string,
  report: (i: number, cycle: string[]) => void,
): void {
  const done = new Set<number>();
  items.forEach((_, start) => {
    const onPath: number[] = [];
    let i: number | undefined = start;
    while (i !== undefined && !done.has(i) && !onPath.includes(i)) {
      onPath.push(i);
      const ref = next(items[i]!);
      i = ref === undefined ? undefined : index.get(ref);
    }
    if (i !== undefined && !done.has(i)) {
      const cycle = onPath.slice(onPath.indexOf(i));
      const first = Math.min(...cycle);
      const from = cycle.indexOf(first);
      const ordered = [...cycle.slice(from), ...cycle.slice(0, from), first];
      report(first, ordered.map((k) => label(items[k]!, k)));
    }
    onPath.forEach((k) => done.add(k));
  });
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---------------------------------------------------------------- file → domain

function toDirectoryData(file: DirectoryFileData): DirectoryData {
  const orgUnits = file.orgUnits.map(
    (u): OrgUnit => ({ id: u.id, name: u.name, ...(u.parent !== undefined ? { parentId: u.parent } : {}) }),
  );
  const people = file.people.map((p): Person => {
    const byDay = Object.fromEntries(
      WEEKDAY_KEYS.map((k, i) => [k, p.hours ? (p.hours[k] ?? 0) : i < 5 ? p.weeklyHours / 5 : 0]),
    ) as Record<WeekdayKey, number>;
    return {
      id: p.id,
      displayName: p.name,
      orgUnitId: p.orgUnit,
      weeklyHours: p.weeklyHours,
      hoursByWeekday: byDay,
      startDate: p.startDate,
      ...(p.email !== undefined ? { email: p.email } : {}),
      ...(p.manager !== undefined ? { managerId: p.manager } : {}),
      ...(p.locale !== undefined ? { preferredLocale: p.locale } : {}),
    };
  });
  return { orgUnits, people };
}
