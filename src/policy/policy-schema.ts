/**
 * The policy FILE format (YAML or JSON) and its transformation into the domain `Policy`.
 *
 * Human-friendly on purpose: weekdays as `mon`…`sun`, shares as `0.8`, `"80%"` or `"4/5"`,
 * months as whole numbers, the state as a Bundesland code. Unknown keys are an error: a typo in
 * a rule of the Dienstvereinbarung must never be silently ignored.
 *
 * Versions: the first version's rules are complete (missing values take `DEFAULT_RULES`); every
 * later version only states what changes and takes everything else from the version before it.
 * `orgUnitOverrides` of a version replace the previous version's overrides when given, and are
 * taken over unchanged when left out.
 *
 * Desk sharing (`rules.desks`): every key optional; the first version takes `DEFAULT_DESK_RULES`
 * for what it leaves out, later versions and org-unit overrides merge key by key (like `quota`).
 *
 * Caps (`rules.caps`): a list of caps (domain/cap-model.ts) that replaces the single-cap `quota`
 * of the original format; a version or override states one or the other. Windows are written as
 * `week`, `two-weeks` (+ `anchor`), `month`, `quarter`, `half-year`, `year`, `rolling N days`,
 * `rolling N weeks`; the limit as exactly one of `share`, `hours`, `days`.
 * Holidays (`holidays`): a region of the state, local holidays and whole/half days off.
 * Every key with its meaning and default: docs/policy-reference.md.
 */
import { z } from 'zod';
import { isIsoDate, weekdayFromKey, weekdayOf, WEEKDAY_KEYS, type Weekday } from '../domain/dates.js';
import type { Cap, CapMeasure, CapWindow } from '../domain/cap-model.js';
import { TWO_WEEK_ANCHOR } from '../domain/cap-window.js';
import { regionsOf, type HolidaySettings, type ListedDay } from '../domain/holiday-calendar.js';
import type { DeskRules } from '../domain/desk-model.js';
import { DEFAULT_DESK_RULES } from '../domain/desk-rules.js';
import type {
  Policy,
  PolicyOverride,
  PolicyRules,
  PolicyVersion,
  QuotaRules,
  StandingTrackRules,
  Track,
  TrackRules,
  VpnPolicy,
} from '../domain/model.js';
import { DEFAULT_VPN_POLICY } from '../domain/model.js';
import { VPN_CLIENTS } from '../domain/vpn-model.js';
import { retentionFileSchema, toRetention } from './retention-schema.js';

export const BUNDESLAENDER = [
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
] as const;

/** Values used where the first version of a policy file says nothing. */
export const DEFAULT_RULES: PolicyRules = {
  location: 'home-only',
  quota: { averagingWindow: 'week' },
  minOfficeDaysPerWeek: 0,
  presenceDays: [],
  tracks: {
    standing: { approval: 'required', trialPeriodMonths: 0, maxDurationMonths: 24 },
    occasional: { approval: 'required' },
  },
  leadTimeDays: 1,
  planningHorizonDays: 90,
  onboardingMonths: 0,
  halfDaysAllowed: true,
  reminderAfterHours: 48,
  desks: { ...DEFAULT_DESK_RULES },
};

// ---------------------------------------------------------------- building blocks

/** `0.8`, `"80%"`, `"80 %"`, `"80,5%"` or `"4/5"` → a number; anything else is left for the number check. */
function toShare(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const pct = /^\s*(\d+(?:[.,]\d+)?)\s*%\s*$/.exec(value);
  if (pct) return Number(pct[1]!.replace(',', '.')) / 100;
  const frac = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (frac && Number(frac[2]) > 0) return Number(frac[1]) / Number(frac[2]);
  return value;
}

const SHARE_HINT = 'must be a share: a number from 0 to 1, a percentage like "80%" or a fraction like "4/5"';
const share = z.preprocess(
  toShare,
  z
    .number({
      error: (iss) => (iss.code === 'invalid_type' ? `${SHARE_HINT} (got ${JSON.stringify(iss.input)})` : undefined),
    })
    .min(0)
    .max(1),
);

