/** Port of Teams conversation references (for proactive messages). Returned records are frozen. */
import type { ConversationRecord } from '../store.js';

export interface ConversationReader {
  /** The personal chat of this user (aadObjectId); undefined when the bot never talked to them. */
  getConversation(userId: string): Promise<ConversationRecord | undefined>;
}

export interface ConversationWriter {
  /** Insert or replace (by user id). */
  putConversation(record: ConversationRecord): Promise<void>;
}
