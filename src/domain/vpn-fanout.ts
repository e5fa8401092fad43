/**
 * A pure send planner for proactive messages (e.g. "the VPN outage is resolved" to every linked
 * reporter): gives each message a due time so that no rate window is exceeded, per conversation
 * and per app. Teams' limits per bot and conversation are 7 sends/1 s, 8/2 s, 60/30 s and
 * 1,800/h; per app and tenant about 30–50/s (`TEAMS_PROACTIVE_LIMITS`; pass your own).
 *
 * A limit `{ count, perMs }` holds when no half-open interval of `perMs` milliseconds contains
 * more than `count` sends. Plan: repeatedly take, among the next pending message of every
 * conversation (per-conversation order is kept), the one that can go earliest, not earlier than
 * the last planned send; ties go to the input order. Because due times never decrease, a send at
 * `t` keeps a limit when the `count`-th last send of that scope was at or before `t - perMs`.
 *
 * A 429 with Retry-After is handled by the sender: re-plan the unsent messages with
 * `start` = now + Retry-After and the sends already made as `history`.
 */
import { Heap } from 'heap-js';

export interface RateLimit {
  count: number;
  perMs: number;
}

export interface FanoutLimits {
  perConversation: readonly RateLimit[];
  perApp: readonly RateLimit[];
}

export const TEAMS_PROACTIVE_LIMITS: FanoutLimits = {
  perConversation: [
    { count: 7, perMs: 1_000 },
    { count: 8, perMs: 2_000 },
    { count: 60, perMs: 30_000 },
    { count: 1_800, perMs: 3_600_000 },
  ],
  perApp: [{ count: 30, perMs: 1_000 }],
};

export interface FanoutMessage {
  /** Our own id of the message (idempotency). */
  id: string;
  conversationId: string;
}

export interface PlannedSend {
  id: string;
  conversationId: string;
  /** Epoch milliseconds (or any millisecond clock, the same as `start`). */
  dueMs: number;
}

export interface SentBefore {
  conversationId: string;
  atMs: number;
}

function checkLimits(limits: FanoutLimits): void {
  for (const l of [...limits.perConversation, ...limits.perApp]) {
    if (!Number.isInteger(l.count) || l.count < 1 || !(l.perMs > 0)) throw new RangeError(`a rate limit needs count >= 1 and perMs > 0 (got ${l.count}/${l.perMs})`);
  }
}

/** Earliest t >= from that keeps every limit, given the sorted earlier sends of the scope. */
function earliestFor(sent: readonly number[], limits: readonly RateLimit[], from: number): number {
  let t = from;
  for (const l of limits) {
    const kth = sent[sent.length - l.count];
    if (kth !== undefined) t = Math.max(t, kth + l.perMs);
  }
  return t;
}

interface Head {
  conv: string;
  /** Earliest time the conversation's own limits allow its next send. */
  ready: number;
  /** Input position of the conversation's next message (ties go to the input order). */
  order: number;
}

/**
 * Due times for `messages`, starting at `start`. `history`: sends already made (e.g. before a
 * 429), which count towards the windows; planned sends are never before the last of them.
 *
 * O(n log n) in the number of messages: the next message of each conversation sits in one of two
 * heaps. `waiting` holds the conversations whose own limits do not allow a send yet, by the time
 * they do (`ready`); `free` holds those that may send at the app's next slot, by input order.
 * Each step moves the conversations that became free by the app's next slot from `waiting` to
 * `free` and takes the first of `free` (or, when none is free, the earliest of `waiting`). This is
 * the same choice as comparing every conversation at every step ("the earliest, ties by input
 * order"), which cost O(n²) and took seconds for a few thousand recipients.
 */
export function planFanout(
  messages: readonly FanoutMessage[],
  start: number,
  limits: FanoutLimits = TEAMS_PROACTIVE_LIMITS,
  history: readonly SentBefore[] = [],
): PlannedSend[] {
  checkLimits(limits);
  const past = [...history].sort((a, b) => a.atMs - b.atMs);
  const appSent: number[] = past.map((h) => h.atMs);
  const convSent = new Map<string, number[]>();
  for (const h of past) {
    const list = convSent.get(h.conversationId);
    if (list) list.push(h.atMs);
    else convSent.set(h.conversationId, [h.atMs]);
  }

  // Pending messages per conversation, in input order; `order` keeps the input position for ties.
  const queues = new Map<string, Array<{ msg: FanoutMessage; order: number }>>();
  messages.forEach((msg, order) => {
    const q = queues.get(msg.conversationId);
    if (q) q.push({ msg, order });
    else queues.set(msg.conversationId, [{ msg, order }]);
  });

  const byReady = (a: Head, b: Head): number => a.ready - b.ready || a.order - b.order;
  const waiting = new Heap<Head>(byReady);
  const free = new Heap<Head>((a, b) => a.order - b.order);
  const head = (conv: string, q: ReadonlyArray<{ order: number }>): Head => ({
    conv,
    ready: earliestFor(convSent.get(conv) ?? [], limits.perConversation, Number.NEGATIVE_INFINITY),
    order: q[0]!.order,
  });
  for (const [conv, q] of queues) waiting.push(head(conv, q));

  let last = Math.max(start, appSent[appSent.length - 1] ?? start);
  const out: PlannedSend[] = [];
  // Positions in `q` instead of shift(): a conversation with many messages stays linear.
  const taken = new Map<string, number>();
  while (out.length < messages.length) {
    const appFrom = earliestFor(appSent, limits.perApp, last);
    for (let w = waiting.peek(); w !== undefined && w.ready <= appFrom; w = waiting.peek()) free.push(waiting.pop()!);
    const best = free.pop() ?? waiting.pop();
    if (!best) break;
    const t = Math.max(appFrom, best.ready);
    const q = queues.get(best.conv)!;
    const i = taken.get(best.conv) ?? 0;
    const { msg } = q[i]!;
    taken.set(best.conv, i + 1);
    out.push({ id: msg.id, conversationId: msg.conversationId, dueMs: t });
    appSent.push(t);
    const cs = convSent.get(best.conv);
    if (cs) cs.push(t);
    else convSent.set(best.conv, [t]);
    last = t;
    if (i + 1 < q.length) waiting.push(head(best.conv, q.slice(i + 1, i + 2)));
  }
  return out;
}
