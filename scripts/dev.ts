/**
 * npm run dev — the bot (local mode, sample data, tsx) and the Microsoft 365 Agents Playground
 * together. The Playground reads .m365agentsplayground.yml (mock users from
 * samples/directory.yaml) and talks to http://localhost:$PORT/api/messages.
 *
 * Ctrl+C / SIGTERM is forwarded to both; when either exits, the other is stopped and this script
 * exits with the first one's exit code. On a machine without a desktop browser set
 * TEAMSAPPTESTER_BROWSER=none and open http://localhost:56150 yourself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { ROOT } from './manifest/build.js';

const require = createRequire(import.meta.url);
const port = process.env.PORT || '3978';
const playgroundPort = process.env.PLAYGROUND_PORT || '56150';
const env = { ...process.env, PORT: port };

const children: Array<{ name: string; proc: ChildProcess }> = [
  { name: 'bot', proc: spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: 'inherit' }) },
  {
    name: 'playground',
    proc: spawn(
      process.execPath,
      [require.resolve('@microsoft/m365agentsplayground/cli.js'), '--app-endpoint', `http://localhost:${port}/api/messages`, '--port', playgroundPort],
      { cwd: ROOT, env, stdio: 'inherit' },
    ),
  },
];

let exitCode: number | undefined;

function stopAll(signal: NodeJS.Signals): void {
  for (const { proc } of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
}

for (const { name, proc } of children) {
  proc.on('exit', (code, signal) => {
    if (exitCode === undefined) {
      exitCode = code ?? (signal ? 1 : 0);
      console.error(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the rest`);
      stopAll('SIGTERM');
      // The bot drains for up to SHUTDOWN_GRACE_MS; do not wait for ever.
      setTimeout(() => stopAll('SIGKILL'), 20_000).unref();
    }
    if (children.every((c) => c.proc.exitCode !== null || c.proc.signalCode !== null)) process.exit(exitCode);
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => stopAll(signal === 'SIGHUP' ? 'SIGTERM' : signal));
}
