/**
 * Use case: remember the personal chat of a user with the bot, so approval cards and decisions can
 * be sent to them later (proactive messages). Called on every personal message and on install.
 */
import type { ConversationRecord } from '../store/store.js';
import { nowIso, type AppContext } from './app-context.js';

export class RegisterConversation {
  constructor(private readonly ctx: AppContext) {}

  async execute(record: Omit<ConversationRecord, 'updatedAt'>): Promise<void> {
    const known = await this.ctx.store.read((r) => r.getConversation(record.userId));
    if (
      known &&
      known.conversationId === record.conversationId &&
      known.serviceUrl === record.serviceUrl &&
      known.locale === record.locale
    ) {
      return; // nothing new: no write on every message
    }
    await this.ctx.store.transact((tx) => tx.putConversation({ ...record, updatedAt: nowIso(this.ctx) }));
    this.ctx.logger.info('conversation_registered', { userId: record.userId, conversationId: record.conversationId });
  }
}
