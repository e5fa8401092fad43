/**
 * The service agreement from the command line, without starting the bot:
 *
 *   npm run policy -- check policies/entwurf.yaml [--agreements samples/agreements.yaml]
 *   npm run --silent policy -- explain [--locale de|en] [--policy <file>] > dienstvereinbarung.txt
 *   npm run --silent policy -- simulate --draft policies/entwurf.yaml --from 2026-07-01 --to 2026-09-30 > simulation.csv
 *   npm run policy -- simulate --draft policies/entwurf.yaml --from 2026-07-01 --to 2026-09-30 --format svg --out simulation.svg
 *
 * `check` validates a policy file (and an agreements file against it) and the org units it names
 * against DIRECTORY_FILE; `explain` prints the agreement in plain German or English, generated from
 * the parsed policy (POLICY_FILE or --policy); `simulate` replays the stored requests of a period
 * against POLICY_FILE (with AGREEMENTS_FILE) and the draft (with --draft-agreements, default the
 * same agreements), and prints per org unit and ISO week what would have been allowed, needed
 * approval or been refused (see policy-simulation.ts): CSV (default) or an SVG chart. No person
 * appears, and no group of fewer than 5 people. The store is only read, never written.
 *
 * The configuration comes from the environment as for the bot (STORE, DATA_DIR / DATABASE_URL,
 * POLICY_FILE, AGREEMENTS_FILE, DIRECTORY_FILE, DEFAULT_LOCALE, FIXED_NOW).
 *
 * Exit codes: 0 done (check: the file is valid); 2 wrong arguments, configuration or an invalid
 * file (the problems on stderr, German and English, no stack); 1 anything else.
 */
