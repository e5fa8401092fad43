/**
 * Reports for facility management and the Personalrat, from the command line:
 *
 *   npm run --silent report -- occupancy --from 2026-11-01 --to 2026-11-30 > belegung.csv
 *   npm run report -- occupancy --from 2026-11-01 --to 2026-11-30 --format svg --out belegung.svg
 *   npm run --silent report -- knowledge-base > wissensdatenbank.csv
 *   npm run --silent report -- vpn-tickets --from 2026-11-01 --to 2026-11-30 > vpn-tickets.csv
 *
 * Reports: `occupancy` (desks per working day and floor, `occupancy-report.ts`), `knowledge-base`
 * (per VPN knowledge-base entry shown / helped / escalated, all time, `knowledge-base-report.ts`),
 * `vpn-tickets` (VPN tickets and outages per ISO week × client × symptom, `vpn-ticket-report.ts`).
 *
 * Options: `--format csv|svg` (default csv; svg for occupancy only), `--out <file>` (default
 * stdout), `--locale de|en` (default DEFAULT_LOCALE); `--from`/`--to` for occupancy and
 * vpn-tickets (not knowledge-base: its counters have no dates). Dates as 2026-11-01 or
 * 01.11.2026; at most 366 days.
 *
 * The configuration comes from the environment exactly as for the bot (`loadConfig`): STORE,
 * DATA_DIR / DATABASE_URL, DESKS_FILE, DIRECTORY_FILE (number of staff for "staff per desk"),
 * POLICY_FILE (the Bundesland for public holidays, the time zone for the VPN tickets'
 * dates), VPN_KNOWLEDGE_BASE_FILE (entries and titles). The store is only read, never written,
 * and it is safe to run next to a running bot (see `read-bookings.ts` and `read-vpn.ts`).
 *
 * The output is aggregated: no person id or name, no per-person counts, no free text.
 * CSV: semicolons, UTF-8 with BOM, `de` with dates as 01.11.2026 and a decimal comma.
 *
 * Exit codes: 0 done; 2 wrong arguments or configuration (a short German and English message on
 * stderr, no stack); 1 anything else (the store cannot be read), its message on stderr.
 * Plain `npm run` (without --silent) prints its banner to stdout, which would break a redirected
 * file: the CLI notices that case and refuses with a hint (use --silent or --out).
 */
