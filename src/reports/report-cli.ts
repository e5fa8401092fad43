/**
 * Reports for facility management and the Personalrat, from the command line:
 *
 *   npm run --silent report -- occupancy --from 2026-11-01 --to 2026-11-30 > belegung.csv
 *   npm run report -- occupancy --from 2026-11-01 --to 2026-11-30 --format svg --out belegung.svg
 *
 * Options: `--format csv|svg` (default csv), `--out <file>` (default stdout), `--locale de|en`
 * (default DEFAULT_LOCALE). Dates as 2026-11-01 or 01.11.2026; at most 366 days.
 *
 * The configuration comes from the environment exactly as for the bot (`loadConfig`): STORE,
 * DATA_DIR / DATABASE_URL, DESKS_FILE, DIRECTORY_FILE (number of staff for "staff per desk"),
 * POLICY_FILE (the Bundesland for public holidays). The store is only read, never written, and
 * it is safe to run next to a running bot (see `read-bookings.ts` for how, per store).
 *
 * The output is aggregated (`occupancyReport`): no person id or name, no per-person counts.
 * CSV: semicolons, UTF-8 with BOM, `de` with dates as 01.11.2026 and a decimal comma.
 *
 * Exit codes: 0 done; 2 wrong arguments or configuration (a short German and English message on
 * stderr, no stack); 1 anything else (the store cannot be read), its message on stderr.
 * Plain `npm run` (without --silent) prints its banner to stdout, which would break a redirected
 * file: the CLI notices that case and refuses with a hint (use --silent or --out).
 */
import { writeFile } from 'node:fs/promises';
import { isConfigFileError } from '../config/config-file-error.js';
import { isConfigError, loadConfig } from '../config/config.js';
import { loadInventoryFile } from '../desks/load-inventory.js';
import { loadDirectoryFile } from '../directory/file-directory.js';
import { daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { loadPolicyFile } from '../policy/load-policy.js';
import { occupancyReport, toCsv, toSvgChart } from './occupancy-report.js';
import { DataDirError, readBookingsInRange } from './read-bookings.js';

export const MAX_DAYS = 366;
const REPORTS = ['occupancy'] as const;
type ReportName = (typeof REPORTS)[number];
type Format = 'csv' | 'svg';

const USAGE =
  'usage: npm run --silent report -- occupancy --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|svg] [--out <file>] [--locale de|en]';

/** A wrong argument, in both languages (the locale may be the wrong argument). */
export class UsageError extends Error {
  constructor(
    readonly de: string,
    readonly en: string,
  ) {
    super(`${de}\n${en}`);
    this.name = 'UsageError';
  }
}

export interface ReportArgs {
  report: ReportName;
  from: IsoDate;
  to: IsoDate;
  format: Format;
  out?: string;
  locale?: Locale;
}

/** 2026-11-01 or 01.11.2026 (also 1.11.2026) → ISO; undefined when it is no real date. */
function parseDate(text: string): IsoDate | undefined {
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : undefined;
}

/** Parses and checks the arguments; throws `UsageError`. */
export function parseArgs(argv: readonly string[]): ReportArgs | 'help' {
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!['from', 'to', 'format', 'out', 'locale'].includes(name)) {
      throw new UsageError(`Unbekannte Option ${JSON.stringify(arg)}.`, `Unknown option ${JSON.stringify(arg)}.`);
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) {
      throw new UsageError(`Option --${name} braucht einen Wert.`, `Option --${name} needs a value.`);
    }
    if (options.has(name)) throw new UsageError(`Option --${name} ist doppelt angegeben.`, `Option --${name} is given twice.`);
    options.set(name, value);
  }

  const report = positional[0];
  if (report === undefined) throw new UsageError('Welcher Bericht? Verfügbar: occupancy.', 'Which report? Available: occupancy.');
  if (!(REPORTS as readonly string[]).includes(report)) {
    throw new UsageError(
      `Unbekannter Bericht ${JSON.stringify(report)}. Verfügbar: ${REPORTS.join(', ')}.`,
      `Unknown report ${JSON.stringify(report)}. Available: ${REPORTS.join(', ')}.`,
    );
  }
  if (positional.length > 1) {
    throw new UsageError(`Unerwartetes Argument ${JSON.stringify(positional[1])}.`, `Unexpected argument ${JSON.stringify(positional[1])}.`);
  }

  const date = (name: 'from' | 'to'): IsoDate => {
    const text = options.get(name);
    if (text === undefined) throw new UsageError(`--${name} fehlt (ein Datum wie 2026-11-01).`, `--${name} is missing (a date like 2026-11-01).`);
    const d = parseDate(text);
    if (d === undefined) {
      throw new UsageError(
        `--${name} ${JSON.stringify(text)} ist kein gültiges Datum (z. B. 2026-11-01 oder 01.11.2026).`,
        `--${name} ${JSON.stringify(text)} is not a valid date (e.g. 2026-11-01 or 01.11.2026).`,
      );
    }
    return d;
  };
  const from = date('from');
  const to = date('to');
  if (from > to) {
    throw new UsageError(`--from ${from} liegt nach --to ${to}.`, `--from ${from} is after --to ${to}.`);
  }
  const days = daysBetween(from, to) + 1;
  if (days > MAX_DAYS) {
    throw new UsageError(
      `Der Zeitraum ist ${days} Tage lang; höchstens ${MAX_DAYS} Tage je Bericht.`,
      `The period is ${days} days long; at most ${MAX_DAYS} days per report.`,
    );
  }

  const format = options.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'svg') {
    throw new UsageError(`--format muss csv oder svg sein (nicht ${JSON.stringify(format)}).`, `--format must be csv or svg (not ${JSON.stringify(format)}).`);
  }
  const locale = options.get('locale');
  if (locale !== undefined && locale !== 'de' && locale !== 'en') {
    throw new UsageError(`--locale muss de oder en sein (nicht ${JSON.stringify(locale)}).`, `--locale must be de or en (not ${JSON.stringify(locale)}).`);
  }
  const out = options.get('out');
  return { report: 'occupancy', from, to, format, ...(out !== undefined ? { out } : {}), ...(locale !== undefined ? { locale } : {}) };
}

