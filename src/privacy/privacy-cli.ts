/**
 * Data protection from the command line (Datenschutz-Werkzeug):
 *
 *   npm run privacy -- export <personId> [--out <dir>]   Auskunft (Art. 15): JSON + German summary
 *   npm run privacy -- erase <personId>                   what erasure (Art. 17) would do (dry run)
 *   npm run privacy -- erase <personId> --yes             do it; says what was kept and why
 *   npm run privacy -- retention                           run the retention job now
 *   npm run privacy -- check                               show that nothing is older than its period
 *   npm run privacy -- audit [--from D] [--to D] [--action A]   the audit trail of administrative access
 *   npm run privacy -- fields                              rewrite the field tables of docs/datenschutz/felder.md
 *
 * Every command needs a person who is accountable: the OS user, or `--operator "<name>"` (required
 * when running as a shared account such as root). Every command is recorded in the audit trail
 * BEFORE it reads or writes anything (who, when, what, parameters; never the data); a command
 * whose access cannot be recorded does not run.
 *
 * Configuration from the environment as for the bot (STORE, DATA_DIR / DATABASE_URL,
 * POLICY_FILE for the periods and the time zone). lowdb: `export`, `check` and `audit` only read
 * the files and are safe next to a running bot; `erase` and `retention` write through the store:
 * STOP THE BOT FIRST (one process owns a lowdb data directory). PostgreSQL: all commands are safe
 * next to running bots (the store's transaction lock serialises them).
 *
 * Exit codes: 0 done (check: nothing past its period); 3 check found records past their period;
 * 2 wrong arguments, configuration or operator; 1 anything else.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { localDate } from '../domain/local-time.js';
import { isConfigFileError } from '../config/config-file-error.js';
import { isConfigError, loadConfig, type AppConfig } from '../config/config.js';
import { isIsoDate } from '../domain/dates.js';
import { KIND_NAMES_DE, retentionOf, type RetentionKind } from '../domain/retention-periods.js';
import { loadPolicyFile } from '../policy/load-policy.js';
import { readLowdbState } from '../reports/read-bookings.js';
import { RECORD_TABLES, recordSetOf } from '../store/memory-state.js';
import { openLowdbStore } from '../store/lowdb-store.js';
import { openPostgresStore } from '../store/postgres-store.js';
import type { MaintainableStore, RecordSet } from '../store/store.js';
import { openAuditLog, OperatorError, resolveOperator, type AuditLog, type AuditValue } from './audit-log.js';
import { erasePerson } from './erase-person.js';
import { fieldTablesMarkdown } from './field-catalogue.js';
import { buildPersonExport, personSummaryDe } from './person-export.js';
import type { RecordKind, RewriteCounts } from './record-rules.js';
import { checkRetention, flatCounts, runRetention } from './retention.js';

export const USAGE = [
  'usage: npm run privacy -- export <personId> [--out <dir>] [--operator <name>]',
  '       npm run privacy -- erase <personId> [--yes] [--operator <name>]',
  '       npm run privacy -- retention [--operator <name>]',
  '       npm run privacy -- check [--operator <name>]',
  '       npm run privacy -- audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action <action>] [--operator <name>]',
].join('\n');

export class PrivacyUsageError extends Error {
  override readonly name = 'PrivacyUsageError';
}

export type PrivacyCommand =
  | { verb: 'export'; personId: string; out: string; operator?: string }
  | { verb: 'erase'; personId: string; yes: boolean; operator?: string }
  | { verb: 'retention' | 'check'; operator?: string }
  | { verb: 'audit'; from?: string; to?: string; action?: string; operator?: string };

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{2,99}$/;

export function parsePrivacyArgs(argv: readonly string[]): PrivacyCommand {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--yes') flags.add('yes');
    else if (['--out', '--operator', '--from', '--to', '--action'].includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new PrivacyUsageError(`${arg} braucht einen Wert. / ${arg} needs a value.\n${USAGE}`);
      options.set(arg.slice(2), value);
    } else if (arg.startsWith('--')) throw new PrivacyUsageError(`Unbekannte Option ${JSON.stringify(arg)}. / Unknown option.\n${USAGE}`);
    else positional.push(arg);
  }
  const [verb, subject, extra] = positional;
  const operator = options.get('operator');
  const op = operator !== undefined ? { operator } : {};
  const allow = (names: string[]): void => {
    for (const k of [...options.keys(), ...flags]) {
      if (k !== 'operator' && !names.includes(k)) throw new PrivacyUsageError(`--${k} passt nicht zu ${verb}. / --${k} does not apply to ${verb}.\n${USAGE}`);
    }
  };
  if (extra !== undefined) throw new PrivacyUsageError(`Unerwartetes Argument ${JSON.stringify(extra)}. / Unexpected argument.\n${USAGE}`);
  if (verb === 'export' || verb === 'erase') {
    if (subject === undefined || !PERSON_ID.test(subject)) {
      throw new PrivacyUsageError(
        `${verb} braucht die Entra-Objekt-ID der Person (z. B. 0b2e0000-0000-4000-8000-0000000000b2). / ${verb} needs the person's Entra object id.\n${USAGE}`,
      );
    }
    if (verb === 'export') {
      allow(['out']);
      return { verb, personId: subject, out: options.get('out') ?? '.', ...op };
    }
    allow(['yes']);
    return { verb, personId: subject, yes: flags.has('yes'), ...op };
  }
  if (subject !== undefined) throw new PrivacyUsageError(`Unerwartetes Argument ${JSON.stringify(subject)}. / Unexpected argument.\n${USAGE}`);
  if (verb === 'retention' || verb === 'check') {
    allow([]);
    return { verb, ...op };
  }
  if (verb === 'audit') {
    allow(['from', 'to', 'action']);
    for (const k of ['from', 'to'] as const) {
      const v = options.get(k);
      if (v !== undefined && !isIsoDate(v)) throw new PrivacyUsageError(`--${k} ${JSON.stringify(v)} ist kein Datum (YYYY-MM-DD). / not a date.\n${USAGE}`);
    }
    const from = options.get('from');
    const to = options.get('to');
    const action = options.get('action');
    return { verb, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(action ? { action } : {}), ...op };
  }
  throw new PrivacyUsageError(USAGE);
}

export interface PrivacyDeps {
  config: AppConfig;
  now: () => Date;
  out: (line: string) => void;
  osUser?: () => string;
  /** Postgres schema (tests); default the store's. */
  schema?: string;
}

