/**
 * The simulator: replays the stored requests of a past period against the current and a draft
 * agreement (the same engine, no writes) and counts, per org unit and ISO week, how many
 * requested days would have been allowed, needed approval or been refused under each, and which
 * caps decided.
 *
 * Replay: requests in the order they were made (`createdAt`), each judged on the day it was made
 * (`today` = its local date) against the days accepted so far in the same replay, with capacity
 * and team counts from the replay too. A day accepted in the replay keeps counting for later
 * requests when its stored status is approved or pending (a day the manager rejected or the person
 * withdrew stops counting, as it did in reality). Requests from before `from` (as far back as the
 * longest cap window) are replayed so that windows starting before the period are full, but only
 * days in [from, to] are counted.
 *
 * Aggregated only: no person and no group smaller than 5 people. A row (unit × week) whose days
 * come from fewer than `minGroup` distinct people is suppressed (its numbers are left out), like
 * the co-determination reports.
 */
import { addDays, isoWeek, type IsoDate } from '../domain/dates.js';
import { capReachDays } from '../domain/cap-check.js';
import type { EvaluationContext, ExistingDay } from '../domain/evaluation-context.js';
import type { DayVerdict, MobileWorkRequest, Person, Policy, ProposedDay } from '../domain/model.js';
import { evaluateProposal } from '../domain/quota-engine.js';

export const MIN_GROUP = 5;

export interface Counts {
  allowed: number;
  needsApproval: number;
  refused: number;
  /** Days decided by a cap (refused or sent for approval by it), by cap id. */
  byCap: Record<string, number>;
}

export interface SimulationRow {
  orgUnitId: string;
  /** ISO week, e.g. "2026-W48". */
  week: string;
  /** Distinct people with requested days in the row (shown only when not suppressed). */
  people: number;
  suppressed: boolean;
  current?: Counts;
  draft?: Counts;
}

export interface SimulationInput {
  requests: readonly MobileWorkRequest[];
  people: ReadonlyMap<string, Person>;
  /** [unit, parent, …] per org unit id. */
  chains: ReadonlyMap<string, string[]>;
  /** Members per org unit (directory). */
  unitSizes: ReadonlyMap<string, number>;
  current: Policy;
  draft: Policy;
  from: IsoDate;
  to: IsoDate;
  /** Local date of an ISO timestamp (the organisation's time zone). */
  localDate: (iso: string) => IsoDate;
  minGroup?: number;
}

const CAP_CODES = new Set(['QUOTA_HOURS', 'QUOTA_DAYS', 'QUOTA_DAYS_WINDOW', 'OVER_CAP_APPROVAL']);

function emptyCounts(): Counts {
  return { allowed: 0, needsApproval: 0, refused: 0, byCap: {} };
}

/** The first day a replay must start from so that every cap window of both policies is full. */
export function replayStart(current: Policy, draft: Policy, from: IsoDate): IsoDate {
  return addDays(from, -Math.max(45, capReachDays(current), capReachDays(draft)));
}

interface ReplayState {
  days: Map<string, ExistingDay[]>;
  /** date → people remote (whole organisation) */
  byDate: Map<IsoDate, Set<string>>;
  /** unit|date → people remote */
  byUnitDate: Map<string, Set<string>>;
}

