/**
 * Outbox jobs of the ITSM hand-over (JOB.vpnItsm* in app/job-types.ts). Each handler re-reads the
 * ticket (a job carries ids only), makes at most one call to the ITSM tool and is safe to run
 * again after a failure whose outcome is unknown:
 *
 * - `vpn.itsm-create` { ticketId }: `createTicket` with ref = ticket number (the adapters return
 *   the ticket made earlier for the same ref), then stores `external { system, externalId,
 *   externalNumber, state: 'open' }` on the ticket and queues the first poll, in one transaction.
 *   A ticket already handed over is skipped.
 * - `vpn.itsm-note` { ticketId, text }: a note; the job id is the note's idempotency key.
 * - `vpn.itsm-state` { ticketId, state }: sets the state in the tool and remembers it as the last
 *   state seen (so the next poll does not report the bot's own change back); a state other than
 *   `closed` starts polling again when no poll is queued (reopened ticket).
 * - `vpn.itsm-poll` { ticketId, n? }: reads the state; a change is reported through
 *   `onExternalState` and then stored; the next poll (n + 1) is queued `pollMinutes` later while the tool's state
 *   is not `closed` and the bot's ticket is not `resolved`. One chain per ticket: nothing is
 *   queued while another poll of the ticket is pending (a re-run after a crash), and the dedupe
 *   key `vpn.itsm-poll:<ticketId>:<n>` is never reused (n continues after the highest used).
 *
 * Note and state jobs need the tool's ticket. While the create job has not finished they fail
 * with `ItsmNotHandedOverError` (`retryAfterMs` 30 s): `waiting` while a create job is still
 * pending (never dead-lettered for attempts), otherwise a plain transient error that dead-letters
 * after the outbox's maximum attempts, next to the dead create job, where an operator sees both.
 *
 * Errors of the tool are ItsmRequestErrors (retryAfterMs / permanent, see itsm-errors.ts); a
 * malformed payload is permanent. Logs carry ids and codes only.
 */
import { z } from 'zod';
import { JOB } from '../app/job-types.js';
import type { Directory } from '../directory/directory.js';
import type { ExternalTicketRef, Ticket } from '../domain/vpn-model.js';
import type { ItsmAdapter } from '../itsm/itsm-port.js';
import type { Logger } from '../observability/logger.js';
import type { OutboxJob, Store, StoreReader } from '../store/store.js';
import { itsmTicketBody, itsmTicketTitle } from './itsm-ticket-text.js';

/** How long a note / state job waits for the create job before it tries again. */
export const ITSM_WAIT_RETRY_MS = 30_000;

const ticketJob = z.object({ ticketId: z.string().min(1) });
const noteJob = ticketJob.extend({ text: z.string().trim().min(1) });
const stateJob = ticketJob.extend({ state: z.enum(['open', 'pending', 'closed']) });
const pollJob = ticketJob.extend({ n: z.number().int().min(0).optional() });

export interface ItsmJobDeps {
  store: Store;
  adapter: ItsmAdapter;
  system: 'zammad' | 'webhook';
  directory: Directory;
  logger: Logger;
  now: () => Date;
  /** Minutes between two polls of the tool's state. */
  pollMinutes: number;
  /**
   * Called when a poll sees the tool's state differ from the last one stored (`previous`), e.g. to
   * tell the reporter; the new state is stored after it returns. At least once: when it throws,
   * the poll job is retried and calls again; `meta.jobId` (the poll job's id) is the same in every
   * run of that job, a dedupe key for what it queues.
   */
  onExternalState: (ticketId: string, state: string, meta: { jobId: string; previous?: string }) => Promise<void>;
  /** False when the tool's state cannot be read (webhook without a state URL): no polls. Default true. */
  pollsState?: boolean;
}

