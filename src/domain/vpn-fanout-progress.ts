/**
 * Progress of an outage's fan-out ("1.234 von 5.000 benachrichtigt"), from the outcomes of its
 * messages: `done` = told, `dead` = could not be reached (e.g. the person blocked the bot),
 * `pending` = not yet (waiting for its slot, retried after a fault, or waiting for the person's
 * first chat). Pure: the caller reads the outcomes from the outbox.
 */
export type MessageOutcome = 'pending' | 'done' | 'dead';

export interface FanoutProgress {
  total: number;
  notified: number;
  unreachable: number;
  pending: number;
}

/** Counts the outcomes; `total` is at least the number of outcomes seen. */
export function fanoutProgress(total: number, outcomes: Iterable<MessageOutcome>): FanoutProgress {
  let notified = 0;
  let unreachable = 0;
  let pending = 0;
  for (const o of outcomes) {
    if (o === 'done') notified++;
    else if (o === 'dead') unreachable++;
    else pending++;
  }
  return { total: Math.max(total, notified + unreachable + pending), notified, unreachable, pending };
}

/** Whether every message has an outcome (nobody is still to be told). */
export const fanoutComplete = (p: FanoutProgress): boolean => p.pending === 0;
