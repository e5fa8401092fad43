/** Runs the report CLI as `npm run --silent report -- …` does, in a child process. */
import { spawn } from 'node:child_process';
import { cleanEnv, REPO_ROOT } from '../process/bot-process.js';

export interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** `node --import tsx src/reports/report-cli.ts …` with the bot's variables of the parent removed. */
export function runReport(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/reports/report-cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
  });
}

/** The CSV lines of a run's stdout (BOM checked and removed, the last CRLF checked). */
export function csvLines(run: Run): string[] {
  const text = run.stdout.toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error(`no BOM: ${JSON.stringify(text.slice(0, 40))}`);
  const lines = text.slice(1).split('\r\n');
  if (lines.pop() !== '') throw new Error('the CSV does not end with CRLF');
  return lines;
}
