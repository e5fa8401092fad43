/**
 * The shared vocabulary of the domain: people, the service agreement (policy), requests for
 * mobile-work days, delegations and verdicts. Pure types, no behaviour, no I/O.
 */
import type { IsoDate, Weekday, WeekdayKey } from './dates.js';
import type { VpnClient } from './vpn-model.js';
import type { DeskRules } from './desk-model.js';
import type { Cap } from './cap-model.js';
import type { HolidaySettings } from './holiday-calendar.js';
import type { IndividualAgreement } from './individual-agreement.js';

export type { Cap } from './cap-model.js';
import type { RetentionPolicy } from './retention-periods.js';

// ---------------------------------------------------------------- people (staff directory)

export type Locale = 'de' | 'en';

export interface Person {
  /** Entra object id (`aadObjectId` in Teams activities). The only key we use for a person. */
  id: string;
  displayName: string;
  email?: string;
  orgUnitId: string;
  managerId?: string;
  /** Contracted weekly hours, e.g. 39 (TVöD) or 41 (Beamte in Bayern), 19.5 for half time. */
  weeklyHours: number;
  /** Contracted hours per weekday; a weekday with 0 hours is not a working day. Sum = weeklyHours. */
  hoursByWeekday: Record<WeekdayKey, number>;
  /** First working day in this organisation (onboarding rule). */
  startDate: IsoDate;
  preferredLocale?: Locale;
}

export interface OrgUnit {
  id: string;
  name: string;
  parentId?: string;
}

// ---------------------------------------------------------------- the service agreement

/** How a track (standing agreement / occasional days) is decided. */
export type ApprovalMode = 'required' | 'notify' | 'none';

export type AveragingWindow = 'week' | 'two-weeks' | 'month';

export interface QuotaRules {
  /** Share of the person's own contracted hours that may be worked remotely, 0…1 (e.g. 0.8). */
  maxShareOfHours?: number;
  /** The period over which the share is averaged. */
  averagingWindow: AveragingWindow;
  /** Hard cap of remote days per ISO week (a half day counts 0.5). */
  maxDaysPerWeek?: number;
  /** Monday on which the two-week rhythm starts (default 2024-01-01). */
  twoWeekAnchor?: IsoDate;
}

export interface TrackRules {
  approval: ApprovalMode;
}

export interface StandingTrackRules extends TrackRules {
  /** Trial period of a new standing agreement, in months (0 = none). */
  trialPeriodMonths: number;
  /** Longest duration of one standing agreement, in months. */
  maxDurationMonths: number;
  /** Minimum remote hours per week a standing agreement must cover (Münster: 8 h telework). */
  minHoursPerWeek?: number;
}

export interface PolicyRules {
  /** Where mobile work may happen: only at home ("am häuslichen Arbeitsplatz") or anywhere. */
  location: 'home-only' | 'anywhere';
  /** The single cap of the original format; used only when `caps` is absent (see `capsOf`). */
  quota: QuotaRules;
  /**
   * Several caps at once (src/domain/cap-model.ts). When present they replace `quota` entirely;
   * absent = `quota` is normalised into one or two caps.
   */
  caps?: Cap[];
  /** Minimum number of office days in an ISO week (capped by the person's working days). */
  minOfficeDaysPerWeek: number;
  /** Fixed presence days (team days): no mobile work. */
  presenceDays: Weekday[];
  tracks: { standing: StandingTrackRules; occasional: TrackRules };
  /** Days a request must be made in advance (0 = same day allowed). */
  leadTimeDays: number;
  /** How far ahead one may plan, in days. */
  planningHorizonDays: number;
  /** New staff work on site for this many months from their start date. */
  onboardingMonths: number;
  /** Maximum number of people working remotely on the same day in the whole organisation. */
  capacityPerDay?: number;
  /** Minimum share of an org unit's members on site on a working day, 0…1. */
  minOnSiteShare?: number;
  halfDaysAllowed: boolean;
  /** Flexitime frame (informational, shown on cards): e.g. Mon–Sat 06:00–20:00. */
  flexitime?: { days: Weekday[]; from: string; to: string };
  /** Remind the approver after this many hours without a decision. */
  reminderAfterHours: number;
  /** Desk-sharing rules; absent = the defaults of `deskRulesOf` (src/domain/desk-rules.ts). */
  desks?: DeskRules;
}

