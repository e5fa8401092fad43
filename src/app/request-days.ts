/**
 * Use case: an employee asks for mobile-work days.
 *
 * The proposal is expanded into days, every day is checked against the service agreement in force
 * on that day, and the days that are not refused become one request: approved at once where the
 * agreement needs no approval, pending where it does. The approval card for the manager (or the
 * active deputy), the reminder and any notice are queued in the same store write, so a crash can
 * neither lose them nor send them for a request that was never stored.
 */
import { addMonths, type IsoDate } from '../domain/dates.js';
import { resolveApprover } from '../domain/approver.js';
import { DomainError } from '../domain/errors.js';
import type { DeskBooking } from '../domain/desk-model.js';
import { isActiveBooking, slotsOverlap } from '../domain/desk-slots.js';
import type { DayVerdict, MobileWorkRequest, ProposalSpec, StandingPattern, Track } from '../domain/model.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { expandProposal } from '../domain/proposal.js';
import { evaluateProposal } from '../domain/quota-engine.js';
import { createRequestFromVerdicts } from '../domain/request-lifecycle.js';
import { nowIso, today, type AppContext } from './app-context.js';
import { queueBookingCalendarSync, queueDayCalendarSync } from './calendar-sync.js';
import { buildEvaluationContext } from './evaluation-context.js';
import { JOB } from './job-types.js';
import { loadPersonFacts } from './person-facts.js';
import { queueFirstReminder } from './jobs/approval-reminder.js';

export interface RequestDaysInput {
  userId: string;
  spec: ProposalSpec;
  comment?: string;
  /** Release desk bookings on the requested days (the switch the conflict card offers). */
  releaseDesks?: boolean;
}

export interface RequestDaysResult {
  verdicts: DayVerdict[];
  request?: MobileWorkRequest;
  /** Desk bookings on days that would become mobile work: nothing was written, ask first. */
  deskConflicts?: DeskBooking[];
}

export class RequestDays {
  constructor(private readonly ctx: AppContext) {}

  /** The verdicts these days would get, nothing written (see previewRequestDays). */
  preview(input: { userId: string; spec: ProposalSpec }): Promise<DayVerdict[]> {
    return previewRequestDays(this.ctx, input);
  }

  async execute(input: RequestDaysInput): Promise<RequestDaysResult> {
    const { ctx } = this;
    const { facts, days, first, last, track, day0 } = await loadProposal(ctx, input);
    const { rules } = rulesInForce(ctx.policy, facts.orgUnitChain, first);
    const approvalMode = rules.tracks[track].approval;
    const managerId = facts.person.managerId;

    const result = await ctx.store.transact(async (tx) => {
      const evaluation = await buildEvaluationContext(tx, facts, ctx.policy, day0, { from: first, to: last });
      const verdicts = evaluateProposal(evaluation, track, days);
      const delegations = managerId ? await tx.listDelegations(managerId) : [];
      const approver = resolveApprover(facts.person, delegations, day0);
      const needsApprover = verdicts.some((v) => v.outcome === 'needs-approval');
      if (needsApprover && !approver) {
        throw new DomainError('NO_MANAGER', 'no manager is recorded for this person');
      }
      if (!verdicts.some((v) => v.outcome !== 'refused')) return { verdicts };

      // A desk booked on a day that becomes mobile work is never silently doubled.
      const remoteDays = verdicts.filter((v) => v.outcome !== 'refused');
      const conflicts = (await tx.listBookingsOfPerson(facts.person.id, first, last))
        .filter((b) => isActiveBooking(b) && remoteDays.some((v) => v.date === b.date && slotsOverlap(b.slot, v.half ?? 'day')));
      if (conflicts.length > 0 && !input.releaseDesks) return { verdicts, deskConflicts: conflicts };
      for (const b of conflicts) {
        const released = await tx.putBooking({ ...b, status: 'released', releaseReason: 'mobile-work', updatedAt: nowIso(ctx) });
        await queueBookingCalendarSync(ctx, tx, b, released);
      }

      const year = day0.slice(0, 4);
      const seq = await tx.nextSequence(`request-${year}`);
      const now = nowIso(ctx);
      const request = createRequestFromVerdicts({
        id: ctx.ids.newId(),
        number: `MA-${year}-${String(seq).padStart(5, '0')}`,
        person: facts.person,
        track,
        approvalMode,
        approverId: approver?.approverId,
        verdicts,
        comment: input.comment,
        standing: track === 'standing' ? standingPattern(input.spec, rules.tracks.standing.trialPeriodMonths) : undefined,
        now,
      });
      if (!request) return { verdicts };
      const stored = await tx.putRequest(request);
      await queueDayCalendarSync(ctx, tx, undefined, stored); // days approved at once (mode notify/none)
      await queueFollowUps(tx, stored, now, rules.reminderAfterHours);
      return { verdicts, request: stored };
    });
    if (result.request) {
      ctx.logger.info('request_created', {
        requestId: result.request.id,
        status: result.request.status,
        days: result.request.days.length,
        refused: result.verdicts.filter((v) => v.outcome === 'refused').length,
      });
      ctx.onJobsQueued?.();
    }
    return result;
  }
}

/** The person's facts and the proposal's days, span and track; a proposal without days is refused (NO_DAYS). */
async function loadProposal(ctx: AppContext, input: { userId: string; spec: ProposalSpec }) {
  const facts = await loadPersonFacts(ctx.directory, input.userId);
  const days = expandProposal(input.spec);
  if (days.length === 0) throw new DomainError('NO_DAYS', 'the proposal contains no days');
  const track: Track = input.spec.type === 'recurring' ? 'standing' : 'occasional';
  return { facts, days, first: days[0]!.date, last: days[days.length - 1]!.date, track, day0: today(ctx) };
}

/**
 * What the agreement would say to these days, without writing anything: the preview a typed
 * request of more than one day shows before "Beantragen".
 */
export async function previewRequestDays(ctx: AppContext, input: { userId: string; spec: ProposalSpec }): Promise<DayVerdict[]> {
  const { facts, days, first, last, track, day0 } = await loadProposal(ctx, input);
  return ctx.store.read(async (reader) => evaluateProposal(await buildEvaluationContext(reader, facts, ctx.policy, day0, { from: first, to: last }), track, days));
}

async function queueFollowUps(
  tx: Parameters<Parameters<AppContext['store']['transact']>[0]>[0],
  request: MobileWorkRequest,
  now: string,
  reminderAfterHours: number,
): Promise<void> {
  if (request.approverId && request.days.some((d) => d.status === 'pending')) {
    await tx.enqueue({ type: JOB.approvalSend, payload: { requestId: request.id }, dedupeKey: `approval-send:${request.id}` });
    await queueFirstReminder(tx, request, now, reminderAfterHours);
  } else if (request.approvalMode === 'notify' && request.approverId) {
    await tx.enqueue({ type: JOB.managerNotify, payload: { requestId: request.id }, dedupeKey: `manager-notify:${request.id}` });
  }
}

function standingPattern(spec: ProposalSpec, trialMonths: number): StandingPattern | undefined {
  if (spec.type !== 'recurring') return undefined;
  const trialUntil: IsoDate | undefined = trialMonths > 0 ? addMonths(spec.from, trialMonths) : undefined;
  return { weekdays: [...spec.weekdays].sort(), validFrom: spec.from, validTo: spec.until, trialUntil };
}
