/**
 * The bot as its own process for a benchmark: `node --import tsx src/index.ts` on a fresh lowdb
 * data directory, local mode, port 0, the log level given (production: info), no `.env` of the
 * developer's. Resolves once it logged `started`, with its address, its memory and a stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchBot {
  child: ChildProcess;
  baseUrl: string;
  stderr(): string;
  rssMiB(): Promise<number>;
  stop(): Promise<void>;
}

export async function startBenchBot(env: Record<string, string> = {}): Promise<BenchBot> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-bot-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ENV_FILE: '/dev/null', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', MicrosoftAppId: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      const line = buf.split('\n').find((l) => l.includes('"event":"started"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', () => reject(new Error(`bot exited before it started: ${stderr}`)));
  });
  child.stdout!.resume();
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    rssMiB: async () => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
