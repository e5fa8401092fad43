/**
 * The `.env` file: read once at start, before the configuration is validated.
 *
 * - Which file: `ENV_FILE` when set (then it must exist), otherwise `.env` in the working
 *   directory when it exists (no file is fine: the environment alone is the configuration).
 * - The real environment wins: a variable set in the environment (even empty) is never replaced by
 *   the file's value. The file's values are copied into the environment object so that every part
 *   of the process sees the same configuration.
 * - Parsed with Node's own `util.parseEnv` (the dotenv format: `NAME=value`, `# comments`,
 *   quotes, `export NAME=value`).
 * - What may be logged is `EnvFileResult`: the file and variable NAMES, never a value.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error.js';

/** Meta variable (not in `.env.example`'s list, since a file cannot name itself): another file than `./.env`. */
export const ENV_FILE_VARIABLE = 'ENV_FILE';
export const DEFAULT_ENV_FILE = '.env';

export interface EnvFileResult {
  /** Absolute path of the file read; undefined when none was read. */
  file?: string;
  /** Names of variables taken from the file. */
  fromFile: string[];
  /** Names in the file that the real environment already set (the environment won). */
  environmentWins: string[];
}

/**
 * Reads the env file into `env` (mutating it; only names not yet set). Throws `ConfigError`
 * naming `ENV_FILE` (or the file) when a named file is missing or the file cannot be read.
 */
export function applyEnvFile(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): EnvFileResult {
  const named = env[ENV_FILE_VARIABLE];
  const explicit = named !== undefined && named !== '';
  const file = path.resolve(cwd, explicit ? named : DEFAULT_ENV_FILE);
  const label = explicit ? ENV_FILE_VARIABLE : DEFAULT_ENV_FILE;

  let text: string;
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    if (info === undefined) {
      if (explicit) throw problem(label, `file not found: ${file}`);
      return { fromFile: [], environmentWins: [] };
    }
    if (!info.isFile() && !info.isCharacterDevice()) throw problem(label, `is not a file: ${file}`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as { code?: unknown }).code;
    throw problem(label, `cannot be read: ${file} (${typeof code === 'string' ? code : 'error'})`);
  }

  const values = parseEnv(text);
  const fromFile: string[] = [];
  const environmentWins: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (name === ENV_FILE_VARIABLE) continue;
    if (env[name] !== undefined) {
      environmentWins.push(name);
      continue;
    }
    env[name] = value;
    fromFile.push(name);
  }
  return { file, fromFile, environmentWins };
}

function problem(name: string, reason: string): ConfigError {
  return new ConfigError([{ name, reason }]);
}

/**
 * For the command-line tools (`npm run report`, `npm run outbox`): reads the env file as the bot
 * does, so that they see the same configuration. A problem is written to stderr (German and
 * English, no stack) and returned as exit code 2; undefined when all is well.
 */
export function applyEnvFileForCli(env: NodeJS.ProcessEnv = process.env): number | undefined {
  try {
    applyEnvFile(env);
    return undefined;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`Konfigurationsfehler / Configuration error:\n${e.message}\n`);
    return 2;
  }
}
