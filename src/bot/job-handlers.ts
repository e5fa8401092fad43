/**
 * Outbox job handlers that talk to Teams: approval cards to approvers, decisions to employees,
 * reminders, and updates of every sent approval card after a decision. Each handler re-reads the
 * request from the store (a job carries ids only) and is safe to run twice: a card already sent is
 * not sent again, an update just writes the current state once more.
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import type { ApprovalFacts } from '../app/approval-facts.js';
import { JOB } from '../app/job-types.js';
import { approvalRemindPayload } from '../app/jobs/approval-reminder.js';
import { localeFrom } from '../cards/i18n.js';
import type { DayVerdict, Locale, MobileWorkRequest } from '../domain/model.js';
import type { Logger } from '../observability/logger.js';
import type { OutboxJob, Store } from '../store/store.js';
import type { Card, Presenter } from './presenter-port.js';
import { TransientSendError, type ProactiveSender } from './proactive-sender.js';
import type { UseCases } from './use-cases.js';

const requestJob = z.object({ requestId: z.string().min(1) });
const handBackJob = z.object({ managerId: z.string().min(1), deputyId: z.string().min(1) });

export interface JobDeps {
  store: Store;
  useCases: UseCases;
  presenter: Presenter;
  sender: Pick<ProactiveSender, 'send' | 'update'>;
  logger: Logger;
  now: () => Date;
}

/**
 * The person has never opened a chat with the bot: try again later (the app may get installed).
 * `waiting`: the outbox keeps retrying every 15 min and does not dead-letter the job after
 * `maxAttempts` (~2 h), since installing the app may take days and the card must not be lost.
 */
export class NoConversationError extends TransientSendError {
  readonly waiting = true;
  constructor(userId: string) {
    super(`no personal conversation known for ${userId}`, 'NO_CONVERSATION', undefined, 15 * 60_000);
  }
}

export function createJobHandlers(deps: JobDeps): Record<string, (job: OutboxJob) => Promise<unknown>> {
  const { store, useCases: uc, presenter: p, sender } = deps;

  const conversationOf = async (userId: string) => {
    const conv = await store.read((r) => r.getConversation(userId));
    if (!conv) throw new NoConversationError(userId);
    return conv;
  };

  const sendTo = async (userId: string, build: (locale: Locale) => Card) => {
    const conv = await conversationOf(userId);
    const card = build(localeFrom(conv.locale));
    const { activityId } = await sender.send(conv, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    return { conv, activityId };
  };

  const factsOf = async (job: OutboxJob): Promise<ApprovalFacts | undefined> => {
    const parsed = requestJob.safeParse(job.payload);
    if (!parsed.success) throw Object.assign(new Error('malformed job payload'), { permanent: true });
    try {
      return await uc.approvalFacts.execute(parsed.data.requestId);
    } catch (e) {
      if ((e as { code?: string }).code === 'REQUEST_NOT_FOUND') return undefined;
      throw e;
    }
  };

  return {
    [JOB.approvalSend]: async (job) => {
      const facts = await factsOf(job);
      const approverId = facts?.request.approverId;
      if (!facts || !approverId) return { skipped: 'no-request' };
      if (facts.request.cards.some((c) => c.userId === approverId)) return { skipped: 'already-sent' };
      const { conv, activityId } = await sendTo(approverId, (locale) => p.approval(locale, facts));
      await store.transact(async (tx) => {
        const current = await tx.getRequest(facts.request.id);
        if (!current) return;
        await tx.putRequest({ ...current, cards: [...current.cards, { userId: approverId, conversationId: conv.conversationId, activityId }] });
        // Decided while the card was on its way: bring the new card up to date too.
        if (!current.days.some((d) => d.status === 'pending')) {
          await tx.enqueue({ type: JOB.approvalCardUpdate, payload: { requestId: current.id }, dedupeKey: `card-update:${current.id}:late` });
        }
      });
      return { activityId };
    },

    [JOB.approvalCardUpdate]: async (job) => {
      const facts = await factsOf(job);
      if (!facts) return { skipped: 'no-request' };
      const open = facts.request.days.some((d) => d.status === 'pending');
      for (const ref of facts.request.cards) {
        const conv = await conversationOf(ref.userId);
        const locale = localeFrom(conv.locale);
        // The employee's own copy shows the request as it stands now; a holder who may no longer
        // decide (a former deputy) gets an approval card without buttons.
        const card =
          ref.userId === facts.request.personId
            ? p.requestResult(locale, { request: facts.request, verdicts: verdictsOfStored(facts.request) })
            : open && !facts.approverIds.includes(ref.userId)
              ? p.approvalHandedBack(locale, facts)
              : p.approval(locale, facts);
        await sender.update(
          { ...conv, conversationId: ref.conversationId },
          ref.activityId,
          MessageFactory.attachment(CardFactory.adaptiveCard(card)),
        );
      }
      return { updated: facts.request.cards.length };
    },

    [JOB.delegationEnd]: async (job) => {
      const parsed = handBackJob.safeParse(job.payload);
      if (!parsed.success) throw Object.assign(new Error('malformed job payload'), { permanent: true });
      return { handedBack: await uc.handBack.execute(parsed.data) };
    },

    [JOB.decisionNotify]: async (job) => {
      const facts = await factsOf(job);
      if (!facts) return { skipped: 'no-request' };
      const { activityId } = await sendTo(facts.request.personId, (locale) => p.decisionNotice(locale, facts));
      return { activityId };
    },

    [JOB.managerNotify]: async (job) => {
      const facts = await factsOf(job);
      if (!facts?.request.approverId) return { skipped: 'no-request' };
      const { activityId } = await sendTo(facts.request.approverId, (locale) => p.managerNotice(locale, facts));
      return { activityId };
    },

    [JOB.withdrawalNotify]: async (job) => {
      const facts = await factsOf(job);
      if (!facts?.request.approverId) return { skipped: 'no-request' };
      const { activityId } = await sendTo(facts.request.approverId, (locale) => p.withdrawalNotice(locale, facts));
      return { activityId };
    },

    [JOB.approvalRemind]: async (job) => {
      const parsed = approvalRemindPayload.safeParse(job.payload);
      if (!parsed.success) throw Object.assign(new Error('malformed job payload'), { permanent: true });
      const due = await uc.approvalReminder.due(parsed.data, job.dedupeKey);
      if (!due) return { skipped: 'decided' };
      const pending = await uc.pending.execute(due.approverId);
      const { activityId } = await sendTo(due.approverId, (locale) => p.reminder(locale, Math.max(1, pending.length)));
      await uc.approvalReminder.sent(due);
      return { activityId };
    },
  };
}

/** The stored days of a request as the result card shows them (withdrawn and cancelled days left out). */
function verdictsOfStored(request: MobileWorkRequest): DayVerdict[] {
  return request.days
    .filter((d) => d.status !== 'withdrawn' && d.status !== 'cancelled')
    .map((d) => ({
      date: d.date,
      portion: d.portion,
      ...(d.half ? { half: d.half } : {}),
      outcome: d.status === 'approved' ? 'allowed' : d.status === 'pending' ? 'needs-approval' : 'refused',
      reasons: [],
    }));
}