const TITLE: Record<Locale, string> = {
  de: 'Auslastung der Arbeitsplätze je Etage',
  en: 'Desk utilisation per floor',
};

function displayDate(date: IsoDate, locale: Locale): string {
  return locale === 'de' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}` : date;
}

/** Runs the CLI; returns the exit code. Writes only to `out` (or stdout) and stderr. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: ReportArgs | 'help';
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`Fehler: ${e.de}\nError: ${e.en}\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.out === undefined && npmBannerInOutput(env)) {
    process.stderr.write(
      'npm hat sein Banner in die umgeleitete Ausgabe geschrieben; die Datei wäre unbrauchbar.\n' +
        'npm printed its banner into the redirected output, which would break the file.\n' +
        'Run "npm run --silent report -- …" or add "--out <file>".\n',
    );
    return 2;
  }

  try {
    const config = loadConfig(env);
    const locale = args.locale ?? config.defaultLocale;
    const [policy, directory, inventory] = await Promise.all([
      loadPolicyFile(config.policyFile),
      loadDirectoryFile(config.directoryFile),
      loadInventoryFile(config.desksFile ?? 'samples/desks.yaml'),
    ]);
    const bookings = await readBookingsInRange(config, args.from, args.to);
    const rows = occupancyReport({
      inventory,
      bookings,
      from: args.from,
      to: args.to,
      staffCount: await directory.count(),
      state: policy.organisation.state,
    });
    const text =
      args.format === 'csv'
        ? toCsv(rows, locale)
        : toSvgChart(rows, { locale, title: `${TITLE[locale]}, ${displayDate(args.from, locale)} – ${displayDate(args.to, locale)}` });
    if (args.out !== undefined) await writeFile(args.out, text, 'utf8');
    else process.stdout.write(text);
    const days = new Set(rows.map((r) => r.date)).size;
    const floors = inventory.floors.length;
    const target = args.out !== undefined ? ` → ${args.out}` : '';
    process.stderr.write(
      locale === 'de'
        ? `${rows.length} Zeilen (${days} ${days === 1 ? 'Arbeitstag' : 'Arbeitstage'} × ${floors} ${floors === 1 ? 'Etage' : 'Etagen'})${target}\n`
        : `${rows.length} rows (${days} working ${days === 1 ? 'day' : 'days'} × ${floors} ${floors === 1 ? 'floor' : 'floors'})${target}\n`,
    );
    return 0;
  } catch (e) {
    if (isConfigError(e)) {
      process.stderr.write(`Konfigurationsfehler / Configuration error:\n${e.message}\n`);
      return 2;
    }
    if (isConfigFileError(e)) {
      process.stderr.write(`Fehler in Konfigurationsdatei / Configuration file error:\n${e.message}\n`);
      return 2;
    }
    if (e instanceof DataDirError) {
      process.stderr.write(`Datenverzeichnis / Data directory:\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`Bericht fehlgeschlagen / Report failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** Run by `npm run` without --silent, with stdout redirected: npm's banner is in the output. */
function npmBannerInOutput(env: NodeJS.ProcessEnv): boolean {
  return env['npm_lifecycle_event'] === 'report' && env['npm_config_loglevel'] !== 'silent' && !process.stdout.isTTY;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('report-cli.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
