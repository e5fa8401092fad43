/**
 * The agreement in plain words, as staff and the Personalrat read it: every version with its
 * caps (what counts, how much, over which window, for whom, what happens above it), presence
 * days, office days, onboarding, lead time, the org-unit exceptions, the holidays and the
 * individual bands. Generated from the same parsed `Policy` the engine enforces, so the text can
 * never drift from the rules. German or English.
 */
import type { Cap, CapWindow } from '../domain/cap-model.js';
import { weekdayKey, type Weekday } from '../domain/dates.js';
import { regionsOf } from '../domain/holiday-calendar.js';
import type { Locale, Policy, PolicyOverride, PolicyRules } from '../domain/model.js';
import { capsOf } from '../domain/cap-check.js';

type Words = typeof DE;

const DE = {
  title: (org: string) => `Dienstvereinbarung: ${org}`,
  version: (name: string, from: string) => `Fassung „${name}“, gilt ab ${from}`,
  location: { 'home-only': 'Mobiles Arbeiten nur am häuslichen Arbeitsplatz.', anywhere: 'Mobiles Arbeiten an jedem geeigneten Ort.' },
  capsTitle: 'Grenzen:',
  noCaps: 'Keine Grenze für den Umfang mobiler Arbeit.',
  tracks: { both: 'regelmäßige und gelegentliche Tage zusammen', standing: 'regelmäßige Telearbeit', occasional: 'gelegentliche mobile Tage' },
  share: (p: string) => `höchstens ${p} % der eigenen Arbeitszeit`,
  hours: (h: string) => `höchstens ${h} Stunden`,
  days: (d: string) => `höchstens ${d} ${d === '1' ? 'Tag' : 'Tage'}`,
  window: (w: CapWindow, date: (iso: string) => string): string => {
    switch (w.kind) {
      case 'week': return 'je Kalenderwoche';
      case 'two-weeks': return `je zwei Wochen (Rhythmus ab Montag, ${date(w.anchor)})`;
      case 'month': return 'je Kalendermonat';
      case 'quarter': return 'je Quartal';
      case 'half-year': return 'je Kalenderhalbjahr';
      case 'year': return 'je Kalenderjahr';
      case 'rolling-days': return `in jedem Zeitraum von ${w.length} aufeinanderfolgenden Tagen`;
      case 'rolling-weeks': return `in jedem Zeitraum von ${w.length} aufeinanderfolgenden Kalenderwochen`;
    }
  },
  base: { worked: 'Feiertage und dienstfreie Tage senken die Grundlage.', contracted: 'Grundlage ist die vertragliche Arbeitszeit; Feiertage senken sie nicht.' },
  over: { refuse: 'Darüber wird ein Tag abgelehnt.', approval: 'Darüber entscheidet die Führungskraft.' },
  scope: (units: string) => `Gilt nur für: ${units}.`,
  bands: (list: string) => `Wählbare Bänder: ${list}.`,
  max: (v: string) => `Schriftlich vereinbar bis ${v}.`,
  standing: 'Regelmäßige Telearbeit:',
  occasional: 'Gelegentliche mobile Tage:',
  approval: { required: 'die Führungskraft genehmigt', notify: 'die Führungskraft wird informiert', none: 'ohne Genehmigung' },
  trial: (m: number) => `Probezeit ${m} Monate`,
  duration: (m: number) => `höchstens ${m} Monate je Vereinbarung`,
  minHours: (h: string) => `mindestens ${h} Stunden je Woche`,
  presence: (days: string) => `Feste Präsenztage (alle vor Ort): ${days}.`,
  noPresence: 'Keine festen Präsenztage.',
  minOffice: (n: number) => `Mindestens ${n} ${n === 1 ? 'Bürotag' : 'Bürotage'} je Woche.`,
  onboarding: (m: number) => `Neue Beschäftigte arbeiten die ersten ${m} Monate vor Ort.`,
  leadTime: (n: number) => (n === 0 ? 'Eintragen ist bis zum selben Tag möglich.' : `Spätestens ${n} ${n === 1 ? 'Tag' : 'Tage'} im Voraus eintragen.`),
  horizon: (n: number) => `Planung bis ${n} Tage im Voraus.`,
  halfDays: { true: 'Halbe Tage sind möglich.', false: 'Nur ganze Tage.' },
  capacity: (n: number) => `Höchstens ${n} Personen der ganzen Verwaltung gleichzeitig mobil.`,
  onSite: (p: string) => `Mindestens ${p} % des Teams an jedem Arbeitstag vor Ort.`,
  overridesTitle: 'Ausnahmen für Organisationseinheiten (gelten auch für ihre Untereinheiten):',
  holidays: (state: string, region?: string) => `Feiertage: gesetzliche Feiertage in ${state}${region ? ` (Region ${region})` : ''}.`,
  local: 'Zusätzliche örtliche Feiertage:',
  daysOff: 'Dienstfreie Tage:',
  everyYear: 'jedes Jahr',
  wholeDay: 'ganztägig',
  halfDay: 'halbtägig',
  weekdays: { mon: 'Montag', tue: 'Dienstag', wed: 'Mittwoch', thu: 'Donnerstag', fri: 'Freitag', sat: 'Samstag', sun: 'Sonntag' },
  decimal: ',',
  quote: (s: string) => `„${s}“`,
  legacyName: { share: 'Anteil an der Arbeitszeit', days: 'Tage je Woche' },
};