async function openWriter(config: AppConfig, now: () => Date, schema?: string): Promise<MaintainableStore> {
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new PrivacyUsageError('DATABASE_URL is required for STORE=postgres');
    return openPostgresStore({ connectionString: config.databaseUrl, now, ...(schema ? { schema } : {}) });
  }
  return openLowdbStore({ dataDir: config.dataDir, now });
}

/** Reads one person's records without writing (lowdb: the files; PostgreSQL: one read-only transaction). */
async function findPersonRecords(config: AppConfig, personId: string, now: () => Date, schema?: string): Promise<RecordSet> {
  if (config.store === 'lowdb') {
    const state = await readLowdbState(config.dataDir);
    return structuredClone(recordSetOf(state, RECORD_TABLES, (r) => JSON.stringify(r).includes(personId)));
  }
  const store = await openWriter(config, now, schema);
  try {
    return await store.findRecords(personId);
  } finally {
    await store.close();
  }
}

function describeCounts(counts: RewriteCounts, out: (line: string) => void): void {
  const kinds = Object.keys(counts) as RecordKind[];
  if (kinds.length === 0) out('  (nichts)');
  for (const kind of kinds) {
    const c = counts[kind]!;
    const name = kind === 'settings' ? 'Persönliche Einstellungen' : KIND_NAMES_DE[kind as RetentionKind];
    out(`  ${name}: gelöscht ${c.deleted}, anonymisiert ${c.anonymised}${c.kept ? `, behalten ${c.kept}` : ''}`);
    for (const [reason, n] of Object.entries(c.reasons ?? {})) out(`    behalten ${n}× – ${reason}`);
  }
}