/** The tool's ticket does not exist yet (the create job has not finished): try again in 30 s. */
export class ItsmNotHandedOverError extends Error {
  override readonly name = 'ItsmNotHandedOverError';
  readonly code = 'ITSM_NOT_HANDED_OVER';
  readonly retryAfterMs = ITSM_WAIT_RETRY_MS;
  readonly permanent = false;
  /** True while a create job for the ticket is still pending. */
  readonly waiting: boolean;
  constructor(ticketId: string, createPending: boolean) {
    super(`ticket ${ticketId} is not handed over to the ITSM tool yet${createPending ? '' : ' (no pending create job)'}`);
    this.waiting = createPending;
  }
}

/** The dedupe key of the n-th poll of a ticket. */
export function itsmPollDedupeKey(ticketId: string, n: number): string {
  return `${JOB.vpnItsmPoll}:${ticketId}:${n}`;
}

export function createItsmJobHandlers(deps: ItsmJobDeps): Record<string, (job: OutboxJob) => Promise<unknown>> {
  const { store, adapter, system, logger } = deps;
  const pollsState = deps.pollsState ?? true;
  const pollEveryMs = Math.max(1, deps.pollMinutes) * 60_000;
  const log = logger.child({ component: 'itsm', system });

  const parse = <T>(schema: z.ZodType<T>, job: OutboxJob): T => {
    const parsed = schema.safeParse(job.payload);
    if (!parsed.success) throw Object.assign(new Error(`malformed ${job.type} payload`), { permanent: true });
    return parsed.data;
  };

  const ticketOf = (ticketId: string): Promise<Ticket | undefined> => store.read((r) => r.getTicket(ticketId));

  /** The tool's ticket, or the waiting error. */
  const externalOf = async (ticket: Ticket): Promise<ExternalTicketRef> => {
    if (ticket.external) return ticket.external;
    const createPending = await store.read(async (r) => (await jobsOfTicket(r, JOB.vpnItsmCreate, ticket.id)).some((j) => j.status === 'pending'));
    throw new ItsmNotHandedOverError(ticket.id, createPending);
  };

  const nextPoll = (ticketId: string, n: number) => ({
    type: JOB.vpnItsmPoll,
    payload: { ticketId, n },
    dueAt: new Date(deps.now().getTime() + pollEveryMs).toISOString(),
    dedupeKey: itsmPollDedupeKey(ticketId, n),
  });

  return {
    [JOB.vpnItsmCreate]: async (job) => {
      const { ticketId } = parse(ticketJob, job);
      const ticket = await ticketOf(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      if (ticket.external) return { skipped: 'already-handed-over', externalId: ticket.external.externalId };
      const person = await deps.directory.getPerson(ticket.reporterId);
      const reporter = {
        ...(person?.displayName ? { name: person.displayName } : {}),
        ...(person?.email ? { email: person.email } : {}),
      };
      const created = await adapter.createTicket({
        ref: ticket.number,
        // The Zammad adapter puts `[number]` in front of the title itself.
        title: itsmTicketTitle(ticket, { withNumber: system !== 'zammad' }),
        body: itsmTicketBody(ticket, reporter),
        priority: ticket.priority,
        reporter,
      });
      const stored = await store.transact(async (tx) => {
        const current = await tx.getTicket(ticketId);
        if (!current) return undefined;
        if (current.external) return current.external; // another run was quicker
        const external: ExternalTicketRef = {
          system,
          externalId: created.externalId,
          ...(created.externalNumber !== undefined ? { externalNumber: created.externalNumber } : {}),
          state: 'open',
          ...(pollsState ? { pollSeq: 1, polling: true } : {}),
        };
        await tx.putTicket({ ...current, external, updatedAt: deps.now().toISOString() });
        if (pollsState) await tx.enqueue(nextPoll(ticketId, 1));
        return external;
      });
      log.info('itsm_ticket_created', { ticketId, externalId: created.externalId });
      return { externalId: stored?.externalId ?? created.externalId, ...(created.externalNumber !== undefined ? { externalNumber: created.externalNumber } : {}) };
    },

    [JOB.vpnItsmNote]: async (job) => {
      const { ticketId, text } = parse(noteJob, job);
      const ticket = await ticketOf(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      const external = await externalOf(ticket);
      await adapter.addNote(external.externalId, text, { key: job.id });
      return { noted: external.externalId };
    },

    [JOB.vpnItsmState]: async (job) => {
      const { ticketId, state } = parse(stateJob, job);
      const ticket = await ticketOf(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      const external = await externalOf(ticket);
      await adapter.setState(external.externalId, state);
      await store.transact(async (tx) => {
        const current = await tx.getTicket(ticketId);
        if (!current?.external) return;
        const external: ExternalTicketRef = { ...current.external, state };
        // Not closed in the tool and nobody polling (the chain stopped at a close): start it again.
        if (state !== 'closed' && pollsState && !external.polling) {
          external.pollSeq = (external.pollSeq ?? 0) + 1;
          external.polling = true;
          await tx.enqueue(nextPoll(ticketId, external.pollSeq));
        }
        if (JSON.stringify(external) !== JSON.stringify(current.external)) {
          await tx.putTicket({ ...current, external, updatedAt: deps.now().toISOString() });
        }
      });
      return { state };
    },

    [JOB.vpnItsmPoll]: async (job) => {
      const { ticketId, n } = parse(pollJob, job);
      if (!pollsState) return { skipped: 'state-not-readable' };
      const ticket = await ticketOf(ticketId);
      if (!ticket) return { skipped: 'no-ticket' };
      if (!ticket.external) return { skipped: 'not-handed-over' };
      const state = await adapter.getState(ticket.external.externalId);
      const previous = ticket.external.state;
      const changed = previous !== state;
      if (changed) {
        // Before storing it: a failure here retries the job, which sees the change again.
        log.info('itsm_state_changed', { ticketId, state, previous });
        await deps.onExternalState(ticketId, state, { jobId: job.id, ...(previous !== undefined ? { previous } : {}) });
      }
      const outcome = await store.transact(async (tx) => {
        const current = await tx.getTicket(ticketId);
        if (!current?.external) return { next: false };
        const external: ExternalTicketRef = { ...current.external, state };
        const wanted = state !== 'closed' && current.status !== 'resolved';
        // One chain. A numbered poll queues n + 1 (its dedupe key makes a re-run after a lost
        // completion queue nothing new). A poll queued by hand (no number) continues after the
        // numbers used, and only when no chain is running.
        let next = wanted;
        if (wanted && n !== undefined) {
          await tx.enqueue(nextPoll(ticketId, n + 1));
          external.pollSeq = Math.max(external.pollSeq ?? 0, n + 1);
        } else if (wanted && !current.external.polling) {
          external.pollSeq = (external.pollSeq ?? 0) + 1;
          await tx.enqueue(nextPoll(ticketId, external.pollSeq));
        } else if (wanted) {
          next = true; // the running chain goes on
        }
        external.polling = next;
        if (JSON.stringify(external) !== JSON.stringify(current.external)) {
          await tx.putTicket({ ...current, external, updatedAt: deps.now().toISOString() });
        }
        return { next };
      });
      return { state, changed, polling: outcome.next };
    },
  };
}

/** Jobs of one type whose payload names the ticket (any status). */
async function jobsOfTicket(reader: Pick<StoreReader, 'listJobs'>, type: string, ticketId: string): Promise<OutboxJob[]> {
  return (await reader.listJobs({ type })).filter((j) => ticketIdOf(j.payload) === ticketId);
}

function ticketIdOf(payload: unknown): string | undefined {
  const id = typeof payload === 'object' && payload !== null ? (payload as { ticketId?: unknown }).ticketId : undefined;
  return typeof id === 'string' ? id : undefined;
}
