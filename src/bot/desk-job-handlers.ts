/**
 * Outbox jobs of desk sharing: the check-in reminder before the deadline, the release of a desk
 * nobody checked in by the deadline, and telling the person it was released. Each re-reads the
 * booking, so a reminder for a cancelled or already checked-in booking does nothing.
 */
import { CardFactory, MessageFactory } from 'botbuilder';
import { z } from 'zod';
import { JOB } from '../app/job-types.js';
import { localeFrom } from '../cards/i18n.js';
import type { Policy } from '../domain/model.js';
import type { OutboxJob, Store } from '../store/store.js';
import { checkInDeadlineOf } from '../domain/desk-check-in.js';
import type { DeskPresenter } from './desk-presenter-port.js';
import { NoConversationError } from './job-handlers.js';
import type { ProactiveSender } from './proactive-sender.js';
import type { UseCases } from './use-cases.js';

/** `deadlineAt` (reminders queued since it was added): the check-in deadline, ISO; a reminder after it is dropped. */
const bookingJob = z.object({ bookingId: z.string().min(1), deadlineAt: z.iso.datetime().optional() });

export interface DeskJobDeps {
  store: Store;
  useCases: UseCases;
  desks: DeskPresenter;
  sender: Pick<ProactiveSender, 'send'>;
  policy: Policy;
  /** The clock; without it a late reminder is sent anyway. */
  now?: () => Date;
}

export function createDeskJobHandlers(deps: DeskJobDeps): Record<string, (job: OutboxJob) => Promise<unknown>> {
  const { store, desks, sender } = deps;

  const payloadOf = (job: OutboxJob) => {
    const parsed = bookingJob.safeParse(job.payload);
    if (!parsed.success) throw Object.assign(new Error('malformed job payload'), { permanent: true });
    return parsed.data;
  };
  const bookingOf = async (job: OutboxJob) => {
    const { bookingId } = payloadOf(job);
    return store.read((r) => r.getBooking(bookingId));
  };

  const sendCard = async (userId: string, build: (locale: ReturnType<typeof localeFrom>) => Record<string, unknown>) => {
    const conv = await store.read((r) => r.getConversation(userId));
    if (!conv) throw new NoConversationError(userId);
    const { activityId } = await sender.send(conv, MessageFactory.attachment(CardFactory.adaptiveCard(build(localeFrom(conv.locale)))));
    return { activityId };
  };

  return {
    [JOB.deskCheckInReminder]: async (job) => {
      const { deadlineAt } = payloadOf(job);
      if (deadlineAt && deps.now && deps.now().getTime() >= Date.parse(deadlineAt)) return { skipped: 'past-deadline' };
      const booking = await bookingOf(job);
      if (!booking || booking.status !== 'booked') return { skipped: 'not-due' };
      const deadline = checkInDeadlineOf(deps.policy, booking);
      return sendCard(booking.personId, (locale) => desks.checkIn(locale, booking, deadline, 'reminder'));
    },

    [JOB.deskNoShow]: async (job) => {
      const booking = await bookingOf(job);
      if (!booking) return { skipped: 'no-booking' };
      const released = await deps.useCases.deskBookings.releaseIfNoShow(booking.id);
      return released ? { released: true } : { skipped: booking.status };
    },

    [JOB.deskReleasedNotify]: async (job) => {
      const booking = await bookingOf(job);
      if (!booking || booking.status !== 'released') return { skipped: 'not-released' };
      const deadline = checkInDeadlineOf(deps.policy, booking);
      return sendCard(booking.personId, (locale) => desks.checkIn(locale, booking, deadline, 'released'));
    },
  };
}
