/**
 * Knowledge-base report for the service desk: per entry of the VPN knowledge base how often it
 * was shown, how often "Das hat geholfen" was pressed and how often "Weiter zum Service Desk"
 * followed (the store's `HelpfulnessCounters`, counted since the bot started counting), and the
 * help rate helped / shown (`helpRate`).
 *
 * Rows: every entry of the knowledge-base file in file order (also those never shown, with
 * zeros), then every counted id that is no longer in the file, by id, marked as such (no title).
 * Aggregated counts only: the counters hold no person, and neither does a row. A count of 1–4
 * (it may describe fewer than 5 people) is shown as `x`, and the help rate built from it too. Pure.
 */
import type { Locale } from '../domain/model.js';
import { helpRate, type HelpfulnessCounters, type KnowledgeBase } from '../domain/vpn-knowledge-base.js';
import { csvDecimal, csvDocument, csvText } from './csv.js';
import { suppress, SUPPRESSED } from './suppression.js';

export interface KnowledgeBaseRow {
  id: string;
  /** Title in the report's locale; undefined when the entry is no longer in the file. */
  title?: string;
  inFile: boolean;
  shown: number;
  helped: number;
  escalated: number;
  /** helped / shown, 0…1; undefined when never shown. */
  helpRate?: number;
  /** Counts of 1–4 (they may describe fewer than 5 people) and the rate built from them: shown as x. */
  suppressed: Array<'shown' | 'helped' | 'escalated' | 'helpRate'>;
}

export function knowledgeBaseReport(kb: KnowledgeBase, counters: HelpfulnessCounters, locale: Locale): KnowledgeBaseRow[] {
  const row = (id: string, title: string | undefined): KnowledgeBaseRow => {
    const c = Object.hasOwn(counters, id) ? counters[id] : undefined;
    const shown = count(c?.shown);
    const hidden = suppress([
      { key: 'shown', people: shown },
      { key: 'helped', people: count(c?.helped) },
      { key: 'escalated', people: count(c?.escalated) },
    ]);
    const suppressed = [...hidden] as KnowledgeBaseRow['suppressed'];
    if (hidden.has('shown') || hidden.has('helped')) suppressed.push('helpRate');
    return {
      suppressed,
      id,
      ...(title !== undefined ? { title } : {}),
      inFile: title !== undefined,
      shown,
      helped: count(c?.helped),
      escalated: count(c?.escalated),
      ...(shown > 0 ? { helpRate: helpRate({ shown, helped: count(c?.helped), escalated: count(c?.escalated) }) } : {}),
    };
  };
  const inFile = new Set(kb.entries.map((e) => e.id));
  const removed = Object.keys(counters)
    .filter((id) => !inFile.has(id))
    .sort();
  return [...kb.entries.map((e) => row(e.id, e[locale].title)), ...removed.map((id) => row(id, undefined))];
}

/** A counter as stored; anything that is not a non-negative whole number counts as 0. */
function count(n: unknown): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : 0;
}

const HEADERS: Record<Locale, string[]> = {
  de: ['Eintrag', 'Titel', 'In der Wissensdatenbank', 'Angezeigt', 'Geholfen', 'Eskaliert', 'Hilfequote (%)'],
  en: ['Entry', 'Title', 'In the knowledge base', 'Shown', 'Helped', 'Escalated', 'Help rate (%)'],
};
const YES_NO: Record<Locale, [string, string]> = { de: ['ja', 'nein'], en: ['yes', 'no'] };
const REMOVED_TITLE: Record<Locale, string> = {
  de: '(nicht mehr in der Wissensdatenbank)',
  en: '(no longer in the knowledge base)',
};

/**
 * CSV as the occupancy report (semicolons, BOM, CRLF). The help rate in percent with one decimal
 * (`de` 33,3; `en` 33.3), empty when the entry was never shown.
 */
export function knowledgeBaseCsv(rows: readonly KnowledgeBaseRow[], locale: Locale, opts: { bom?: boolean } = {}): string {
  return csvDocument(
    HEADERS[locale],
    rows.map((r) => {
      const hide = (f: KnowledgeBaseRow['suppressed'][number], text: string): string => (r.suppressed.includes(f) ? SUPPRESSED : text);
      return [
        csvText(r.id),
        csvText(r.title ?? REMOVED_TITLE[locale]),
        YES_NO[locale][r.inFile ? 0 : 1],
        hide('shown', String(r.shown)),
        hide('helped', String(r.helped)),
        hide('escalated', String(r.escalated)),
        hide('helpRate', r.helpRate === undefined ? '' : csvDecimal(r.helpRate * 100, 1, locale)),
      ];
    }),
    opts,
  );
}
