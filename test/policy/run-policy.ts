/** Runs the policy CLI as `npm run --silent policy -- …` does, in a child process. */
import { spawn } from 'node:child_process';
import { cleanEnv, REPO_ROOT } from '../process/bot-process.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPolicy(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/policy/policy-cli.ts', ...args], { cwd: REPO_ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: out, stderr: err });
    });
  });
}