const count = z.number().int().min(0);
const months = z.number().int().min(0).max(120);
const isoDate = z.string().refine(isIsoDate, { error: (iss) => `must be a date like 2026-01-31 (got ${JSON.stringify(iss.input)})` });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: (iss) => `must be a time like 06:00 (got ${JSON.stringify(iss.input)})` });

const weekday = z.enum(WEEKDAY_KEYS);
const weekdayList = (min = 0) =>
  z
    .array(weekday)
    .min(min)
    .refine((days) => new Set(days).size === days.length, { error: 'lists a weekday twice' })
    .transform((days): Weekday[] => days.map(weekdayFromKey).sort((a, b) => a - b));
const weekdays = weekdayList();

const approval = z.enum(['required', 'notify', 'none']);

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('de-DE', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: (iss) => `must be an IANA time zone like Europe/Berlin (got ${JSON.stringify(iss.input)})` },
);

// ---------------------------------------------------------------- rules (all optional in the file)

const monday = isoDate.refine((d) => weekdayOf(d) === 1, { error: (iss) => `must be a Monday (the first day of the two-week rhythm) (got ${JSON.stringify(iss.input)})` });

const quotaFile = z.strictObject({
  maxShareOfHours: share.optional(),
  averagingWindow: z.enum(['week', 'two-weeks', 'month']).optional(),
  maxDaysPerWeek: z.number().min(0).max(7).multipleOf(0.5).optional(),
  twoWeekAnchor: monday.optional(),
});

// ---------------------------------------------------------------- caps

const WINDOW_HINT =
  'must be week, two-weeks, month, quarter, half-year, year, "rolling N days" or "rolling N weeks"';
const capWindowFile = z.string().transform((text, ctx): CapWindow | typeof z.NEVER => {
  const t = text.trim().toLowerCase();
  if (t === 'two-weeks') return { kind: 'two-weeks', anchor: TWO_WEEK_ANCHOR };
  if (t === 'week' || t === 'month' || t === 'quarter' || t === 'half-year' || t === 'year') return { kind: t };
  const rolling = /^rolling\s+(\d+)\s+(days?|weeks?)$/.exec(t);
  if (rolling) {
    const length = Number(rolling[1]);
    const unit = rolling[2]!.startsWith('day') ? 'days' : 'weeks';
    const max = unit === 'days' ? 366 : 53;
    if (length >= 1 && length <= max) return { kind: unit === 'days' ? 'rolling-days' : 'rolling-weeks', length };
    ctx.addIssue({ code: 'custom', message: `a rolling window has 1 to ${max} ${unit} (got ${length})` });
    return z.NEVER;
  }
  ctx.addIssue({ code: 'custom', message: `${WINDOW_HINT} (got ${JSON.stringify(text)})` });
  return z.NEVER;
});

const trackList = z
  .union([z.literal('all'), z.array(z.enum(['standing', 'occasional'])).min(1)])
  .transform((v): Track[] => (v === 'all' ? ['standing', 'occasional'] : [...new Set(v)]));

/** A limit value: a share ("40%", "2/5", 0.4) or a number of hours or days. */
const limitValue = z.preprocess(toShare, z.number({ error: (iss) => `must be a number, a percentage like "40%" or a fraction like "2/5" (got ${JSON.stringify(iss.input)})` }).min(0));

