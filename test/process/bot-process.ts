/**
 * Spawns the real entry point (`node --import tsx src/index.ts`, what `npm start` runs) with a clean
 * environment, collects its stdout (JSON log lines) and stderr, and talks to it over HTTP.
 * Every spawned process is tracked so that `killAll()` in `afterEach` can end the stragglers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { VARIABLE_NAMES } from '../../src/config/config.js';
import { ENV_FILE_VARIABLE } from '../../src/config/env-file.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** tsx by URL, so that a bot started in another working directory finds it too. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const ANNA = '00000000-0000-0000-0000-000000000003';

/**
 * The longest any single wait on a child process may take before the test fails. Every wait ends
 * on an event (a log line, an exit, an answer) as soon as it happens; this bound only stops a test
 * that would otherwise hang. It is generous because a busy 2-core CI machine can take 20 s and more
 * to start `node --import tsx` (it compiles every module on first use).
 */
export const WAIT_MS = 60_000;

/** Mocha timeout for a test that starts the bot up to twice and waits on it a few times. */
export const PROCESS_TEST_TIMEOUT_MS = 4 * WAIT_MS;

export type LogLine = Record<string, unknown> & { event?: string; level?: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface BotProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** stdout parsed as JSON lines; a line that is not JSON fails the test that reads it. */
  logs(): LogLine[];
  /** Resolves with the first log line of this event (already seen or still to come). */
  waitForEvent(event: string, ms?: number): Promise<LogLine>;
  /** Resolves when the process has exited. */
  exited(ms?: number): Promise<Exit>;
}

const running = new Set<ChildProcess>();
const tempDirs: string[] = [];

/**
 * The parent's environment without any of the bot's variables (and nothing Microsoft*), plus `env`.
 * `ENV_FILE=/dev/null` (an empty file) unless `env` names one: a developer's own `.env` in the
 * repository must not change what the tests start.
 */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(out)) {
    if ((VARIABLE_NAMES as readonly string[]).includes(name) || name === ENV_FILE_VARIABLE || /^microsoft/i.test(name)) delete out[name];
  }
  return { ...out, [ENV_FILE_VARIABLE]: '/dev/null', ...env };
}

export async function tempDir(prefix = 'mwb-process-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export interface SpawnOptions {
  /** Modules loaded before the entry point (`--import`). */
  preload?: string[];
  /** Working directory (default: the repository root, where the default files are found). */
  cwd?: string;
  /** Do not set `ENV_FILE` (so the bot looks for `.env` in `cwd`, as it does for an operator). */
  defaultEnvFile?: boolean;
}

export function spawnBot(env: Record<string, string>, preloadOrOptions: string[] | SpawnOptions = []): BotProcess {
  const options: SpawnOptions = Array.isArray(preloadOrOptions) ? { preload: preloadOrOptions } : preloadOrOptions;
  const entry = join(REPO_ROOT, 'src/index.ts');
  const args = ['--import', TSX, ...(options.preload ?? []).flatMap((p) => ['--import', p]), entry];
  const childEnv = cleanEnv(env);
  if (options.defaultEnvFile) delete childEnv[ENV_FILE_VARIABLE];
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    changed();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    changed();
  });
  let hasExited = false;
  const exit = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      // stdio may still hold the last lines when 'exit' fires; 'close' comes after them.
      child.once('close', () => {
        hasExited = true; // before changed(): a waiter for a line that never came fails now, not at its time limit
        resolve({ code, signal });
        changed();
      });
    });
  });

  const describeState = () => `\n--- stdout ---\n${out}\n--- stderr ---\n${err}`;
  const logs = (): LogLine[] =>
    out
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as LogLine;
        } catch {
          throw new Error(`stdout line is not JSON: ${l}`);
        }
      });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    logs,
    waitForEvent(event, ms = WAIT_MS) {
      return new Promise<LogLine>((resolve, reject) => {
        const check = () => {
          const found = logs().find((l) => l.event === event);
          if (found) done(() => resolve(found));
          else if (hasExited) done(() => reject(new Error(`process exited before logging "${event}"${describeState()}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no "${event}" log line within ${ms} ms${describeState()}`))), ms);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    exited(ms = WAIT_MS) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`process did not exit within ${ms} ms${describeState()}`)), ms);
      });
      return Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    },
  };
}

/** Starts the bot on a free port (PORT=0) and resolves with its base URL once it logged `started`. */
export async function startBot(env: Record<string, string>, preload: string[] | SpawnOptions = []): Promise<{ bot: BotProcess; baseUrl: string }> {
  const bot = spawnBot({ PORT: '0', ...env }, preload);
  const started = await bot.waitForEvent('started');
  if (typeof started['port'] !== 'number') throw new Error(`started line without a port: ${JSON.stringify(started)}`);
  return { bot, baseUrl: `http://127.0.0.1:${started['port']}` };
}

/** afterEach: SIGKILL every process still running, wait for it, remove the temp dirs. */
export async function cleanUp(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** A personal-chat message from a Teams user, answered in the HTTP response (local mode). */
export function teamsMessage(text: string, aadObjectId = ANNA): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    text,
    deliveryMode: 'expectReplies',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    locale: 'de-DE',
    timestamp: new Date().toISOString(),
    from: { id: `29:${aadObjectId}`, aadObjectId },
    recipient: { id: '28:bot' },
    conversation: { id: `a:${aadObjectId}`, conversationType: 'personal' },
  };
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

export async function getJson(url: string): Promise<JsonResponse> {
  const res = await fetch(url, { signal: AbortSignal.timeout(WAIT_MS) });
  return { status: res.status, body: parse(await res.text()) };
}

export async function postJson(url: string, body: unknown): Promise<JsonResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  return { status: res.status, body: parse(await res.text()) };
}

/**
 * A POST whose body is sent in two parts: the server has the request (in flight) after the first
 * part and cannot answer before `sendRest()`.
 */
export function slowPost(url: string, body: unknown): { firstPartWritten: Promise<void>; sendRest(): void; response: Promise<JsonResponse> } {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  const target = new URL(url);
  let sendRest = (): void => undefined;
  let firstPartWritten: Promise<void> = Promise.resolve();
  const response = new Promise<JsonResponse>((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', timeout: WAIT_MS,
        headers: { 'content-type': 'application/json', 'content-length': bytes.length } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parse(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${WAIT_MS} ms`)));
    firstPartWritten = new Promise<void>((resolve, reject) => req.write(bytes.subarray(0, 20), (err) => (err ? reject(err) : resolve())));
    sendRest = () => req.end(bytes.subarray(20));
  });
  return { firstPartWritten, sendRest: () => sendRest(), response };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** The Adaptive Cards in an `expectReplies` answer. */
export function cardsIn(body: unknown): Array<Record<string, unknown>> {
  const activities = (body as { activities?: Array<{ attachments?: Array<{ contentType?: string; content?: unknown }> }> }).activities ?? [];
  return activities.flatMap((a) =>
    (a.attachments ?? [])
      .filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x) => x.content as Record<string, unknown>),
  );
}

/** Lines that look like a JavaScript stack frame. */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