/** A partial set of rules that replaces the organisation-wide values for one org unit. */
export type PolicyOverride = Partial<Omit<PolicyRules, 'quota' | 'tracks' | 'desks'>> & {
  desks?: Partial<DeskRules>;
  quota?: Partial<QuotaRules>;
  tracks?: { standing?: Partial<StandingTrackRules>; occasional?: Partial<TrackRules> };
};

export interface PolicyVersion {
  /** The agreement applies to days from this date on (inclusive). */
  validFrom: IsoDate;
  /** A short name for cards and logs, e.g. "DV Mobiles Arbeiten 2024". */
  name: string;
  rules: PolicyRules;
  /** Per org unit (by id) overrides; an override of a parent applies to its children. */
  orgUnitOverrides: Record<string, PolicyOverride>;
}

export interface Policy {
  organisation: {
    id: string;
    name: string;
    /** German state code for public holidays, e.g. "BY", "NW". */
    state: string;
    timeZone: string;
  };
  /**
   * Region of the state (holiday library code, e.g. "A" for Augsburg), local holidays and
   * "dienstfrei" days; absent = the state's public holidays only.
   */
  holidays?: HolidaySettings;
  /** Individual agreements (bands or own caps) by person id, from the agreements file. */
  agreements?: Record<string, IndividualAgreement[]>;
  /** Sorted by validFrom ascending; the first must cover every day that is ever evaluated. */
  versions: PolicyVersion[];
  /** VPN problem reports (organisation-wide, not versioned). */
  vpn: VpnPolicy;
  /** Months each kind of record is kept (src/domain/retention-periods.ts); absent = the defaults. */
  retention?: RetentionPolicy;
}

export interface VpnPolicy {
  /** Clients offered on the report card, in this order (ids of domain/vpn-model.ts VPN_CLIENTS). */
  clients: VpnClient[];
  /** N reports of one client+symptom within M minutes open a possible outage. */
  outage: { reports: number; minutes: number };
  /** Minutes after which an untaken ticket reminds the service-desk channel (again every as many minutes, at most 3 times). */
  unassignedReminderMinutes: number;
}

export const DEFAULT_VPN_POLICY: VpnPolicy = {
  clients: ['forticlient', 'ncp-secure-entry', 'genucard', 'globalprotect', 'cisco-secure-client', 'citrix-workspace', 'other'],
  outage: { reports: 10, minutes: 15 },
  unassignedReminderMinutes: 30,
};

// ---------------------------------------------------------------- requests

export type Track = 'occasional' | 'standing';

/** Whole day = 1, half day = 0.5 (morning or afternoon). */
export type DayPortion = 1 | 0.5;
export type HalfDay = 'morning' | 'afternoon';

export type DayStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'cancelled';

export interface RequestDay {
  date: IsoDate;
  portion: DayPortion;
  half?: HalfDay;
  status: DayStatus;
  /** The Outlook event ("Mobiles Arbeiten") written for this approved day, once synced. */
  calendarEventId?: string;
}

export type RequestStatus =
  | 'pending'
  | 'approved'
  | 'partially-approved'
  | 'rejected'
  | 'withdrawn'
  | 'cancelled';

export interface StandingPattern {
  weekdays: Weekday[];
  validFrom: IsoDate;
  validTo: IsoDate;
  /** End of the trial period, if the policy has one. */
  trialUntil?: IsoDate;
}