import { stat, writeFile } from 'node:fs/promises';
import { isConfigFileError } from '../config/config-file-error.js';
import { isConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { applyEnvFileForCli } from '../config/env-file.js';
import { loadInventoryFile } from '../desks/load-inventory.js';
import { loadDirectoryFile } from '../directory/file-directory.js';
import { addDays, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import type { Locale } from '../domain/model.js';
import { loadPolicyFile } from '../policy/load-policy.js';
import { loadKnowledgeBaseFile } from '../vpn/load-knowledge-base.js';
import { knowledgeBaseCsv, knowledgeBaseReport } from './knowledge-base-report.js';
import { occupancyReport, toCsv, toSvgChart } from './occupancy-report.js';
import { DataDirError, readBookingsInRange } from './read-bookings.js';
import { readVpnData } from './read-vpn.js';
import { vpnTicketCsv, vpnTicketReport, vpnTicketTotals } from './vpn-ticket-report.js';
import { OperatorError, openAuditLog, operatorOrOsUser, PostgresAuditLog } from '../privacy/audit-log.js';
import { holidayCalendarOf } from '../domain/holiday-calendar.js';

export const MAX_DAYS = 366;
const REPORTS = ['occupancy', 'knowledge-base', 'vpn-tickets'] as const;
type ReportName = (typeof REPORTS)[number];
type Format = 'csv' | 'svg';

const USAGE = [
  'usage: npm run --silent report -- occupancy --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|svg] [--out <file>] [--locale de|en]',
  '       npm run --silent report -- knowledge-base [--format csv] [--out <file>] [--locale de|en]',
  '       npm run --silent report -- vpn-tickets --from YYYY-MM-DD --to YYYY-MM-DD [--format csv] [--out <file>] [--locale de|en]',
].join('\n');

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

interface CommonArgs {
  format: Format;
  out?: string;
  locale?: Locale;
  /** Who runs the report, for the audit trail (default: the OS user). */
  operator?: string;
}

export type ReportArgs =
  | (CommonArgs & { report: 'occupancy' | 'vpn-tickets'; from: IsoDate; to: IsoDate })
  | (CommonArgs & { report: 'knowledge-base' });

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
    if (!['from', 'to', 'format', 'out', 'locale', 'operator'].includes(name)) {
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
  if (report === undefined) {
    throw new UsageError(`Welcher Bericht? Verfügbar: ${REPORTS.join(', ')}.`, `Which report? Available: ${REPORTS.join(', ')}.`);
  }
  if (!isReportName(report)) {
    throw new UsageError(
      `Unbekannter Bericht ${JSON.stringify(report)}. Verfügbar: ${REPORTS.join(', ')}.`,
      `Unknown report ${JSON.stringify(report)}. Available: ${REPORTS.join(', ')}.`,
    );
  }
  if (positional.length > 1) {
    throw new UsageError(`Unerwartetes Argument ${JSON.stringify(positional[1])}.`, `Unexpected argument ${JSON.stringify(positional[1])}.`);
  }

  const formatText = options.get('format') ?? 'csv';
  const formats: readonly string[] = report === 'occupancy' ? ['csv', 'svg'] : ['csv'];
  if (!formats.includes(formatText)) {
    throw report === 'occupancy'
      ? new UsageError(`--format muss csv oder svg sein (nicht ${JSON.stringify(formatText)}).`, `--format must be csv or svg (not ${JSON.stringify(formatText)}).`)
      : new UsageError(
          `--format muss für ${report} csv sein (nicht ${JSON.stringify(formatText)}).`,
          `--format must be csv for ${report} (not ${JSON.stringify(formatText)}).`,
        );
  }
  const format = formatText as Format;
  const locale = options.get('locale');
  if (locale !== undefined && locale !== 'de' && locale !== 'en') {
    throw new UsageError(`--locale muss de oder en sein (nicht ${JSON.stringify(locale)}).`, `--locale must be de or en (not ${JSON.stringify(locale)}).`);
  }
  const out = options.get('out');
  const operator = options.get('operator');
  const common: CommonArgs = {
    format,
    ...(out !== undefined ? { out } : {}),
    ...(locale !== undefined ? { locale } : {}),
    ...(operator !== undefined ? { operator } : {}),
  };

  if (report === 'knowledge-base') {
    const dated = ['from', 'to'].find((name) => options.has(name));
    if (dated !== undefined) {
      throw new UsageError(
        `knowledge-base kennt kein --${dated}: die Zähler gelten seit Beginn der Zählung, ohne Datum.`,
        `knowledge-base takes no --${dated}: the counters are totals since counting began, without dates.`,
      );
    }
    return { report, ...common };
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

  return { report, from, to, ...common };
}

function isReportName(name: string): name is ReportName {
  return (REPORTS as readonly string[]).includes(name);
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

  let storeKind: AppConfig['store'] | undefined;
  try {
    const config = loadConfig(env);
    storeKind = config.store;
    const locale = args.locale ?? config.defaultLocale;
    // Audit trail: recorded before anything is read; a report whose access cannot be recorded does not run.
    await recordReportAccess(config, args);
    const { text, summary } =
      args.report === 'knowledge-base'
        ? await knowledgeBase(config, locale)
        : args.report === 'vpn-tickets'
          ? await vpnTickets(config, args, locale)
          : await occupancy(config, args, locale);
    if (args.out !== undefined) await writeFile(args.out, text, 'utf8');
    else process.stdout.write(text);
    process.stderr.write(`${summary}${args.out !== undefined ? ` → ${args.out}` : ''}\n`);
    return 0;
  } catch (e) {
    if (isConfigError(e)) {
      process.stderr.write(`Konfigurationsfehler / Configuration error:\n${e.message}\n`);
      return 2;
    }
    if (e instanceof OperatorError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (isConfigFileError(e)) {
      process.stderr.write(`Fehler in Konfigurationsdatei / Configuration file error:\n${e.message}\n`);
      return 2;
    }
    if (e instanceof DataDirError) {
      process.stderr.write(`${storeKind === 'postgres' ? 'Datenbank / Database' : 'Datenverzeichnis / Data directory'}:\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`Bericht fehlgeschlagen / Report failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

interface Output {
  text: string;
  /** One line for stderr (counts only). */
  summary: string;
}

type DatedArgs = Extract<ReportArgs, { from: IsoDate }>;

async function occupancy(config: AppConfig, args: DatedArgs, locale: Locale): Promise<Output> {
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
    holidays: holidayCalendarOf(policy),
  });
  const text =
    args.format === 'csv'
      ? toCsv(rows, locale)
      : toSvgChart(rows, { locale, title: `${TITLE[locale]}, ${displayDate(args.from, locale)} – ${displayDate(args.to, locale)}` });
  const days = new Set(rows.map((r) => r.date)).size;
  const floors = inventory.floors.length;
  return {
    text,
    summary:
      locale === 'de'
        ? `${rows.length} Zeilen (${days} ${days === 1 ? 'Arbeitstag' : 'Arbeitstage'} × ${floors} ${floors === 1 ? 'Etage' : 'Etagen'})`
        : `${rows.length} rows (${days} working ${days === 1 ? 'day' : 'days'} × ${floors} ${floors === 1 ? 'floor' : 'floors'})`,
  };
}

async function knowledgeBase(config: AppConfig, locale: Locale): Promise<Output> {
  const kb = await loadKnowledgeBaseFile(config.vpnKnowledgeBaseFile);
  const { helpfulness } = await readVpnData(config);
  const rows = knowledgeBaseReport(kb, helpfulness, locale);
  const removed = rows.filter((r) => !r.inFile).length;
  return {
    text: knowledgeBaseCsv(rows, locale),
    summary:
      locale === 'de'
        ? `${rows.length} ${rows.length === 1 ? 'Eintrag' : 'Einträge'}${removed > 0 ? ` (davon ${removed} nicht mehr in der Wissensdatenbank)` : ''}`
        : `${rows.length} ${rows.length === 1 ? 'entry' : 'entries'}${removed > 0 ? ` (${removed} no longer in the knowledge base)` : ''}`,
  };
}

async function vpnTickets(config: AppConfig, args: DatedArgs, locale: Locale): Promise<Output> {
  const policy = await loadPolicyFile(config.policyFile);
  // Local dates of any time zone lie within a day of UTC: read a day more on each side, then
  // `vpnTicketReport` keeps exactly the local dates from…to.
  const window = { from: `${addDays(args.from, -1)}T00:00:00.000Z`, to: `${addDays(args.to, 2)}T00:00:00.000Z` };
  const { tickets, incidents } = await readVpnData(config, window);
  const rows = vpnTicketReport({ tickets, incidents, from: args.from, to: args.to, timeZone: policy.organisation.timeZone });
  const totals = vpnTicketTotals(rows);
  return {
    text: vpnTicketCsv(rows, locale),
    summary:
      locale === 'de'
        ? `${rows.length} Zeilen (${totals.tickets ?? 'x'} ${totals.tickets === 1 ? 'Ticket' : 'Tickets'}, ${totals.outages} ${totals.outages === 1 ? 'Störung' : 'Störungen'})`
        : `${rows.length} rows (${totals.tickets ?? 'x'} ${totals.tickets === 1 ? 'ticket' : 'tickets'}, ${totals.outages} ${totals.outages === 1 ? 'outage' : 'outages'})`,
  };
}

async function recordReportAccess(config: AppConfig, args: ReportArgs): Promise<void> {
  // Nothing to record where there is no store to read: the report stops with its own message next.
  if (config.store === 'lowdb' && !(await stat(config.dataDir).catch(() => undefined))?.isDirectory()) return;
  if (config.store === 'postgres' && (!config.databaseUrl || !(await PostgresAuditLog.storeExists(config.databaseUrl)))) return;
  const audit = openAuditLog(config);
  try {
    const params: Record<string, string> = { format: args.format };
    if ('from' in args) {
      params['from'] = args.from;
      params['to'] = args.to;
    }
    if (args.locale) params['locale'] = args.locale;
    if (args.out) params['out'] = args.out;
    await audit.append({ at: new Date().toISOString(), actor: operatorOrOsUser(args.operator), action: `report.${args.report}`, params });
  } finally {
    await audit.close();
  }
}

/** Run by `npm run` without --silent, with stdout redirected: npm's banner is in the output. */
function npmBannerInOutput(env: NodeJS.ProcessEnv): boolean {
  return env['npm_lifecycle_event'] === 'report' && env['npm_config_loglevel'] !== 'silent' && !process.stdout.isTTY;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('report-cli.ts')) {
  process.exitCode = applyEnvFileForCli() ?? (await main(process.argv.slice(2)));
}
