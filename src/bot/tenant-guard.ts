/**
 * Drops activities from tenants that are not on the allow-list. Teams puts the tenant in
 * `channelData.tenant.id`; proactive continuations (built from a ConversationReference) carry it
 * in `conversation.tenantId`. With an empty list (local mode) everything passes.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../observability/logger.js';

export function tenantIdOf(context: TurnContext): string | undefined {
  const channelData: unknown = context.activity.channelData;
  if (typeof channelData === 'object' && channelData !== null) {
    const tenant = (channelData as { tenant?: unknown }).tenant;
    if (typeof tenant === 'object' && tenant !== null) {
      const id = (tenant as { id?: unknown }).id;
      if (typeof id === 'string' && id !== '') return id;
    }
  }
  const fromConversation = context.activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : undefined;
}

export class TenantGuard implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedTenants: readonly string[],
    private readonly logger: Logger,
  ) {
    this.allowed = new Set(allowedTenants.map((t) => t.trim().toLowerCase()).filter((t) => t !== ''));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (this.allowed.size === 0) {
      await next();
      return;
    }
    const tenantId = tenantIdOf(context);
    if (tenantId !== undefined && this.allowed.has(tenantId.toLowerCase())) {
      await next();
      return;
    }
    this.logger.warn('tenant_rejected', {
      tenantId: tenantId ?? null,
      activityType: context.activity.type,
      conversationId: context.activity.conversation?.id,
    });
    if (context.activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 403,
          body: {
            statusCode: 403,
            type: 'application/vnd.microsoft.error',
            value: { code: 'TenantNotAllowed', message: 'This tenant is not allowed to use this bot.' },
          },
        },
      });
    }
    // Other activities: dropped silently (HTTP 200, nothing sent).
  }
}