function replay(input: SimulationInput, policy: Policy, visit: (req: MobileWorkRequest, verdict: DayVerdict) => void): void {
  const state: ReplayState = { days: new Map(), byDate: new Map(), byUnitDate: new Map() };
  const ordered = [...input.requests].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  const start = replayStart(input.current, input.draft, input.from);
  // Only the person's days that some cap window around the judged days can reach are handed to
  // the engine: the engine scans its existing days per day and cap, and a year of history per
  // person made that the simulator's main cost.
  const reach = Math.max(45, capReachDays(input.current), capReachDays(input.draft));
  for (const req of ordered) {
    const person = input.people.get(req.personId);
    if (!person) continue;
    const stored = req.days.filter((d) => d.date >= start && d.date <= input.to);
    if (stored.length === 0) continue;
    const first = stored.reduce((m, d) => (d.date < m ? d.date : m), stored[0]!.date);
    const last = stored.reduce((m, d) => (d.date > m ? d.date : m), stored[0]!.date);
    const proposed: ProposedDay[] = stored.map((d) => (d.half ? { date: d.date, portion: d.portion, half: d.half } : { date: d.date, portion: d.portion }));
    let own = state.days.get(person.id);
    if (!own) state.days.set(person.id, (own = []));
    const remoteCountByDate: Record<IsoDate, number> = {};
    const unitRemote: Record<IsoDate, number> = {};
    for (const d of stored) {
      const others = state.byDate.get(d.date);
      remoteCountByDate[d.date] = others ? others.size - (others.has(person.id) ? 1 : 0) : 0;
      const unit = state.byUnitDate.get(`${req.orgUnitId}|${d.date}`);
      unitRemote[d.date] = unit ? unit.size - (unit.has(person.id) ? 1 : 0) : 0;
    }
    const ctx: EvaluationContext = {
      person: { ...person, orgUnitId: req.orgUnitId },
      orgUnitChain: input.chains.get(req.orgUnitId) ?? [req.orgUnitId],
      policy,
      today: input.localDate(req.createdAt),
      existingDays: within(own, addDays(first, -reach), addDays(last, reach)),
      remoteCountByDate,
      orgUnit: { size: input.unitSizes.get(req.orgUnitId) ?? 1, remoteByDate: unitRemote },
    };
    const verdicts = evaluateProposal(ctx, req.track, proposed);
    const kept: ExistingDay[] = [];
    const storedByKey = new Map(stored.map((d) => [`${d.date}|${d.half ?? ''}`, d]));
    for (const v of verdicts) {
      visit(req, v);
      if (v.outcome === 'refused') continue;
      const storedDay = storedByKey.get(`${v.date}|${v.half ?? ''}`);
      if (!storedDay || (storedDay.status !== 'approved' && storedDay.status !== 'pending')) continue;
      kept.push({ date: v.date, portion: v.portion, status: v.outcome === 'allowed' ? 'approved' : 'pending', requestId: req.id, track: req.track, ...(v.half ? { half: v.half } : {}) });
      add(state.byDate, v.date, person.id);
      add(state.byUnitDate, `${req.orgUnitId}|${v.date}`, person.id);
    }
    // appended in place (the engine has finished with `own`): copying it per request was quadratic
    for (const k of kept) own.push(k);
  }
}

/** The days of `days` in [from, to] (the list itself when all are). */
function within(days: ExistingDay[], from: IsoDate, to: IsoDate): ExistingDay[] {
  const out = days.filter((d) => d.date >= from && d.date <= to);
  return out.length === days.length ? days : out;
}