export async function runPrivacyCommand(cmd: PrivacyCommand, deps: PrivacyDeps, audit: AuditLog): Promise<number> {
  const { config, now, out } = deps;
  const actor = resolveOperator(cmd.operator, deps.osUser);
  const policy = await loadPolicyFile(config.policyFile);
  const retention = retentionOf(policy);
  const today = localDate(now(), policy.organisation.timeZone);
  const record = (action: string, params: Record<string, AuditValue>, result?: Record<string, AuditValue>) =>
    audit.append({ at: now().toISOString(), actor, action, params, ...(result ? { result } : {}) });

  switch (cmd.verb) {
    case 'export': {
      await record('privacy.export', { person: cmd.personId, out: cmd.out });
      const records = await findPersonRecords(config, cmd.personId, now, deps.schema);
      const doc = buildPersonExport(cmd.personId, records, await audit.list(), retention, now());
      await mkdir(cmd.out, { recursive: true });
      const base = path.join(cmd.out, `auskunft-${cmd.personId}-${today}`);
      await writeFile(`${base}.json`, `${JSON.stringify(doc, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
      await writeFile(`${base}.md`, personSummaryDe(doc), { encoding: 'utf8', mode: 0o600 });
      const own = Object.values(doc.own).reduce((n, list) => n + list.length, 0);
      const roles = Object.values(doc.roles).reduce((n, list) => n + list.length, 0);
      out(`Auskunft geschrieben: ${base}.json und ${base}.md (${own} eigene Datensätze, ${roles} mit Nennung in einer Rolle)`);
      return 0;
    }
    case 'erase': {
      await record('privacy.erase', { person: cmd.personId, execute: cmd.yes });
      const store = await openWriter(config, now, deps.schema);
      try {
        const counts = await erasePerson(store, cmd.personId, today, { dryRun: !cmd.yes });
        out(cmd.yes ? `Gelöscht/anonymisiert für ${cmd.personId}:` : `Probelauf (nichts geändert; mit --yes ausführen) für ${cmd.personId}:`);
        describeCounts(counts, out);
        if (cmd.yes) await record('privacy.erase.done', { person: cmd.personId }, flatCounts(counts));
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'retention': {
      const store = await openWriter(config, now, deps.schema);
      try {
        const run = await runRetention(store, audit, retention, today, { actor, now });
        out(`Löschlauf ${today}:`);
        describeCounts(run.counts, out);
        if (run.auditPruned) out(`  Audit-Einträge gelöscht: ${run.auditPruned}`);
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'check': {
      await record('privacy.check', { today });
      let check;
      if (config.store === 'lowdb') check = await checkRetention({ kind: 'lowdb', dataDir: config.dataDir }, retention, today);
      else {
        const store = await openWriter(config, now, deps.schema);
        try {
          check = await checkRetention({ kind: 'postgres', store }, retention, today);
        } finally {
          await store.close();
        }
      }
      out(`Prüfung ${today} (${check.sources.join(', ')}):`);
      for (const kind of Object.keys(check.cutoffs) as RetentionKind[]) {
        const c = check.due[kind];
        const due = (c?.deleted ?? 0) + (c?.anonymised ?? 0);
        const note = kind === 'logs' ? ' (nicht im Speicher: Frist in der Protokollablage einstellen)' : '';
        out(`  ${due === 0 ? 'OK    ' : 'FÄLLIG'} ${kind.padEnd(15)} vor ${check.cutoffs[kind]}: ${due}${note}`);
      }
      const total = Object.values(check.due).reduce((n, c) => n + c.deleted + c.anonymised, 0);
      out(total === 0 ? 'Nichts ist älter als seine Frist.' : `${total} Datensätze sind älter als ihre Frist: npm run privacy -- retention`);
      return total === 0 ? 0 : 3;
    }
    case 'audit': {
      const filter = { ...(cmd.from ? { from: cmd.from } : {}), ...(cmd.to ? { to: cmd.to } : {}), ...(cmd.action ? { action: cmd.action } : {}) };
      await record('privacy.audit', filter);
      const entries = await audit.list(filter);
      for (const e of entries) {
        const params = Object.entries(e.params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
        const result = e.result ? `  → ${Object.entries(e.result).map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : '';
        out(`${e.at}  ${e.actor.padEnd(16)}  ${e.action.padEnd(22)}  ${params}${result}`);
      }
      out(`${entries.length} Einträge`);
      return 0;
    }
  }
}

/** The generated field tables of docs/datenschutz/felder.md (between the markers). */
export const FIELDS_FILE = 'docs/datenschutz/felder.md';
const START = '<!-- felder:start (geschrieben von npm run privacy -- fields) -->';
const END = '<!-- felder:end -->';

export function withFieldTables(doc: string): string {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a === -1 || b < a) throw new Error(`${FIELDS_FILE} has no ${START} … ${END} block`);
  return `${doc.slice(0, a + START.length)}\n\n${fieldTablesMarkdown()}\n${doc.slice(b)}`;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let audit: AuditLog | undefined;
  if (argv[0] === 'fields' && argv.length === 1) {
    await writeFile(FIELDS_FILE, withFieldTables(await readFile(FIELDS_FILE, 'utf8')), 'utf8');
    process.stdout.write(`${FIELDS_FILE} neu geschrieben\n`);
    return 0;
  }
  try {
    const cmd = parsePrivacyArgs(argv);
    const config = loadConfig(env);
    audit = openAuditLog(config);
    return await runPrivacyCommand(cmd, { config, now: () => new Date(), out: (line) => process.stdout.write(`${line}\n`) }, audit);
  } catch (e) {
    if (e instanceof PrivacyUsageError || e instanceof OperatorError || isConfigError(e) || isConfigFileError(e)) {
      process.stderr.write(`Aufruf oder Konfiguration fehlerhaft / wrong call or configuration:\n${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    process.stderr.write(`Fehlgeschlagen / failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await audit?.close().catch(() => undefined);
  }
}

if (process.argv[1]?.endsWith('privacy-cli.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
