/**
 * What the tenant currently refuses us, for the log and `/readyz` (ids and counts only):
 *
 * - the whole app (`blocked`): Entra refuses the client credentials (invalid_client,
 *   unauthorized_client, unknown tenant), the token carries no application permission (admin
 *   consent missing), or Graph answers 401. Every Graph call would fail alike: the outbox stops the
 *   Graph lanes (`blocksLane`) and probes now and then; the first success clears it.
 * - single mailboxes (`refused`): Graph answers 403 for `/users/{id}/…` (the mailbox is outside the
 *   Exchange RBAC for Applications scope, or has no Exchange Online licence). Such a mailbox fails
 *   alone; the others go on. A later success for the mailbox clears it.
 *
 * - a token without application permissions (`tokenWithoutRoles`): admin consent is missing, or
 *   only Exchange RBAC for Applications grants the access. Reported, not blocking: with RBAC alone
 *   the mailboxes in scope work; without consent every mailbox is refused (and counted).
 *
 * Each transition is logged once (`graph_blocked` / `graph_unblocked`, `graph_mailbox_refused` /
 * `graph_mailbox_accepted` with the mailbox id and the current count), never per failed call.
 */
import type { Logger } from '../observability/logger.js';

export interface GraphHealthDetails {
  status: 'ok' | 'blocked';
  /** Why the app is blocked (e.g. invalid_client, CONSENT_MISSING). */
  code?: string;
  since?: string;
  /** Mailboxes Graph refuses (403) at the moment. */
  mailboxesRefused: number;
  /** The last token carried no application permission (see the module comment). */
  tokenWithoutRoles?: true;
}

export class GraphHealth {
  private blocked: { code: string; since: string } | undefined;
  private readonly refused = new Map<string, { code: string; since: string }>();
  private withoutRoles = false;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  appRefused(code: string): void {
    if (this.blocked?.code === code) return;
    this.blocked = { code, since: this.now().toISOString() };
    this.logger.error('graph_blocked', { code, message: hintFor(code) });
  }

  appAccepted(): void {
    if (!this.blocked) return;
    this.logger.info('graph_unblocked', { code: this.blocked.code, since: this.blocked.since });
    this.blocked = undefined;
  }

  tokenRoles(withoutRoles: boolean): void {
    if (withoutRoles === this.withoutRoles) return;
    this.withoutRoles = withoutRoles;
    if (withoutRoles) {
      this.logger.warn('graph_token_without_roles', {
        message: 'the Graph token carries no application permission: grant admin consent, unless Exchange RBAC for Applications alone grants calendar access',
      });
    }
  }

  mailboxRefused(mailbox: string, code: string): void {
    const key = mailbox.toLowerCase();
    if (this.refused.has(key)) return;
    this.refused.set(key, { code, since: this.now().toISOString() });
    this.logger.warn('graph_mailbox_refused', { mailbox: key, code, mailboxesRefused: this.refused.size });
  }

  mailboxAccepted(mailbox: string): void {
    const key = mailbox.toLowerCase();
    if (!this.refused.delete(key)) return;
    this.logger.info('graph_mailbox_accepted', { mailbox: key, mailboxesRefused: this.refused.size });
  }

  isRefused(mailbox: string): boolean {
    return this.refused.has(mailbox.toLowerCase());
  }

  refusedMailboxes(): string[] {
    return [...this.refused.keys()].sort();
  }

  details(): GraphHealthDetails {
    return {
      status: this.blocked ? 'blocked' : 'ok',
      ...(this.blocked ? { code: this.blocked.code, since: this.blocked.since } : {}),
      mailboxesRefused: this.refused.size,
      ...(this.withoutRoles ? { tokenWithoutRoles: true as const } : {}),
    };
  }
}

function hintFor(code: string): string {
  switch (code) {
    case 'invalid_client':
      return 'Entra ID refuses the client secret or certificate (GRAPH_CLIENT_SECRET wrong or expired): Graph calls stop until it is fixed';
    case 'unauthorized_client':
      return 'Entra ID does not know this client id in this tenant (GRAPH_CLIENT_ID / GRAPH_TENANT_ID): Graph calls stop until it is fixed';
    default:
      return 'Microsoft Graph refuses the app: Graph calls stop until it is fixed';
  }
}