function add(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function weekKey(date: IsoDate): string {
  const w = isoWeek(date);
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** Rows sorted by org unit, then week. */
export function simulate(input: SimulationInput): SimulationRow[] {
  const minGroup = input.minGroup ?? MIN_GROUP;
  const rows = new Map<string, { orgUnitId: string; week: string; people: Set<string>; current: Counts; draft: Counts }>();
  const rowOf = (req: MobileWorkRequest, date: IsoDate) => {
    const key = `${req.orgUnitId}|${weekKey(date)}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { orgUnitId: req.orgUnitId, week: weekKey(date), people: new Set(), current: emptyCounts(), draft: emptyCounts() }));
    return row;
  };
  const count = (which: 'current' | 'draft') => (req: MobileWorkRequest, v: DayVerdict) => {
    if (v.date < input.from || v.date > input.to) return;
    const row = rowOf(req, v.date);
    row.people.add(req.personId);
    const c = row[which];
    if (v.outcome === 'allowed') c.allowed += v.portion;
    else if (v.outcome === 'needs-approval') c.needsApproval += v.portion;
    else c.refused += v.portion;
    const decisive = v.reasons[0];
    if (decisive && CAP_CODES.has(decisive.code) && typeof decisive.params.cap === 'string') {
      c.byCap[decisive.params.cap] = (c.byCap[decisive.params.cap] ?? 0) + v.portion;
    }
  };
  replay(input, input.current, count('current'));
  replay(input, input.draft, count('draft'));
  return [...rows.values()]
    .sort((a, b) => (a.orgUnitId < b.orgUnitId ? -1 : a.orgUnitId > b.orgUnitId ? 1 : a.week < b.week ? -1 : a.week > b.week ? 1 : 0))
    .map((r) =>
      r.people.size < minGroup
        ? { orgUnitId: r.orgUnitId, week: r.week, people: 0, suppressed: true }
        : { orgUnitId: r.orgUnitId, week: r.week, people: r.people.size, suppressed: false, current: r.current, draft: r.draft },
    );
}

// ---------------------------------------------------------------- output

const HEADERS = {
  de: ['Organisationseinheit', 'Kalenderwoche', 'Personen', 'heute erlaubt', 'heute Genehmigung', 'heute abgelehnt', 'Entwurf erlaubt', 'Entwurf Genehmigung', 'Entwurf abgelehnt', 'Entwurf entscheidende Grenzen', 'heute entscheidende Grenzen'],
  en: ['org unit', 'ISO week', 'people', 'current allowed', 'current needs approval', 'current refused', 'draft allowed', 'draft needs approval', 'draft refused', 'draft deciding caps', 'current deciding caps'],
} as const;

function cell(text: string): string {
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function n(v: number, locale: 'de' | 'en'): string {
  const s = String(Math.round(v * 10) / 10);
  return locale === 'de' ? s.replace('.', ',') : s;
}

function caps(byCap: Record<string, number>, locale: 'de' | 'en'): string {
  return Object.entries(byCap)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, v]) => `${id}: ${n(v, locale)}`)
    .join(', ');
}

/** Semicolon CSV, UTF-8 with BOM; suppressed rows say so ("< 5 Personen") and carry no numbers. */
export function simulationCsv(rows: readonly SimulationRow[], locale: 'de' | 'en', minGroup = MIN_GROUP): string {
  const lines = [HEADERS[locale].map(cell).join(';')];
  const hidden = locale === 'de' ? `< ${minGroup} Personen` : `< ${minGroup} people`;
  for (const r of rows) {
    if (r.suppressed || !r.current || !r.draft) {
      lines.push([cell(r.orgUnitId), r.week, hidden, '', '', '', '', '', '', '', ''].join(';'));
      continue;
    }
    lines.push(
      [
        cell(r.orgUnitId),
        r.week,
        String(r.people),
        n(r.current.allowed, locale),
        n(r.current.needsApproval, locale),
        n(r.current.refused, locale),
        n(r.draft.allowed, locale),
        n(r.draft.needsApproval, locale),
        n(r.draft.refused, locale),
        cell(caps(r.draft.byCap, locale)),
        cell(caps(r.current.byCap, locale)),
      ].join(';'),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An SVG bar chart per ISO week (over the shown rows only): days refused and needing approval
 * under the current agreement and under the draft, side by side.
 */
export function simulationSvg(rows: readonly SimulationRow[], locale: 'de' | 'en', title: string): string {
  const weeks = new Map<string, { cr: number; ca: number; dr: number; da: number }>();
  for (const r of rows) {
    if (r.suppressed || !r.current || !r.draft) continue;
    const w = weeks.get(r.week) ?? { cr: 0, ca: 0, dr: 0, da: 0 };
    w.cr += r.current.refused;
    w.ca += r.current.needsApproval;
    w.dr += r.draft.refused;
    w.da += r.draft.needsApproval;
    weeks.set(r.week, w);
  }
  const list = [...weeks.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const max = Math.max(1, ...list.map(([, w]) => Math.max(w.cr + w.ca, w.dr + w.da)));
  const barW = 14;
  const groupW = barW * 2 + 10;
  const left = 50;
  const top = 40;
  const h = 220;
  const width = left + Math.max(1, list.length) * groupW + 20;
  const height = top + h + 70;
  const y = (v: number) => top + h - (v / max) * h;
  const words =
    locale === 'de'
      ? { refused: 'abgelehnt', approval: 'Genehmigung nötig', current: 'links: heute', draft: 'rechts: Entwurf', none: 'Keine Daten (oder alle Gruppen unter 5 Personen).' }
      : { refused: 'refused', approval: 'needs approval', current: 'left: current', draft: 'right: draft', none: 'No data (or every group below 5 people).' };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<text x="${left}" y="18" font-size="14">${esc(title)}</text>`,
    `<line x1="${left}" y1="${top + h}" x2="${width - 10}" y2="${top + h}" stroke="#333"/>`,
    `<text x="${left - 6}" y="${y(max) + 4}" text-anchor="end">${n(max, locale)}</text>`,
    `<text x="${left - 6}" y="${top + h + 4}" text-anchor="end">0</text>`,
  ];
  if (list.length === 0) parts.push(`<text x="${left}" y="${top + h / 2}">${esc(words.none)}</text>`);
  list.forEach(([week, w], i) => {
    const x = left + i * groupW + 5;
    const bar = (bx: number, refused: number, approval: number) => {
      parts.push(`<rect x="${bx}" y="${y(refused)}" width="${barW}" height="${top + h - y(refused)}" fill="#b3261e"><title>${esc(`${week} ${words.refused}: ${n(refused, locale)}`)}</title></rect>`);
      parts.push(`<rect x="${bx}" y="${y(refused + approval)}" width="${barW}" height="${y(refused) - y(refused + approval)}" fill="#e8a33d"><title>${esc(`${week} ${words.approval}: ${n(approval, locale)}`)}</title></rect>`);
    };
    bar(x, w.cr, w.ca);
    bar(x + barW + 2, w.dr, w.da);
    parts.push(`<text x="${x + barW}" y="${top + h + 14}" text-anchor="middle">${esc(week.slice(5))}</text>`);
  });
  const ly = top + h + 36;
  parts.push(`<rect x="${left}" y="${ly - 9}" width="10" height="10" fill="#b3261e"/><text x="${left + 14}" y="${ly}">${esc(words.refused)}</text>`);
  parts.push(`<rect x="${left + 110}" y="${ly - 9}" width="10" height="10" fill="#e8a33d"/><text x="${left + 124}" y="${ly}">${esc(words.approval)}</text>`);
  parts.push(`<text x="${left}" y="${ly + 18}">${esc(`${words.current}, ${words.draft}`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