const capFile = z
  .strictObject({
    id: z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/, { error: (iss) => `must be an id of lower-case letters, digits and "-" like regelmaessig-zwei-wochen (got ${JSON.stringify(iss.input)})` }),
    name: z.string().trim().min(1),
    tracks: trackList.default(['standing', 'occasional']),
    share: share.optional(),
    hours: z.number().min(0).max(2000).optional(),
    days: z.number().min(0).max(366).multipleOf(0.5).optional(),
    window: capWindowFile,
    anchor: monday.optional(),
    orgUnits: z.array(z.string().trim().min(1)).min(1).optional(),
    overLimit: z.enum(['refuse', 'approval']).default('refuse'),
    holidaysLowerBase: z.boolean().default(true),
    individual: z
      .strictObject({
        bands: z.record(z.string().trim().regex(/^[a-z0-9][a-z0-9-]*$/), limitValue).default({}),
        max: limitValue.optional(),
      })
      .optional(),
  })
  .superRefine((c, ctx) => {
    const measures = (['share', 'hours', 'days'] as const).filter((m) => c[m] !== undefined);
    if (measures.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `states exactly one limit: share (of the own hours), hours or days (got ${measures.length === 0 ? 'none' : measures.join(' and ')})` });
    }
    if (c.anchor !== undefined && c.window.kind !== 'two-weeks') {
      ctx.addIssue({ code: 'custom', path: ['anchor'], message: 'only a two-weeks window has an anchor' });
    }
    if (c.holidaysLowerBase === false && c.share === undefined) {
      ctx.addIssue({ code: 'custom', path: ['holidaysLowerBase'], message: 'only a share cap has a base that holidays could lower' });
    }
    const measure = measures[0];
    const check = (value: number, path: PropertyKey[]) => {
      if (measure === 'share' && value > 1) ctx.addIssue({ code: 'custom', path, message: `a share must be at most 1 (100%) (got ${value})` });
      if (measure === 'days' && value * 2 !== Math.round(value * 2)) ctx.addIssue({ code: 'custom', path, message: `days must be whole or half days (got ${value})` });
    };
    for (const [band, value] of Object.entries(c.individual?.bands ?? {})) check(value, ['individual', 'bands', band]);
    if (c.individual?.max !== undefined) check(c.individual.max, ['individual', 'max']);
  })
  .transform((c): Cap => {
    const measure: CapMeasure = c.share !== undefined ? 'share' : c.hours !== undefined ? 'hours' : 'days';
    const window: CapWindow = c.window.kind === 'two-weeks' ? { kind: 'two-weeks', anchor: c.anchor ?? TWO_WEEK_ANCHOR } : c.window;
    return {
      id: c.id,
      name: c.name,
      tracks: c.tracks,
      measure,
      limit: c.share ?? c.hours ?? c.days ?? 0,
      window,
      ...(c.orgUnits ? { orgUnits: c.orgUnits } : {}),
      overLimit: c.overLimit,
      holidayBase: c.holidaysLowerBase ? 'worked' : 'contracted',
      ...(c.individual ? { individual: { bands: c.individual.bands, ...(c.individual.max !== undefined ? { max: c.individual.max } : {}) } } : {}),
    };
  });

