/**
 * Load generator of the turn benchmarks (bench/store-scale.ts), in its own process: autocannon with
 * `connections` keep-alive connections POSTing Teams-shaped activities to `/api/messages` for
 * `seconds` (or `amount` requests), every request a different one. Prints ONE JSON line: requests,
 * turns/s, latency p50 / p99 / max, status counts, and how many answers were confirmations.
 *
 *   node --import tsx bench/load/turn-load.ts <spec.json>
 *
 * spec: { url, kind: 'echo' | 'book' | 'week' | 'find' | 'mine', connections, seconds?, amount?,
 *         planFile? (JSON array of { personId, deskId, date } for 'book'), start? (first plan index),
 *         people? (person ids for the read kinds), date? ('find') }
 * - echo: a message with `expectReplies`; confirmed = the answer holds "Echo:".
 * - book: the `desk.book` card action (invoke `adaptiveCard/action`) of plan[start + i], whole day;
 *   confirmed = the answer is the booked card (it offers `desk.cancel`); else refused.
 * - week: the message "meine Woche" with `expectReplies`; confirmed = an answer with a card.
 * - find / mine: the `desk.find` (free desks on `date`) and `desk.mine` card actions; confirmed = 200
 *   with an Adaptive Card.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface Spec {
  url: string;
  kind: 'echo' | 'book' | 'week' | 'find' | 'mine';
  connections: number;
  seconds?: number;
  amount?: number;
  planFile?: string;
  start?: number;
  people?: string[];
  date?: string;
}

interface PlanTurn {
  personId: string;
  deskId: string;
  date: string;
}

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Spec;
const plan: PlanTurn[] = spec.planFile ? (JSON.parse(readFileSync(spec.planFile, 'utf8')) as PlanTurn[]) : [];
const people = spec.people ?? [];
if (spec.kind === 'book' && plan.length === 0) throw new Error(`empty booking plan ${spec.planFile ?? '(none)'}`);
if (['week', 'find', 'mine'].includes(spec.kind) && people.length === 0) throw new Error(`no people for ${spec.kind} turns`);

const envelope = (userId: string) => ({
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  locale: 'de-DE',
  from: { id: `29:${userId}`, aadObjectId: userId },
  recipient: { id: '28:bot' },
  conversation: { id: `a:${userId}`, conversationType: 'personal' },
});

const invoke = (userId: string, verb: string, data: Record<string, unknown>) => ({
  ...envelope(userId),
  type: 'invoke',
  name: 'adaptiveCard/action',
  value: { action: { type: 'Action.Execute', verb, data } },
});

let next = 0;
function body(): string {
  const i = next++;
  switch (spec.kind) {
    case 'echo':
      return JSON.stringify({ ...envelope(`echo-${i % 5000}`), type: 'message', text: `hallo ${i}`, deliveryMode: 'expectReplies' });
    case 'book': {
      const t = plan[((spec.start ?? 0) + i) % Math.max(1, plan.length)]!;
      return JSON.stringify(invoke(t.personId, 'desk.book', { deskId: t.deskId, date: t.date, slot: 'day' }));
    }
    case 'week':
      return JSON.stringify({ ...envelope(people[i % people.length]!), type: 'message', text: 'meine Woche', deliveryMode: 'expectReplies' });
    case 'find':
      return JSON.stringify(invoke(people[i % people.length]!, 'desk.find', { date: spec.date, slot: 'day' }));
    case 'mine':
      return JSON.stringify(invoke(people[i % people.length]!, 'desk.mine', {}));
  }
}

const confirmedBy: Record<Spec['kind'], (text: string) => boolean> = {
  echo: (t) => t.includes('Echo:'),
  book: (t) => t.includes('desk.cancel'),
  week: (t) => t.includes('application/vnd.microsoft.card.adaptive'),
  find: (t) => t.includes('application/vnd.microsoft.card.adaptive'),
  mine: (t) => t.includes('application/vnd.microsoft.card.adaptive'),
};

let confirmed = 0;
let other = 0;
const samples: string[] = [];
const started = performance.now();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.seconds ?? 10 }),
  timeout: 120,
  headers: { 'content-type': 'application/json' },
  requests: [
    {
      method: 'POST',
      setupRequest: (req) => ({ ...req, body: body() }),
      onResponse: (status, text) => {
        if (status === 200 && confirmedBy[spec.kind](text)) confirmed++;
        else {
          other++;
          if (samples.length < 3) samples.push(`${status} ${text.slice(0, 300)}`);
        }
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
const answered = result['2xx'];
process.stdout.write(
  `${JSON.stringify({
    kind: spec.kind,
    sent: next,
    answered,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    confirmed,
    other,
    samples,
    seconds,
    turnsPerSecond: answered / seconds,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
  })}\n`,
);
