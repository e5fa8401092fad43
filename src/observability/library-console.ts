/**
 * Libraries we depend on (botbuilder's token checks above all) write to `console.error` and
 * `console.warn` per request: an error object with its stack, or a public key. In the running bot
 * those calls become one structured log line each — the kind of message (its first word or two, no
 * content, no stack) and how often it came — at most one line per kind per minute, so a flood of
 * forged tokens cannot flood stderr or the log.
 */
import type { Logger } from './logger.js';

const WINDOW_MS = 60_000;

export function routeLibraryConsole(logger: Logger, now: () => number = () => Date.now()): () => void {
  const original = { error: console.error, warn: console.warn };
  const seen = new Map<string, { at: number; suppressed: number }>();
  const route = (level: 'warn' | 'error') => (...args: unknown[]) => {
    const kind = kindOf(args[0]);
    const t = now();
    const entry = seen.get(kind);
    if (entry && t - entry.at < WINDOW_MS) {
      entry.suppressed++;
      return;
    }
    seen.set(kind, { at: t, suppressed: 0 });
    if (seen.size > 1000) seen.clear();
    logger[level]('library_message', { kind, suppressedBefore: entry?.suppressed ?? 0 });
  };
  console.error = route('error');
  console.warn = route('warn');
  return () => {
    console.error = original.error;
    console.warn = original.warn;
  };
}

/** An error's class name, or the first two words of a text (never more: it may hold a key or a token). */
function kindOf(first: unknown): string {
  if (first instanceof Error) return first.name;
  if (typeof first === 'string') return first.trim().split(/\s+/).slice(0, 2).join(' ').replace(/[^\w .-]/g, '').slice(0, 40) || 'text';
  return typeof first;
}