const capList = z.array(capFile).superRefine((caps, ctx) => {
  caps.forEach((c, i) => {
    const first = caps.findIndex((o) => o.id === c.id);
    if (first !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate cap id "${c.id}" (already used by caps[${first}])` });
  });
});

const occasionalFile = z.strictObject({ approval: approval.optional() });
const standingFile = z.strictObject({
  approval: approval.optional(),
  trialPeriodMonths: months.optional(),
  maxDurationMonths: months.min(1).optional(),
  minHoursPerWeek: z.number().min(0).max(60).optional(),
});

const flexitimeFile = z
  .strictObject({ days: weekdayList(1), from: hhmm, to: hhmm })
  .refine((f) => f.from < f.to, { error: 'from must be before to', path: ['to'] });

/** A local time of day 00:00–23:59 (no 24:00: a check-in deadline must lie within the day). */
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (iss) => `must be a time like 10:00 (got ${JSON.stringify(iss.input)})`,
});

/** Desk sharing rules; see `DeskRules` in src/domain/desk-model.ts. */
const desksFile = z.strictObject({
  bookingWindowDays: count.min(1).max(365).optional(),
  maxActiveBookings: count.min(1).max(366).optional(),
  accessibleReserveDays: count.max(365).optional(),
  checkInDeadline: timeOfDay.optional(),
  checkInReminderMinutes: count.max(12 * 60).optional(),
  defaultOnSiteVisibility: z.enum(['name', 'hidden']).optional(),
  reservedZoneOpenDays: count.max(365).optional(),
});

/** A set of rules as written in the file: every key optional (defaults / inheritance fill in). */
export const rulesFileSchema = z.strictObject({
  location: z.enum(['home-only', 'anywhere']).optional(),
  quota: quotaFile.optional(),
  caps: capList.optional(),
  minOfficeDaysPerWeek: z.number().int().min(0).max(7).optional(),
  presenceDays: weekdays.optional(),
  tracks: z.strictObject({ standing: standingFile.optional(), occasional: occasionalFile.optional() }).optional(),
  leadTimeDays: count.max(365).optional(),
  planningHorizonDays: count.min(1).max(730).optional(),
  onboardingMonths: months.optional(),
  capacityPerDay: count.min(1).optional(),
  minOnSiteShare: share.optional(),
  halfDaysAllowed: z.boolean().optional(),
  flexitime: flexitimeFile.optional(),
  reminderAfterHours: z.number().min(1).max(24 * 30).optional(),
  desks: desksFile.optional(),
});
export type RulesFile = z.output<typeof rulesFileSchema>;

const versionFile = z.strictObject({
  validFrom: isoDate,
  name: z.string().trim().min(1),
  rules: rulesFileSchema.default({}),
  orgUnitOverrides: z.record(z.string().min(1), rulesFileSchema).optional(),
});

const vpnFile = z.strictObject({
  clients: z
    .array(z.enum(VPN_CLIENTS, { error: (iss) => `must be one of ${VPN_CLIENTS.join(', ')} (got ${JSON.stringify(iss.input)})` }))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'lists a client twice')
    .optional(),
  outage: z
    .strictObject({ reports: z.number().int().min(2).max(10_000), minutes: z.number().int().min(1).max(24 * 60) })
    .optional(),
  unassignedReminderMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
});

const listedDate = z.string().refine((d) => isIsoDate(d) || (/^\d{2}-\d{2}$/.test(d) && isIsoDate(`2024-${d}`)), {
  error: (iss) => `must be a date like 2026-06-12 (once) or 12-24 (every year) (got ${JSON.stringify(iss.input)})`,
});
const listedDay = (portions: boolean) =>
  z.strictObject({
    date: listedDate,
    name: z.string().trim().min(1),
    ...(portions
      ? { portion: z.union([z.literal(1), z.literal(0.5), z.literal('whole'), z.literal('half')]).default(1) }
      : {}),
  });

const holidaysFile = z.strictObject({
  region: z.string().trim().min(1).optional(),
  local: z.array(listedDay(false)).default([]),
  daysOff: z.array(listedDay(true)).default([]),
});

const policyFileBase = z.strictObject({
  organisation: z.strictObject({
    id: z.string().trim().min(1),
    name: z.string().trim().min(1),
    state: z.enum(BUNDESLAENDER, {
      error: (iss) => `must be a German state code (${BUNDESLAENDER.join(' ')}) (got ${JSON.stringify(iss.input)})`,
    }),
    timeZone: timeZone.default('Europe/Berlin'),
  }),
  versions: z.array(versionFile).min(1),
  vpn: vpnFile.optional(),
  holidays: holidaysFile.optional(),
  retention: retentionFileSchema.optional(),
});

export const policyFileSchema = policyFileBase
  .superRefine((file, ctx) => {
    const region = file.holidays?.region;
    if (region !== undefined) {
      const known = regionsOf(file.organisation.state);
      if (!(region in known)) {
        const list = Object.entries(known).map(([code, name]) => `${code} (${name})`).join(', ');
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', 'region'],
          message: `unknown region of ${file.organisation.state}; ${list ? `known: ${list}` : 'the holiday library knows no regions there'} (got ${JSON.stringify(region)})`,
        });
      }
    }
    let capsInForce = false;
    file.versions.forEach((v, i) => {
      if (v.rules.caps && v.rules.quota) {
        ctx.addIssue({ code: 'custom', path: ['versions', i, 'rules', 'quota'], message: 'state either quota (one cap) or caps (several), not both' });
      }
      if (v.rules.caps) capsInForce = true;
      else if (v.rules.quota && capsInForce) {
        ctx.addIssue({ code: 'custom', path: ['versions', i, 'rules', 'quota'], message: 'an earlier version states caps; change the caps instead of quota' });
      }
      for (const [unit, o] of Object.entries(v.orgUnitOverrides ?? {})) {
        if (o.quota && (capsInForce || o.caps)) {
          ctx.addIssue({ code: 'custom', path: ['versions', i, 'orgUnitOverrides', unit, 'quota'], message: 'this version uses caps; state caps for the org unit instead of quota' });
        }
      }
    });
    file.versions.forEach((v, i) => {
      const prev = file.versions[i - 1];
      if (prev && v.validFrom <= prev.validFrom) {
        ctx.addIssue({
          code: 'custom',
          path: ['versions', i, 'validFrom'],
          message: `must be after validFrom of versions[${i - 1}] (${prev.validFrom}); versions are listed oldest first (got ${v.validFrom})`,
        });
      }
    });
  })
  .transform(toPolicy);

export type PolicyFile = z.input<typeof policyFileSchema>;

// ---------------------------------------------------------------- file → domain

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** File rules → domain override (only what the file states). */
export function toOverride(r: RulesFile): PolicyOverride {
  const { quota, tracks, flexitime, desks, caps, ...flat } = r;
  const out: PolicyOverride = defined(flat);
  if (caps) out.caps = caps;
  if (quota) out.quota = defined(quota) as Partial<QuotaRules>;
  if (desks) out.desks = defined(desks) as Partial<DeskRules>;
  if (flexitime) out.flexitime = { days: flexitime.days, from: flexitime.from, to: flexitime.to };
  if (tracks) {
    out.tracks = {};
    if (tracks.standing) out.tracks.standing = defined(tracks.standing) as Partial<StandingTrackRules>;
    if (tracks.occasional) out.tracks.occasional = defined(tracks.occasional) as Partial<TrackRules>;
  }
  return out;
}

/** Applies an override on top of complete rules (deep for quota, tracks and desks). */
export function applyOverride(base: PolicyRules, o: PolicyOverride): PolicyRules {
  const { quota, tracks, desks, caps, ...flat } = o;
  const flexitime = flat.flexitime ?? base.flexitime;
  const nextCaps = caps ?? base.caps;
  return {
    ...base,
    ...defined(flat),
    quota: { ...base.quota, ...defined(quota ?? {}) },
    tracks: {
      standing: { ...base.tracks.standing, ...defined(tracks?.standing ?? {}) },
      occasional: { ...base.tracks.occasional, ...defined(tracks?.occasional ?? {}) },
    },
    desks: { ...DEFAULT_DESK_RULES, ...base.desks, ...defined(desks ?? {}) },
    presenceDays: [...(flat.presenceDays ?? base.presenceDays)],
    ...(flexitime ? { flexitime: copyFlexitime(flexitime) } : {}),
    ...(nextCaps ? { caps: nextCaps } : {}),
  };
}

function copyFlexitime(f: NonNullable<PolicyRules['flexitime']>): NonNullable<PolicyRules['flexitime']> {
  return { days: [...f.days], from: f.from, to: f.to };
}

function toPolicy(file: z.output<typeof policyFileBase>): Policy {
  const versions: PolicyVersion[] = [];
  let rules = DEFAULT_RULES;
  let overrides: Record<string, PolicyOverride> = {};
  for (const v of file.versions) {
    rules = applyOverride(rules, toOverride(v.rules));
    if (v.orgUnitOverrides) {
      overrides = Object.fromEntries(Object.entries(v.orgUnitOverrides).map(([id, r]) => [id, toOverride(r)]));
    }
    versions.push({ validFrom: v.validFrom, name: v.name, rules, orgUnitOverrides: overrides });
  }
  const vpn: VpnPolicy = {
    clients: file.vpn?.clients ?? [...DEFAULT_VPN_POLICY.clients],
    outage: file.vpn?.outage ?? { ...DEFAULT_VPN_POLICY.outage },
    unassignedReminderMinutes: file.vpn?.unassignedReminderMinutes ?? DEFAULT_VPN_POLICY.unassignedReminderMinutes,
  };
  const policy: Policy = { organisation: { ...file.organisation }, versions, vpn, retention: toRetention(file.retention) };
  if (file.holidays) policy.holidays = toHolidays(file.holidays);
  return policy;
}

function toHolidays(h: z.output<typeof holidaysFile>): HolidaySettings {
  const local = h.local.map((d): ListedDay => ({ date: d.date, name: d.name, portion: 1 }));
  const daysOff = h.daysOff.map(
    (d): ListedDay => ({ date: d.date, name: d.name, portion: d.portion === 0.5 || d.portion === 'half' ? 0.5 : 1 }),
  );
  return { ...(h.region !== undefined ? { region: h.region } : {}), local, daysOff };
}
