/**
 * The VPN knowledge base: known problems with self-help steps, shown before a report is
 * escalated. Loaded from a YAML/JSON file (`src/vpn/load-knowledge-base.ts`); matching and the
 * helpfulness counters are pure.
 *
 * An entry applies to a report when its symptom is listed and every condition the report can
 * answer holds: the client (an entry without clients is for every client), the connection type,
 * the error codes/patterns (when the report has an error text) and the progress range (when the
 * report has a progress). A condition the report cannot answer (no error text, no progress)
 * neither excludes the entry nor ranks it up.
 *
 * Ranking, most specific first: an error code or pattern matched > the progress within the
 * range > an entry for this client (rather than for every client) > symptom only; ties keep
 * the order of the file.
 */
import type { ConnectionType, VpnClient, VpnReport, VpnSymptom } from './vpn-model.js';

export interface LocalizedSteps {
  title: string;
  steps: string[];
}

export interface KnowledgeBaseEntry {
  id: string;
  /** Empty: every client. */
  clients: VpnClient[];
  symptoms: VpnSymptom[];
  /** Error codes as the client shows them, e.g. `-14`, `-7200`; matched as a whole token. */
  errorCodes: string[];
  /** Case-insensitive regular expressions (source text) matched against the error text. */
  errorPatterns: string[];
  /** Inclusive range of the client's progress in percent. */
  progress?: { min: number; max: number };
  /** Empty: every connection type. */
  connections: ConnectionType[];
  /** The advice ends with "call the service desk" (e.g. an expired certificate). */
  escalate: boolean;
  de: LocalizedSteps;
  en: LocalizedSteps;
}

export interface KnowledgeBase {
  entries: KnowledgeBaseEntry[];
}

export interface KnowledgeBaseMatch {
  entry: KnowledgeBaseEntry;
  /** Why it ranks where it does. */
  matched: { errorCode: boolean; progress: boolean; client: boolean };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `-14` in "Fehler -14", "(-14)", "code=-14" but not in "-140" or "-7-14x". */
export function containsErrorCode(text: string, code: string): boolean {
  return new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(code)}(?![\\p{L}\\p{N}_])`, 'iu').test(text);
}

function errorMatches(entry: KnowledgeBaseEntry, errorText: string): boolean {
  return (
    entry.errorCodes.some((c) => containsErrorCode(errorText, c)) ||
    entry.errorPatterns.some((p) => new RegExp(p, 'iu').test(errorText))
  );
}

/** The entries for a report, most specific first (see the module comment). */
export function matchKnowledgeBase(kb: KnowledgeBase, report: VpnReport): KnowledgeBaseEntry[] {
  return matchKnowledgeBaseExplained(kb, report).map((m) => m.entry);
}

export function matchKnowledgeBaseExplained(kb: KnowledgeBase, report: VpnReport): KnowledgeBaseMatch[] {
  const found: Array<KnowledgeBaseMatch & { index: number; score: number }> = [];
  kb.entries.forEach((entry, index) => {
    if (!entry.symptoms.includes(report.symptom)) return;
    if (entry.clients.length > 0 && !entry.clients.includes(report.client)) return;
    if (entry.connections.length > 0 && !entry.connections.includes(report.connection)) return;

    const hasErrorCondition = entry.errorCodes.length + entry.errorPatterns.length > 0;
    const errorText = report.errorText?.trim() ?? '';
    let errorCode = false;
    if (hasErrorCondition && errorText !== '') {
      if (!errorMatches(entry, errorText)) return;
      errorCode = true;
    }

    let progress = false;
    if (entry.progress && report.progressPercent !== undefined) {
      if (report.progressPercent < entry.progress.min || report.progressPercent > entry.progress.max) return;
      progress = true;
    }

    const client = entry.clients.length > 0;
    const score = (errorCode ? 4 : 0) + (progress ? 2 : 0) + (client ? 1 : 0);
    found.push({ entry, matched: { errorCode, progress, client }, index, score });
  });
  found.sort((a, b) => b.score - a.score || a.index - b.index);
  return found.map(({ entry, matched }) => ({ entry, matched }));
}

/** How often each entry was shown, helped ("Das hat geholfen") or was followed by an escalation. */
export interface HelpfulnessCount {
  shown: number;
  helped: number;
  escalated: number;
}

export type HelpfulnessCounters = Readonly<Record<string, HelpfulnessCount>>;

export type HelpfulnessEvent =
  | { type: 'shown'; entryIds: readonly string[] }
  | { type: 'helped'; entryId: string }
  /** "Weiter zum Service Desk" after these entries were shown. */
  | { type: 'escalated'; entryIds: readonly string[] };

const ZERO: HelpfulnessCount = { shown: 0, helped: 0, escalated: 0 };

/** Pure reducer; returns a new object, never changes `state`. An id listed twice counts once. */
export function countHelpfulness(state: HelpfulnessCounters, event: HelpfulnessEvent): HelpfulnessCounters {
  const next: Record<string, HelpfulnessCount> = { ...state };
  const bump = (id: string, key: keyof HelpfulnessCount) => {
    const cur = next[id] ?? ZERO;
    next[id] = { ...cur, [key]: cur[key] + 1 };
  };
  switch (event.type) {
    case 'shown':
      for (const id of new Set(event.entryIds)) bump(id, 'shown');
      break;
    case 'helped':
      bump(event.entryId, 'helped');
      break;
    case 'escalated':
      for (const id of new Set(event.entryIds)) bump(id, 'escalated');
      break;
  }
  return next;
}

/** Share of showings that helped (0 when never shown). */
export function helpRate(count: HelpfulnessCount | undefined): number {
  return count && count.shown > 0 ? Math.min(1, count.helped / count.shown) : 0;
}
