/**
 * The port for handing a VPN problem report over to an external ITSM (service-desk tool).
 *
 * Adapters: `zammad-adapter.ts` (Zammad REST API) and `webhook-adapter.ts` (a generic signed JSON
 * webhook). Both are called from outbox jobs, so every method must be safe to run again after a
 * failure whose outcome is unknown (timeout after the request was sent):
 * - `createTicket` with the same `ref` returns the ticket created earlier, never a second one;
 * - `addNote` with the same `key` adds the note once;
 * - `setState` is a plain overwrite.
 *
 * Failures are `ItsmRequestError`s (itsm-errors.ts) with the outbox's semantics:
 * `retryAfterMs` → retry not earlier; `permanent === true` → dead-letter; else retry with back-off.
 */

export type ItsmPriority = 'P1' | 'P2' | 'P3' | 'P4';

/** The states the bot knows. Adapters translate to and from the tool's own state names. */
export type ItsmState = 'open' | 'pending' | 'closed';

export const ITSM_STATES: readonly ItsmState[] = ['open', 'pending', 'closed'];

export interface CreateTicketInput {
  /** Our readable id, e.g. `VPN-2026-00042`: the idempotency key of the hand-over. */
  ref: string;
  title: string;
  /** Plain text (all diagnostics of the report). */
  body: string;
  priority: ItsmPriority;
  reporter: { email?: string; name?: string };
}

export interface CreatedTicket {
  /** The tool's id, used for every later call (Zammad: the numeric ticket id as a string). */
  externalId: string;
  /** The number people see in the tool (Zammad: e.g. `31001`), when it has one. */
  externalNumber?: string;
}

export interface AddNoteOptions {
  /** Idempotency key of this note (e.g. the outbox job id): a repeat with the same key adds nothing. */
  key?: string;
}

export interface ItsmAdapter {
  createTicket(input: CreateTicketInput): Promise<CreatedTicket>;
  addNote(externalId: string, text: string, options?: AddNoteOptions): Promise<void>;
  setState(externalId: string, state: ItsmState): Promise<void>;
  /**
   * The ticket's state, normalised to `open` | `pending` | `closed` where the tool's state maps to
   * one of them (Zammad: new/open → open, pending reminder/pending close → pending,
   * closed/merged → closed); any other state name is returned as the tool spells it.
   */
  getState(externalId: string): Promise<ItsmState | string>;
}

export function isItsmState(value: string): value is ItsmState {
  return (ITSM_STATES as readonly string[]).includes(value);
}
