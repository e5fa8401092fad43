/**
 * CSV conventions of the reports (as in `occupancy-report.ts`): semicolons, a header row, CRLF
 * line ends, UTF-8 with BOM by default (Excel then shows umlauts); `de`: dates as 01.11.2026 and
 * a decimal comma, `en`: ISO dates and a decimal point. Cells that Excel would evaluate as a
 * formula are defused, cells with separators quoted.
 */
import type { IsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';

export function csvText(value: string): string {
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvDecimal(n: number, digits: number, locale: Locale): string {
  const s = n.toFixed(digits);
  return locale === 'de' ? s.replace('.', ',') : s;
}

export function csvDate(date: IsoDate, locale: Locale): string {
  return locale === 'de' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
}

/** Header and rows (cells already formatted) → the CSV text. */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[], opts: { bom?: boolean } = {}): string {
  const lines = [header.map(csvText).join(';'), ...rows.map((r) => r.join(';'))];
  return (opts.bom === false ? '' : '\uFEFF') + lines.join('\r\n') + '\r\n';
}
