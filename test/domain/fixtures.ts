import { DEFAULT_VPN_POLICY } from '../../src/domain/model.js';
/**
 * Example policies and people for the domain tests. The numbers follow the sources in
 * DESIGN.md ("Münster-like": 4/5 of the weekly hours; "Kitzingen-like": home only, 150 seats,
 * onboarding on site); they are examples, never constants of the code.
 */
import type { EvaluationContext, ExistingDay } from '../../src/domain/quota-engine.js';
import type { Person, Policy, PolicyRules, PolicyVersion } from '../../src/domain/model.js';
import type { IsoDate } from '../../src/domain/dates.js';

export const TODAY: IsoDate = '2026-11-20'; // a Friday, ISO week 47

export const muensterRules: PolicyRules = {
  location: 'anywhere',
  quota: { maxShareOfHours: 0.8, averagingWindow: 'week' },
  minOfficeDaysPerWeek: 0,
  presenceDays: [],
  tracks: {
    standing: { approval: 'required', trialPeriodMonths: 6, maxDurationMonths: 24, minHoursPerWeek: 8 },
    occasional: { approval: 'required' },
  },
  leadTimeDays: 0,
  planningHorizonDays: 90,
  onboardingMonths: 0,
  halfDaysAllowed: false,
  flexitime: { days: [1, 2, 3, 4, 5, 6], from: '06:00', to: '20:00' },
  reminderAfterHours: 48,
};

export const muensterPolicy: Policy = {
  organisation: { id: 'ms', name: 'Stadt Münster (Beispiel)', state: 'NW', timeZone: 'Europe/Berlin' },
  vpn: DEFAULT_VPN_POLICY,
  versions: [{ validFrom: '2019-01-01', name: 'DV Telearbeit 2019', rules: muensterRules, orgUnitOverrides: {} }],
};

export const kitzingenRules: PolicyRules = {
  location: 'home-only',
  quota: { maxShareOfHours: 0.4, averagingWindow: 'two-weeks' },
  minOfficeDaysPerWeek: 1,
  presenceDays: [2],
  tracks: {
    standing: { approval: 'required', trialPeriodMonths: 3, maxDurationMonths: 12 },
    occasional: { approval: 'notify' },
  },
  leadTimeDays: 1,
  planningHorizonDays: 60,
  onboardingMonths: 3,
  capacityPerDay: 150,
  minOnSiteShare: 0.5,
  halfDaysAllowed: true,
  reminderAfterHours: 24,
};

export const kitzingenVersion: PolicyVersion = {
  validFrom: '2023-01-01',
  name: 'DV Mobiles Arbeiten 2023',
  rules: kitzingenRules,
  orgUnitOverrides: {
    // The IT department: no presence day, the full share, days simply allowed.
    it: { presenceDays: [], quota: { maxShareOfHours: 1 }, tracks: { occasional: { approval: 'none' } } },
  },
};

export const kitzingenPolicy: Policy = {
  organisation: { id: 'kt', name: 'Landratsamt Kitzingen (Beispiel)', state: 'BY', timeZone: 'Europe/Berlin' },
  vpn: DEFAULT_VPN_POLICY,
  versions: [kitzingenVersion],
};

/** 39 h TVöD: Mon–Thu 8 h, Fri 7 h. */
export const fullTime: Person = {
  id: 'anna',
  displayName: 'Anna Amt',
  orgUnitId: 'ordnungsamt',
  managerId: 'max',
  weeklyHours: 39,
  hoursByWeekday: { mon: 8, tue: 8, wed: 8, thu: 8, fri: 7, sat: 0, sun: 0 },
  startDate: '2015-04-01',
};

/** Half time: 19.5 h on Mon–Wed. */
export const partTime: Person = {
  id: 'paul',
  displayName: 'Paul Teilzeit',
  orgUnitId: 'ordnungsamt',
  managerId: 'max',
  weeklyHours: 19.5,
  hoursByWeekday: { mon: 6.5, tue: 6.5, wed: 6.5, thu: 0, fri: 0, sat: 0, sun: 0 },
  startDate: '2018-09-01',
};

/** Started on 2026-10-01: on site until 2027-01-01 under a 3-month onboarding. */
export const newStarter: Person = { ...fullTime, id: 'nina', displayName: 'Nina Neu', startDate: '2026-10-01' };

export function ctxFor(
  person: Person,
  policy: Policy,
  extra: Partial<Omit<EvaluationContext, 'person' | 'policy'>> = {},
): EvaluationContext {
  return {
    person,
    policy,
    orgUnitChain: [person.orgUnitId, 'verwaltung'],
    today: TODAY,
    existingDays: [],
    remoteCountByDate: {},
    orgUnit: { size: 10, remoteByDate: {} },
    ...extra,
  };
}

export function existing(dates: IsoDate[], portion: 1 | 0.5 = 1, requestId = 'r-old'): ExistingDay[] {
  return dates.map((date) => ({ date, portion, status: 'approved', requestId }));
}
