/**
 * Use case: remember a copy of a request card the employee holds (the answer to "Beantragen" or
 * a typed request), so that the decision, a withdrawal or a hand-back updates it like the
 * approver's copy — the employee's earlier card must not keep saying "wartet auf Genehmigung".
 * Approvers' copies are remembered by the job that sends them.
 */
import type { AppContext } from './app-context.js';

export interface RememberRequestCardInput {
  requestId: string;
  /** The clicker or writer; only the request's own employee's copy is remembered. */
  userId: string;
  conversationId: string;
  activityId: string;
}

/** Most copies remembered per request (a person clicking "Beantragen" on many old cards). */
const MAX_CARDS = 20;

export class RequestCards {
  constructor(private readonly ctx: AppContext) {}

  async remember(input: RememberRequestCardInput): Promise<boolean> {
    if (!input.activityId || !input.conversationId) return false;
    return this.ctx.store.transact(async (tx) => {
      const request = await tx.getRequest(input.requestId);
      if (!request || request.personId !== input.userId) return false;
      if (request.cards.some((c) => c.activityId === input.activityId && c.conversationId === input.conversationId)) return false;
      if (request.cards.length >= MAX_CARDS) return false;
      const ref = { userId: input.userId, conversationId: input.conversationId, activityId: input.activityId };
      await tx.putRequest({ ...request, cards: [...request.cards, ref] });
      return true;
    });
  }
}