import { writeFile } from 'node:fs/promises';
import { clockFor } from '../app/clock.js';
import { localDate } from '../domain/local-time.js';
import { readConfigText } from '../config/config-file.js';
import { ConfigFileError, isConfigFileError } from '../config/config-file-error.js';
import { isConfigError, loadConfig } from '../config/config.js';
import { loadDirectoryFile, orgUnitChain } from '../directory/file-directory.js';
import { daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import type { Locale, Person, Policy } from '../domain/model.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { capsOf } from '../domain/cap-check.js';
import { DataDirError } from '../reports/read-bookings.js';
import { checkPolicyAgainstDirectory } from './check-policy-against-directory.js';
import { loadPolicyFile, parsePolicy, withAgreements } from './load-policy.js';
import { explainPolicy } from './policy-explain.js';
import { replayStart, simulate, simulationCsv, simulationSvg } from './policy-simulation.js';
import { readRequestsOfPeople } from './read-requests.js';

const USAGE = [
  'usage: npm run policy -- check <file> [--agreements <file>]',
  '       npm run --silent policy -- explain [--locale de|en] [--policy <file>] [--out <file>]',
  '       npm run --silent policy -- simulate --draft <file> --from YYYY-MM-DD --to YYYY-MM-DD [--draft-agreements <file>] [--format csv|svg] [--out <file>] [--locale de|en]',
].join('\n');

export const MAX_DAYS = 366;

export class UsageError extends Error {
  constructor(
    readonly de: string,
    readonly en: string,
  ) {
    super(`${de}\n${en}`);
    this.name = 'UsageError';
  }
}

export type PolicyArgs =
  | { command: 'check'; file: string; agreements?: string }
  | { command: 'explain'; locale?: Locale; policy?: string; out?: string }
  | { command: 'simulate'; draft: string; draftAgreements?: string; from: IsoDate; to: IsoDate; format: 'csv' | 'svg'; out?: string; locale?: Locale };

function parseDate(text: string): IsoDate | undefined {
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  const iso = de ? `${de[3]}-${de[2]!.padStart(2, '0')}-${de[1]!.padStart(2, '0')}` : text;
  return isIsoDate(iso) ? iso : undefined;
}

export function parseArgs(argv: readonly string[]): PolicyArgs | 'help' {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return 'help';
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} braucht einen Wert`, `${a} needs a value`);
      if (options.has(a)) throw new UsageError(`${a} ist doppelt angegeben`, `${a} is given twice`);
      options.set(a, value);
      i++;
    } else positional.push(a);
  }
  const allow = (names: string[]) => {
    for (const k of options.keys()) if (!names.includes(k)) throw new UsageError(`unbekannte Option ${k} für ${command}`, `unknown option ${k} for ${command}`);
  };
  const locale = (): Locale | undefined => {
    const l = options.get('--locale');
    if (l === undefined) return undefined;
    if (l !== 'de' && l !== 'en') throw new UsageError(`--locale muss de oder en sein (war ${JSON.stringify(l)})`, `--locale must be de or en (got ${JSON.stringify(l)})`);
    return l;
  };
  const opt = (k: string) => options.get(k);
  switch (command) {
    case 'check': {
      allow(['--agreements']);
      if (positional.length !== 1) throw new UsageError('check braucht genau eine Datei', 'check needs exactly one file');
      return { command, file: positional[0]!, ...(opt('--agreements') ? { agreements: opt('--agreements')! } : {}) };
    }
    case 'explain': {
      allow(['--locale', '--policy', '--out']);
      if (positional.length > 0) throw new UsageError(`unerwartetes Argument ${positional[0]}`, `unexpected argument ${positional[0]}`);
      const l = locale();
      return { command, ...(l ? { locale: l } : {}), ...(opt('--policy') ? { policy: opt('--policy')! } : {}), ...(opt('--out') ? { out: opt('--out')! } : {}) };
    }
    case 'simulate': {
      allow(['--draft', '--draft-agreements', '--from', '--to', '--format', '--out', '--locale']);
      if (positional.length > 0) throw new UsageError(`unerwartetes Argument ${positional[0]}`, `unexpected argument ${positional[0]}`);
      const draft = opt('--draft');
      if (!draft) throw new UsageError('simulate braucht --draft <Datei>', 'simulate needs --draft <file>');
      const fromText = opt('--from');
      const toText = opt('--to');
      if (!fromText || !toText) throw new UsageError('simulate braucht --from und --to', 'simulate needs --from and --to');
      const from = parseDate(fromText);
      const to = parseDate(toText);
      if (!from) throw new UsageError(`--from ist kein Datum: ${fromText}`, `--from is no date: ${fromText}`);
      if (!to) throw new UsageError(`--to ist kein Datum: ${toText}`, `--to is no date: ${toText}`);
      if (to < from) throw new UsageError('--to liegt vor --from', '--to is before --from');
      if (daysBetween(from, to) + 1 > MAX_DAYS) throw new UsageError(`höchstens ${MAX_DAYS} Tage`, `at most ${MAX_DAYS} days`);
      const format = opt('--format') ?? 'csv';
      if (format !== 'csv' && format !== 'svg') throw new UsageError(`--format muss csv oder svg sein (war ${JSON.stringify(format)})`, `--format must be csv or svg (got ${JSON.stringify(format)})`);
      const l = locale();
      return {
        command,
        draft,
        from,
        to,
        format,
        ...(opt('--draft-agreements') ? { draftAgreements: opt('--draft-agreements')! } : {}),
        ...(opt('--out') ? { out: opt('--out')! } : {}),
        ...(l ? { locale: l } : {}),
      };
    }
    default:
      throw new UsageError(`unbekannter Befehl ${JSON.stringify(command)}`, `unknown command ${JSON.stringify(command)}`);
  }
}

async function readPolicyWithAgreements(file: string, agreements: string | undefined): Promise<Policy> {
  const policy = parsePolicy(await readConfigText(file), file);
  return agreements ? withAgreements(policy, await readConfigText(agreements), agreements) : policy;
}

async function check(args: Extract<PolicyArgs, { command: 'check' }>, env: NodeJS.ProcessEnv): Promise<string> {
  const policy = await readPolicyWithAgreements(args.file, args.agreements);
  const config = loadConfig(env);
  const directory = await loadDirectoryFile(config.directoryFile);
  const problems = checkPolicyAgainstDirectory(policy, directory.allOrgUnits().map((u) => u.id));
  if (problems.length > 0) throw new ConfigFileError(args.file, problems);
  const caps = new Set(policy.versions.flatMap((v) => capsOf(v.rules).map((c) => c.id)));
  const people = Object.keys(policy.agreements ?? {}).length;
  return (
    `OK: ${args.file}: ${policy.versions.length} ${policy.versions.length === 1 ? 'Fassung/version' : 'Fassungen/versions'}, ` +
    `${caps.size} ${caps.size === 1 ? 'Grenze/cap' : 'Grenzen/caps'}` +
    (args.agreements ? `; ${args.agreements}: ${people} ${people === 1 ? 'Person/person' : 'Personen/people'}` : '') +
    '\n'
  );
}

async function runSimulation(args: Extract<PolicyArgs, { command: 'simulate' }>, env: NodeJS.ProcessEnv): Promise<{ text: string; summary: string }> {
  const config = loadConfig(env);
  const locale = args.locale ?? config.defaultLocale;
  const current = await loadPolicyFile(config.policyFile, config.agreementsFile);
  const draft = await readPolicyWithAgreements(args.draft, args.draftAgreements ?? config.agreementsFile);
  const directory = await loadDirectoryFile(config.directoryFile);
  const people = new Map<string, Person>(directory.allPeople().map((p) => [p.id, p]));
  const chains = new Map<string, string[]>();
  const unitSizes = new Map<string, number>();
  for (const u of directory.allOrgUnits()) {
    chains.set(u.id, await orgUnitChain(directory, u.id));
    unitSizes.set(u.id, (await directory.listOrgUnitMembers(u.id)).length);
  }
  const timeZone = current.organisation.timeZone;
  const since = replayStart(current, draft, args.from);
  const requests = await readRequestsOfPeople(config, [...people.keys()], since, args.to, clockFor(config).now());
  const rows = simulate({ requests, people, chains, unitSizes, current, draft, from: args.from, to: args.to, localDate: (iso) => localDate(new Date(iso), timeZone) });
  const shown = rows.filter((r) => !r.suppressed).length;
  const title =
    locale === 'de'
      ? `Simulation ${args.from} bis ${args.to}: heute (${rulesInForce(current, [], args.to).version.name}) und Entwurf (${rulesInForce(draft, [], args.to).version.name})`
      : `Simulation ${args.from} to ${args.to}: current (${rulesInForce(current, [], args.to).version.name}) and draft (${rulesInForce(draft, [], args.to).version.name})`;
  const text = args.format === 'svg' ? simulationSvg(rows, locale, title) : simulationCsv(rows, locale);
  return { text, summary: `${rows.length} rows (${rows.length - shown} suppressed: fewer than 5 people), ${requests.length} requests replayed` };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args: PolicyArgs | 'help';
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
  try {
    if (args.command === 'check') {
      process.stdout.write(await check(args, env));
      return 0;
    }
    if (args.command === 'explain') {
      const config = loadConfig(env);
      const policy = args.policy ? await loadPolicyFile(args.policy) : await loadPolicyFile(config.policyFile);
      const text = explainPolicy(policy, args.locale ?? config.defaultLocale);
      if (args.out) await writeFile(args.out, text, 'utf8');
      else process.stdout.write(text);
      return 0;
    }
    const { text, summary } = await runSimulation(args, env);
    if (args.out) await writeFile(args.out, text, 'utf8');
    else process.stdout.write(text);
    process.stderr.write(`${summary}${args.out ? ` → ${args.out}` : ''}\n`);
    return 0;
  } catch (e) {
    if (isConfigError(e)) {
      process.stderr.write(`Konfigurationsfehler / Configuration error:\n${e.message}\n`);
      return 2;
    }
    if (isConfigFileError(e)) {
      process.stderr.write(`Fehler in Datei / File error:\n${e.message}\n`);
      return 2;
    }
    if (e instanceof DataDirError) {
      process.stderr.write(`Datenhaltung / Store:\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`Fehlgeschlagen / Failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('policy-cli.ts')) {
  process.exitCode = await main(process.argv.slice(2));
}
