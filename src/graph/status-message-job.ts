/**
 * GRAPH_STATUS_MESSAGE: on an approved whole mobile-work day, the person's Teams status message
 * says so ("Heute mobil erreichbar – Mobiles Arbeiten") until the end of that day; Graph clears it
 * by itself at the expiry. The job re-reads the request: a day withdrawn meanwhile sets nothing.
 */
import { z } from 'zod';
import { JOB } from '../app/job-types.js';
import { checkInDeadlineUtc } from '../domain/desk-check-in.js';
import { addDays } from '../domain/dates.js';
import type { Directory } from '../directory/directory.js';
import type { Policy } from '../domain/model.js';
import type { OutboxJob, Store } from '../store/store.js';
import type { GraphClient } from './graph-client.js';
import { setStatusMessage } from './presence.js';

const payload = z.object({ requestId: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

const MESSAGE = {
  de: 'Heute mobil erreichbar (Mobiles Arbeiten)',
  en: 'Working remotely today (mobile work)',
} as const;

export function createStatusMessageHandler(deps: {
  store: Store;
  graph: Pick<GraphClient, 'post'>;
  directory: Directory;
  policy: Policy;
  now: () => Date;
}): Record<string, (job: OutboxJob) => Promise<unknown>> {
  return {
    [JOB.presenceStatusMessage]: async (job) => {
      const parsed = payload.safeParse(job.payload);
      if (!parsed.success) throw Object.assign(new Error('malformed status-message payload'), { permanent: true });
      const { requestId, date } = parsed.data;
      const request = await deps.store.read((r) => r.getRequest(requestId));
      const day = request?.days.find((d) => d.date === date);
      if (!request || day?.status !== 'approved') return { skipped: 'not-approved' };
      const tz = deps.policy.organisation.timeZone;
      const expiresAt = checkInDeadlineUtc(addDays(date, 1), '00:00', tz);
      if (expiresAt.getTime() <= deps.now().getTime()) return { skipped: 'day-over' };
      const person = await deps.directory.getPerson(request.personId);
      await setStatusMessage(deps.graph, request.personId, MESSAGE[person?.preferredLocale ?? 'de'], expiresAt.toISOString());
      return { set: true };
    },
  };
}
