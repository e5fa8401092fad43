/**
 * A port the server cannot listen on is the operator's input, not a bug: `PORT` (or the address)
 * named with the reason, exit code 2, no stack. Other errors are left to the caller.
 */
import type { EnvProblem } from './config-error.js';

export function listenProblem(err: unknown, port: number): EnvProblem | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: unknown; syscall?: unknown; address?: unknown; port?: unknown };
  if (e.syscall !== 'listen' && e.syscall !== 'bind') return undefined;
  const at = typeof e.address === 'string' ? ` on ${e.address.includes(':') ? `[${e.address}]` : e.address}` : '';
  const p = typeof e.port === 'number' ? e.port : port;
  switch (e.code) {
    case 'EADDRINUSE':
      return { name: 'PORT', reason: `port ${p}${at} is already in use by another process (Port wird bereits verwendet); stop it or choose another PORT` };
    case 'EACCES':
      return { name: 'PORT', reason: `port ${p}${at} may not be used by this user (ports below 1024 need privileges); choose a PORT of 1024 or more` };
    case 'EADDRNOTAVAIL':
      return { name: 'HOST', reason: `address${at} does not belong to this machine (Adresse nicht verfügbar)` };
    default:
      return undefined;
  }
}