const EN: Words = {
  title: (org) => `Service agreement: ${org}`,
  version: (name, from) => `Version "${name}", in force from ${from}`,
  location: { 'home-only': 'Mobile work only at home.', anywhere: 'Mobile work at any suitable place.' },
  capsTitle: 'Caps:',
  noCaps: 'No cap on the amount of mobile work.',
  tracks: { both: 'standing and occasional days together', standing: 'standing telework', occasional: 'occasional mobile days' },
  share: (p) => `at most ${p} % of one's own working hours`,
  hours: (h) => `at most ${h} hours`,
  days: (d) => `at most ${d} ${d === '1' ? 'day' : 'days'}`,
  window: (w, date) => {
    switch (w.kind) {
      case 'week': return 'per calendar week';
      case 'two-weeks': return `per two weeks (rhythm from Monday, ${date(w.anchor)})`;
      case 'month': return 'per calendar month';
      case 'quarter': return 'per quarter';
      case 'half-year': return 'per calendar half-year';
      case 'year': return 'per calendar year';
      case 'rolling-days': return `in every run of ${w.length} consecutive days`;
      case 'rolling-weeks': return `in every run of ${w.length} consecutive calendar weeks`;
    }
  },
  base: { worked: 'Public holidays and days off lower the base.', contracted: 'The base is the contracted working time; holidays do not lower it.' },
  over: { refuse: 'Above it, a day is refused.', approval: 'Above it, the manager decides.' },
  scope: (units) => `Applies only to: ${units}.`,
  bands: (list) => `Bands to choose from: ${list}.`,
  max: (v) => `By written agreement up to ${v}.`,
  standing: 'Standing telework:',
  occasional: 'Occasional mobile days:',
  approval: { required: 'the manager approves', notify: 'the manager is informed', none: 'no approval' },
  trial: (m) => `trial period ${m} months`,
  duration: (m) => `at most ${m} months per agreement`,
  minHours: (h) => `at least ${h} hours per week`,
  presence: (days) => `Fixed presence days (everyone on site): ${days}.`,
  noPresence: 'No fixed presence days.',
  minOffice: (n) => `At least ${n} office ${n === 1 ? 'day' : 'days'} per week.`,
  onboarding: (m) => `New staff work on site for their first ${m} months.`,
  leadTime: (n) => (n === 0 ? 'Days can be entered up to the same day.' : `Enter days at least ${n} ${n === 1 ? 'day' : 'days'} ahead.`),
  horizon: (n) => `Planning up to ${n} days ahead.`,
  halfDays: { true: 'Half days are possible.', false: 'Whole days only.' },
  capacity: (n) => `At most ${n} people of the whole administration mobile at the same time.`,
  onSite: (p) => `At least ${p} % of the team on site on every working day.`,
  overridesTitle: 'Exceptions for org units (also for their sub-units):',
  holidays: (state, region) => `Holidays: statutory public holidays of ${state}${region ? ` (region ${region})` : ''}.`,
  local: 'Additional local holidays:',
  daysOff: 'Days off of the administration:',
  everyYear: 'every year',
  wholeDay: 'whole day',
  halfDay: 'half day',
  weekdays: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' },
  decimal: '.',
  quote: (s) => `"${s}"`,
  legacyName: { share: 'Share of working hours', days: 'Days per week' },
};

