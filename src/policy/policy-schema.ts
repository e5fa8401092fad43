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
 */
import { z } from 'zod';
import { isIsoDate, weekdayFromKey, WEEKDAY_KEYS, type Weekday } from '../domain/dates.js';
import type { DeskRules } from '../domain/desk-model.js';
import { DEFAULT_DESK_RULES } from '../domain/desk-rules.js';
import type {
  Policy,
  PolicyOverride,
  PolicyRules,
  PolicyVersion,
  QuotaRules,
  StandingTrackRules,
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

const quotaFile = z.strictObject({
  maxShareOfHours: share.optional(),
  averagingWindow: z.enum(['week', 'two-weeks', 'month']).optional(),
  maxDaysPerWeek: z.number().min(0).max(7).multipleOf(0.5).optional(),
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
  retention: retentionFileSchema.optional(),
});

export const policyFileSchema = policyFileBase
  .superRefine((file, ctx) => {
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
  const { quota, tracks, flexitime, desks, ...flat } = r;
  const out: PolicyOverride = defined(flat);
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
  const { quota, tracks, desks, ...flat } = o;
  const flexitime = flat.flexitime ?? base.flexitime;
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
  return { organisation: { ...file.organisation }, versions, vpn, retention: toRetention(file.retention) };
}
