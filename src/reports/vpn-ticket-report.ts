/**
 * VPN ticket report for the service desk and the Personalrat: tickets created in a period and
 * outages (incidents) opened in it, per ISO week × VPN client × symptom.
 *
 * Per row: tickets, by priority P1–P4, resolved, median minutes from the report to the solution,
 * reopened; outages opened and the number of reporters linked to them. Aggregated only: no
 * person id or name, no ticket number, no free text (error text, questions, solution). Pure: the
 * records and the time zone are passed in.
 *
 * What the stored records allow (and what they do not):
 * - Time to take (to the first assignee) is NOT reported: a ticket keeps only its current
 *   assignee, not when it was taken (no history; the lowdb journal is compacted, PostgreSQL keeps
 *   the current document only). So the report gives the time from creation to the solution only.
 * - Minutes to the solution: a resolved ticket's `createdAt` → `updatedAt`. Resolving is the last
 *   transition of a resolved ticket; with an ITSM hand-over, storing the tool's `closed` state can
 *   move `updatedAt` on by the outbox's delay (seconds, rarely minutes). A ticket reopened and
 *   resolved again counts from its creation to the last solution.
 * - Reopened: tickets not resolved now that carry a solution, i.e. resolved once and reopened
 *   since (by the reporter or in the ITSM tool). A ticket reopened and then resolved again cannot
 *   be told apart from one resolved once: it counts as resolved, not as reopened.
 * - Resolved: tickets whose status is resolved now (when the report runs).
 *
 * Dates: a ticket belongs to the local date (organisation time zone) of its `createdAt`, an
 * outage to that of its `openedAt`; the ISO week is that date's.
 */