const STATE_NAMES: Record<string, string> = {
  BW: 'Baden-Württemberg', BY: 'Bayern', BE: 'Berlin', BB: 'Brandenburg', HB: 'Bremen', HH: 'Hamburg', HE: 'Hessen', MV: 'Mecklenburg-Vorpommern',
  NI: 'Niedersachsen', NW: 'Nordrhein-Westfalen', RP: 'Rheinland-Pfalz', SL: 'Saarland', SN: 'Sachsen', ST: 'Sachsen-Anhalt', SH: 'Schleswig-Holstein', TH: 'Thüringen',
};

function num(w: Words, n: number): string {
  return String(Math.round(n * 100) / 100).replace('.', w.decimal);
}

function date(locale: Locale, iso: string): string {
  const [y, m, d] = iso.split('-');
  return locale === 'de' ? `${d}.${m}.${y}` : iso;
}

function listDate(w: Words, locale: Locale, d: string): string {
  if (/^\d{2}-\d{2}$/.test(d)) return `${locale === 'de' ? `${d.slice(3)}.${d.slice(0, 2)}.` : d} (${w.everyYear})`;
  return date(locale, d);
}

function weekdays(w: Words, days: readonly Weekday[]): string {
  return days.map((d) => w.weekdays[weekdayKey(d)]).join(', ');
}

function measureText(w: Words, cap: Pick<Cap, 'measure'>, value: number): string {
  return cap.measure === 'share' ? w.share(num(w, value * 100)) : cap.measure === 'hours' ? w.hours(num(w, value)) : w.days(num(w, value));
}

function shortValue(w: Words, cap: Pick<Cap, 'measure'>, value: number): string {
  return cap.measure === 'share' ? `${num(w, value * 100)} %` : cap.measure === 'hours' ? `${num(w, value)} h` : num(w, value);
}

export function capLines(w: Words, locale: Locale, cap: Cap): string {
  const tracks = cap.tracks.length === 2 ? w.tracks.both : w.tracks[cap.tracks[0]!];
  const name = cap.name ?? (cap.legacy ? w.legacyName[cap.legacy] : cap.id);
  const parts = [`${w.quote(name)} (${tracks}): ${measureText(w, cap, cap.limit)} ${w.window(cap.window, (d) => date(locale, d))}.`];
  if (cap.measure === 'share') parts.push(w.base[cap.holidayBase]);
  parts.push(w.over[cap.overLimit]);
  if (cap.orgUnits) parts.push(w.scope(cap.orgUnits.join(', ')));
  if (cap.individual) {
    const bands = Object.entries(cap.individual.bands).map(([id, v]) => `${id} (${shortValue(w, cap, v)})`);
    if (bands.length > 0) parts.push(w.bands(bands.join(', ')));
    if (cap.individual.max !== undefined) parts.push(w.max(shortValue(w, cap, cap.individual.max)));
  }
  return parts.join(' ');
}