export interface Decision {
  by: string;
  at: string; // ISO timestamp
  outcome: 'approved' | 'rejected' | 'partially-approved';
  comment?: string;
}

export interface CardRef {
  /** Who holds the card (approver or employee). */
  userId: string;
  conversationId: string;
  activityId: string;
}

export interface MobileWorkRequest {
  id: string;
  /** Readable number, e.g. "MA-2026-00042". */
  number: string;
  personId: string;
  orgUnitId: string;
  track: Track;
  /** Who must decide (manager or the deputy active when the request was made). */
  approverId?: string;
  approvalMode: ApprovalMode;
  status: RequestStatus;
  days: RequestDay[];
  standing?: StandingPattern;
  comment?: string;
  /** validFrom of the policy version each day was decided under (first day's version). */
  policyVersion: IsoDate;
  createdAt: string; // ISO timestamp
  updatedAt: string;
  decision?: Decision;
  /** Approval cards sent for this request, updated after a decision. */
  cards: CardRef[];
  remindedAt?: string;
  /** Optimistic concurrency: incremented on every write. */
  version: number;
}

export interface Delegation {
  id: string;
  managerId: string;
  deputyId: string;
  from: IsoDate;
  to: IsoDate;
  createdAt: string;
  revoked?: boolean;
}

// ---------------------------------------------------------------- verdicts of the quota engine

export type Outcome = 'allowed' | 'needs-approval' | 'refused';

/** Stable reason codes; cards translate them, logs and tests rely on them. */
export type ReasonCode =
  | 'OK'
  | 'APPROVAL_REQUIRED'
  | 'MANAGER_NOTIFIED'
  | 'IN_PAST'
  | 'LEAD_TIME'
  | 'BEYOND_HORIZON'
  | 'NON_WORKING_DAY'
  | 'PUBLIC_HOLIDAY'
  /** Out of office according to the person's calendar (Graph event with showAs: oof). */
  | 'ABSENT'
  | 'PRESENCE_DAY'
  | 'ONBOARDING'
  | 'HALF_DAY_NOT_ALLOWED'
  | 'ALREADY_PLANNED'
  | 'QUOTA_HOURS'
  | 'QUOTA_DAYS'
  /** A days cap over a window other than the ISO week (month, half-year, rolling …). */
  | 'QUOTA_DAYS_WINDOW'
  /** Over a cap whose consequence is "needs approval": the manager decides (not refused). */
  | 'OVER_CAP_APPROVAL'
  /** A "dienstfrei" day of the administration (e.g. 24 December), not a public holiday. */
  | 'DAY_OFF'
  | 'MIN_OFFICE_DAYS'
  | 'CAPACITY'
  | 'MIN_ON_SITE'
  | 'STANDING_TOO_LONG'
  | 'STANDING_MIN_HOURS'
  | 'NO_POLICY'
  | 'NO_APPROVER';

export interface Reason {
  code: ReasonCode;
  /** The numbers behind the reason, e.g. { used: 3, limit: 4, week: 48 }. */
  params: Record<string, string | number>;
}

export interface DayVerdict {
  date: IsoDate;
  portion: DayPortion;
  half?: HalfDay;
  outcome: Outcome;
  /** The first reason is the deciding one; more may follow. */
  reasons: Reason[];
  policyVersion?: IsoDate;
}

// ---------------------------------------------------------------- proposals (what someone asks for)

export interface ProposedDay {
  date: IsoDate;
  portion: DayPortion;
  half?: HalfDay;
}

/** What a person asks for, before it is expanded into days (see `expandProposal`). */
export type ProposalSpec =
  | { type: 'dates'; dates: IsoDate[]; half?: HalfDay }
  | { type: 'range'; from: IsoDate; to: IsoDate; half?: HalfDay }
  | { type: 'recurring'; weekdays: Weekday[]; from: IsoDate; until: IsoDate; half?: HalfDay };
