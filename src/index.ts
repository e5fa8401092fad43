/**
 * Process entry point: read the configuration once, wire the app, start it, and stop it
 * gracefully on SIGTERM/SIGINT. Nothing else happens here.
 *
 * Exit codes and what goes where:
 * - 0: stopped on SIGTERM/SIGINT after the graceful stop (in-flight requests finished).
 * - 2: the configuration is wrong (environment variables, the `.env` file, the policy / directory /
 *   desks file, a `DATA_DIR` that cannot hold data, a `PORT` already in use or not allowed).
 *   stderr gets a short human message naming every wrong variable, or the file, the path inside
 *   it and the problem. No stack trace: these are the operator's input errors, not bugs.
 * - 1: anything unexpected — a failed start (store unreadable), an
 *   `uncaughtException` or `unhandledRejection`, or a failed graceful stop. stdout gets one JSON
 *   log line (`start_failed` / `fatal` / `shutdown_failed`) with error name, code and message and
 *   NO stack, like every other log line (log collectors read stdout). stderr gets the stack, for the
 *   operator, because an unexpected error is a bug someone has to find. A fatal error after the
 *   start still stops gracefully (no new requests, in-flight ones finish, the store is flushed).
 * If a graceful stop hangs, the process is ended anyway after the grace time plus a margin.
 */
import { isConfigFileError } from './config/config-file-error.js';
import { ConfigError, DEFAULTS, loadConfig, type AppConfig } from './config/config.js';
import { checkDataDir } from './config/data-dir-check.js';
import { applyEnvFile, type EnvFileResult } from './config/env-file.js';
import { listenProblem } from './config/listen-problem.js';
import { startApp, type RunningApp } from './composition.js';
import { routeLibraryConsole } from './observability/library-console.js';
import { createLogger, errorFields, type Logger } from './observability/logger.js';
import { DataDirLockedError } from './store/data-dir-lock.js';

/** Beyond the HTTP grace time: worker stop and store flush. */
const FORCED_EXIT_MARGIN_MS = 5000;

const EXIT_CONFIG = 2;
const EXIT_FAILURE = 1;

// Until the configuration is read, log at 'info' (a fatal error still needs a line).
let logger: Logger = createLogger('info');
let app: RunningApp | undefined;
let graceMs: number = DEFAULTS.SHUTDOWN_GRACE_MS;
let exitCode = 0;
let stopping = false;
let starting = true;

function writeStack(err: unknown): void {
  if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

/** Graceful stop with the worst exit code asked for; a later, worse reason raises the code. */
function stop(code: number): void {
  exitCode = Math.max(exitCode, code);
  if (stopping) return;
  stopping = true;
  setTimeout(() => {
    logger.error('forced_exit', { afterMs: graceMs + FORCED_EXIT_MARGIN_MS });
    process.exit(Math.max(exitCode, EXIT_FAILURE));
  }, graceMs + FORCED_EXIT_MARGIN_MS).unref();
  if (starting) return; // main() stops the app (or exits) once startApp settles
  finish();
}

function finish(): void {
  if (!app) {
    process.exit(exitCode);
    return;
  }
  app.stop().then(
    () => process.exit(exitCode),
    (err: unknown) => {
      logger.error('shutdown_failed', errorFields(err));
      writeStack(err);
      process.exit(Math.max(exitCode, EXIT_FAILURE));
    },
  );
}

function onFatal(kind: 'uncaughtException' | 'unhandledRejection', err: unknown): void {
  logger.error('fatal', { kind, ...errorFields(err) });
  writeStack(err);
  stop(EXIT_FAILURE);
}

process.on('uncaughtException', (err) => onFatal('uncaughtException', err));
process.on('unhandledRejection', (reason) => onFatal('unhandledRejection', reason));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    logger.info('signal', { signal });
    stop(0);
  });
}

function configErrorExit(e: ConfigError): never {
  process.stderr.write(`Configuration error / Konfigurationsfehler:\n${e.message}\n`);
  process.exit(EXIT_CONFIG);
}

async function main(): Promise<void> {
  let config: AppConfig;
  let envFile: EnvFileResult;
  try {
    envFile = applyEnvFile(process.env);
    config = loadConfig(process.env);
    if (config.store === 'lowdb') await checkDataDir(config.dataDir);
  } catch (e) {
    if (e instanceof ConfigError) configErrorExit(e);
    throw e;
  }
  logger = createLogger(config.logLevel);
  // botbuilder prints an error (with its stack) per refused token: one structured line per kind instead.
  routeLibraryConsole(logger);
  graceMs = config.shutdownGraceMs;
  // Which file was read, and variable NAMES only: values may be secrets.
  logger.info('configuration', {
    envFile: envFile.file ?? null,
    fromEnvFile: envFile.fromFile.join(',') || undefined,
    environmentWins: envFile.environmentWins.join(',') || undefined,
  });
  try {
    app = await startApp(config, logger);
  } catch (e) {
    if (isConfigFileError(e)) {
      process.stderr.write(`Configuration file error / Fehler in Konfigurationsdatei:\n${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    if (e instanceof DataDirLockedError) {
      logger.error('start_failed', { ...errorFields(e), file: e.file });
      process.stderr.write(`Datenverzeichnis wird schon verwendet / data directory in use:\n${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    const listen = listenProblem(e, config.port);
    if (listen) {
      logger.error('start_failed', { ...errorFields(e), variable: listen.name });
      configErrorExit(new ConfigError([listen]));
    }
    throw e;
  } finally {
    starting = false;
  }
  // The address to open: the bound host when it is a specific one, else the loopback address.
  const bound = 'host' in config && typeof config.host === 'string' && !['', '0.0.0.0', '::'].includes(config.host) ? config.host : '127.0.0.1';
  const base = `http://${bound.includes(':') ? `[${bound}]` : bound}:${app.port}`;
  logger.info('endpoints', { messages: `${base}/api/messages`, healthz: `${base}/healthz`, readyz: `${base}/readyz` });
  if (process.stderr.isTTY) {
    process.stderr.write(
      `\nBot läuft / bot running: ${base}/api/messages${config.localMode ? ' (lokaler Modus / local mode)' : ''}\n` +
        `Teams-ähnlicher Client / Teams-like client: npm run playground   Stop: Ctrl+C\n\n`,
    );
  }
  if (stopping) finish(); // a signal or fatal error arrived while starting
}

main().catch((e: unknown) => {
  starting = false;
  logger.error('start_failed', errorFields(e));
  writeStack(e);
  exitCode = Math.max(exitCode, EXIT_FAILURE);
  stopping = true;
  finish();
});