function ruleLines(w: Words, locale: Locale, r: Partial<PolicyRules>, full: boolean): string[] {
  const out: string[] = [];
  if (r.location) out.push(w.location[r.location]);
  const caps = full && r.quota ? capsOf(r as PolicyRules) : r.caps;
  if (caps) {
    if (caps.length === 0) out.push(w.noCaps);
    else {
      out.push(w.capsTitle);
      for (const c of caps) out.push(`  - ${capLines(w, locale, c)}`);
    }
  } else if (!full && r.quota) {
    out.push(w.capsTitle);
    for (const c of capsOf({ quota: { ...r.quota, averagingWindow: r.quota.averagingWindow ?? 'week' } } as PolicyRules)) out.push(`  - ${capLines(w, locale, c)}`);
  }
  if (r.tracks) {
    const s = r.tracks.standing;
    if (s) {
      const bits = [s.approval && w.approval[s.approval], s.trialPeriodMonths ? w.trial(s.trialPeriodMonths) : undefined, s.maxDurationMonths ? w.duration(s.maxDurationMonths) : undefined, s.minHoursPerWeek !== undefined ? w.minHours(num(w, s.minHoursPerWeek)) : undefined];
      out.push(`${w.standing} ${bits.filter(Boolean).join('; ')}.`);
    }
    if (r.tracks.occasional?.approval) out.push(`${w.occasional} ${w.approval[r.tracks.occasional.approval]}.`);
  }
  if (r.presenceDays) out.push(r.presenceDays.length > 0 ? w.presence(weekdays(w, r.presenceDays)) : full ? w.noPresence : w.noPresence);
  if (r.minOfficeDaysPerWeek) out.push(w.minOffice(r.minOfficeDaysPerWeek));
  if (r.onboardingMonths) out.push(w.onboarding(r.onboardingMonths));
  if (r.leadTimeDays !== undefined) out.push(w.leadTime(r.leadTimeDays));
  if (r.planningHorizonDays !== undefined) out.push(w.horizon(r.planningHorizonDays));
  if (r.halfDaysAllowed !== undefined) out.push(w.halfDays[String(r.halfDaysAllowed) as 'true' | 'false']);
  if (r.capacityPerDay !== undefined) out.push(w.capacity(r.capacityPerDay));
  if (r.minOnSiteShare !== undefined) out.push(w.onSite(num(w, r.minOnSiteShare * 100)));
  return out;
}

/** The whole agreement as plain text (one line per rule, indented per version). */
export function explainPolicy(policy: Policy, locale: Locale = 'de'): string {
  const w = locale === 'en' ? EN : DE;
  const lines: string[] = [w.title(policy.organisation.name), ''];
  const state = STATE_NAMES[policy.organisation.state] ?? policy.organisation.state;
  const region = policy.holidays?.region;
  lines.push(w.holidays(state, region ? `${regionsOf(policy.organisation.state)[region] ?? region}` : undefined));
  if (policy.holidays?.local.length) {
    lines.push(w.local);
    for (const d of policy.holidays.local) lines.push(`  - ${listDate(w, locale, d.date)}: ${d.name}`);
  }
  if (policy.holidays?.daysOff.length) {
    lines.push(w.daysOff);
    for (const d of policy.holidays.daysOff) lines.push(`  - ${listDate(w, locale, d.date)}: ${d.name} (${d.portion === 1 ? w.wholeDay : w.halfDay})`);
  }
  for (const v of policy.versions) {
    lines.push('', w.version(v.name, date(locale, v.validFrom)));
    for (const l of ruleLines(w, locale, v.rules, true)) lines.push(`  ${l}`);
    const units = Object.entries(v.orgUnitOverrides);
    if (units.length > 0) {
      lines.push(`  ${w.overridesTitle}`);
      for (const [unit, o] of units) {
        lines.push(`    ${unit}:`);
        for (const l of ruleLines(w, locale, o as PolicyOverride as Partial<PolicyRules>, false)) lines.push(`      ${l}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}