import { startOfIsoWeek, isoWeek, type IsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { PRIORITIES, VPN_CLIENTS, VPN_SYMPTOMS, type Incident, type Priority, type Ticket } from '../domain/vpn-model.js';
import { localDate } from '../domain/local-time.js';
import { vpnClientText, vpnSymptomText } from '../cards/vpn-texts.js';
import { csvDate, csvDecimal, csvDocument, csvText } from './csv.js';
import { isAnonymousId } from '../privacy/anonymise.js';
import { suppress, SUPPRESSED, type Item, type Relation } from './suppression.js';

export interface VpnTicketInput {
  tickets: readonly Ticket[];
  incidents: readonly Incident[];
  from: IsoDate;
  to: IsoDate;
  /** IANA time zone of the organisation (policy `organisation.timeZone`). */
  timeZone: string;
}

export interface VpnTicketRow {
  /** ISO week, e.g. `2026-W45`. */
  week: string;
  /** Monday of that week. */
  weekStart: IsoDate;
  client: string;
  symptom: string;
  tickets: number;
  byPriority: Record<Priority, number>;
  resolved: number;
  /** Median minutes from creation to the solution of the resolved tickets; undefined when none. */
  medianMinutesToResolve?: number;
  reopened: number;
  outages: number;
  /** Reporters linked to those outages (a count; a person linked to two outages counts twice). */
  linkedReporters: number;
  /** Values not shown: they describe fewer than 5 people, or would reveal one that does (suppression.ts). */
  suppressed: VpnTicketField[];
}

export type VpnTicketField = 'tickets' | Priority | 'resolved' | 'medianMinutesToResolve' | 'reopened' | 'linkedReporters';

export interface VpnTicketTotals {
  /** Undefined when hidden (fewer than 5 people reported). */
  tickets: number | undefined;
  outages: number;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Group {
  row: Omit<VpnTicketRow, 'medianMinutesToResolve' | 'suppressed'>;
  minutes: number[];
  /** Distinct reporters per field (anonymised ones together count as one). */
  people: Map<string, Set<string>>;
}

function countPerson(g: Group, field: string, personId: string): void {
  let set = g.people.get(field);
  if (!set) g.people.set(field, (set = new Set()));
  set.add(isAnonymousId(personId) ? 'anonymous' : personId);
}

/** The rows, and whether the grand total of tickets is hidden (it describes fewer than 5 people). */
export type VpnTicketRows = VpnTicketRow[] & { totalTicketsHidden?: boolean };

export function vpnTicketReport(input: VpnTicketInput): VpnTicketRows {
  const { from, to, timeZone } = input;
  const groups = new Map<string, Group>();
  const groupOf = (at: string, client: string, symptom: string): Group | undefined => {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) return undefined;
    const date = localDate(new Date(ms), timeZone);
    if (date < from || date > to) return undefined;
    const { year, week } = isoWeek(date);
    const weekLabel = `${year}-W${String(week).padStart(2, '0')}`;
    const key = JSON.stringify([weekLabel, client, symptom]);
    let g = groups.get(key);
    if (!g) {
      g = {
        row: {
          week: weekLabel,
          weekStart: startOfIsoWeek(date),
          client,
          symptom,
          tickets: 0,
          byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
          resolved: 0,
          reopened: 0,
          outages: 0,
          linkedReporters: 0,
        },
        minutes: [],
        people: new Map(),
      };
      groups.set(key, g);
    }
    return g;
  };

  for (const t of input.tickets) {
    const g = groupOf(t.createdAt, t.report.client, t.report.symptom);
    if (!g) continue;
    g.row.tickets += 1;
    countPerson(g, 'tickets', t.reporterId);
    if ((PRIORITIES as readonly string[]).includes(t.priority)) {
      g.row.byPriority[t.priority] += 1;
      countPerson(g, t.priority, t.reporterId);
    }
    if (t.status === 'resolved') {
      g.row.resolved += 1;
      countPerson(g, 'resolved', t.reporterId);
      const minutes = (Date.parse(t.updatedAt) - Date.parse(t.createdAt)) / 60_000;
      if (Number.isFinite(minutes) && minutes >= 0) g.minutes.push(minutes);
    } else if (t.solution !== undefined) {
      g.row.reopened += 1;
      countPerson(g, 'reopened', t.reporterId);
    }
  }
  for (const i of input.incidents) {
    const g = groupOf(i.openedAt, i.client, i.symptom);
    if (!g) continue;
    g.row.outages += 1;
    g.row.linkedReporters += new Set(i.linkedReporterIds).size;
    for (const r of i.linkedReporterIds) countPerson(g, 'linkedReporters', `${i.id}:${r}`);
  }

  const order = (values: readonly string[], v: string): number => {
    const i = values.indexOf(v);
    return i === -1 ? values.length : i;
  };
  const sorted = [...groups.values()].sort(
    (ga, gb) => {
      const a = ga.row;
      const b = gb.row;
      return (
        cmp(a.week, b.week) ||
        order(VPN_CLIENTS, a.client) - order(VPN_CLIENTS, b.client) ||
        cmp(a.client, b.client) ||
        order(VPN_SYMPTOMS, a.symptom) - order(VPN_SYMPTOMS, b.symptom) ||
        cmp(a.symptom, b.symptom)
      );
    },
  );
  const hidden = suppressGroups(sorted);
  const rows: VpnTicketRows = sorted.map(({ row, minutes }, i) => {
    const m = median(minutes);
    const suppressed = FIELDS.filter((f) => hidden.has(`${i}.${f}`) || (f === 'medianMinutesToResolve' && hidden.has(`${i}.resolved`)));
    return { ...row, ...(m !== undefined ? { medianMinutesToResolve: m } : {}), suppressed };
  });
  Object.defineProperty(rows, 'totalTicketsHidden', { value: hidden.has(TOTAL), enumerable: false });
  return rows;
}

const FIELDS: readonly VpnTicketField[] = ['tickets', ...PRIORITIES, 'resolved', 'medianMinutesToResolve', 'reopened', 'linkedReporters'];
/** The key of the grand total of tickets (printed by the CLI). */
const TOTAL = 'total.tickets';

/** Per row tickets = P1 + … + P4; over all rows the grand total = sum of the rows' tickets. */
function suppressGroups(groups: readonly Group[]): Set<string> {
  const items: Item[] = [];
  const relations: Relation[] = [];
  const all = new Set<string>();
  groups.forEach((g, i) => {
    for (const f of ['tickets', ...PRIORITIES, 'resolved', 'reopened', 'linkedReporters']) items.push({ key: `${i}.${f}`, people: g.people.get(f)?.size ?? 0 });
    relations.push({ total: `${i}.tickets`, parts: PRIORITIES.map((p) => `${i}.${p}`) });
    for (const id of g.people.get('tickets') ?? []) all.add(id);
  });
  items.push({ key: TOTAL, people: all.size });
  relations.push({ total: TOTAL, parts: groups.map((_, i) => `${i}.tickets`) });
  return suppress(items, relations);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Totals for the CLI's summary line. The ticket total is hidden when it describes fewer than 5
 * people; it is part of the suppression (total = sum of the rows), so total minus the shown rows
 * never reveals a hidden row.
 */
export function vpnTicketTotals(rows: VpnTicketRows): VpnTicketTotals {
  const tickets = rows.reduce((n, r) => n + r.tickets, 0);
  const outages = rows.reduce((n, r) => n + r.outages, 0);
  return { tickets: rows.totalTicketsHidden === true ? undefined : tickets, outages };
}

// ---------------------------------------------------------------- CSV (Excel)

const HEADERS: Record<Locale, string[]> = {
  de: [
    'Kalenderwoche',
    'Woche ab',
    'VPN-Client',
    'Symptom',
    'Tickets',
    'P1',
    'P2',
    'P3',
    'P4',
    'Gelöst',
    'Median Minuten Meldung bis Lösung',
    'Wieder geöffnet',
    'Störungen',
    'Verknüpfte Meldende',
  ],
  en: [
    'ISO week',
    'Week from',
    'VPN client',
    'Symptom',
    'Tickets',
    'P1',
    'P2',
    'P3',
    'P4',
    'Resolved',
    'Median minutes report to solution',
    'Reopened',
    'Outages',
    'Linked reporters',
  ],
};

/**
 * CSV as the occupancy report (semicolons, BOM, CRLF; `de`: 02.11.2026 and decimal comma). The
 * median with one decimal, empty when no ticket of the row is resolved.
 */
export function vpnTicketCsv(rows: readonly VpnTicketRow[], locale: Locale, opts: { bom?: boolean } = {}): string {
  return csvDocument(
    HEADERS[locale],
    rows.map((r) => {
      const hide = (f: VpnTicketField, text: string): string => (r.suppressed.includes(f) ? SUPPRESSED : text);
      return [
      r.week,
      csvDate(r.weekStart, locale),
      csvText(vpnClientText(locale, r.client)),
      csvText(vpnSymptomText(locale, r.symptom)),
      hide('tickets', String(r.tickets)),
      ...PRIORITIES.map((p) => hide(p, String(r.byPriority[p]))),
      hide('resolved', String(r.resolved)),
      hide('medianMinutesToResolve', r.medianMinutesToResolve === undefined ? '' : csvDecimal(r.medianMinutesToResolve, 1, locale)),
      hide('reopened', String(r.reopened)),
      String(r.outages),
      hide('linkedReporters', String(r.linkedReporters)),
      ];
    }),
    opts,
  );
}
