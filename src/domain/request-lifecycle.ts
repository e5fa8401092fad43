/**
 * The life of a mobile-work request: created from the engine's verdicts, decided by the
 * approver, withdrawn or cancelled by its owner. Every function returns a new object and never
 * mutates its input. `version` is left alone: the store bumps it on every write.
 */
import type { IsoDate } from './dates.js';
import { DomainError } from './errors.js';
import type { ExistingDay } from './evaluation-context.js';
import type {
  ApprovalMode,
  DayVerdict,
  Decision,
  MobileWorkRequest,
  Person,
  RequestDay,
  RequestStatus,
  StandingPattern,
  Track,
} from './model.js';

/**
 * The status of a request from the status of its days, first matching row wins:
 *
 * | days                                         | request status       |
 * |----------------------------------------------|----------------------|
 * | any pending                                  | pending              |
 * | some approved and some rejected              | partially-approved   |
 * | some approved (others withdrawn / cancelled) | approved             |
 * | some cancelled (none approved / pending)     | cancelled            |
 * | some rejected (others withdrawn)             | rejected             |
 * | all withdrawn, or no days                    | withdrawn            |
 */
export function deriveRequestStatus(days: RequestDay[]): RequestStatus {
  const has = (s: RequestDay['status']): boolean => days.some((d) => d.status === s);
  if (has('pending')) return 'pending';
  if (has('approved')) return has('rejected') ? 'partially-approved' : 'approved';
  if (has('cancelled')) return 'cancelled';
  if (has('rejected')) return 'rejected';
  return 'withdrawn';
}

export interface CreateRequestInput {
  id: string;
  number: string;
  person: Person;
  track: Track;
  approvalMode: ApprovalMode;
  approverId?: string;
  verdicts: DayVerdict[];
  comment?: string;
  standing?: StandingPattern;
  /** ISO timestamp */
  now: string;
}

/**
 * A new request with the days that were not refused ('needs-approval' → pending, 'allowed' →
 * approved); undefined when every day was refused.
 */
export function createRequestFromVerdicts(input: CreateRequestInput): MobileWorkRequest | undefined {
  const kept = input.verdicts.filter((v) => v.outcome !== 'refused');
  const first = kept[0];
  if (!first) return undefined;
  const days: RequestDay[] = kept.map((v) => ({
    date: v.date,
    portion: v.portion,
    ...(v.half ? { half: v.half } : {}),
    status: v.outcome === 'needs-approval' ? 'pending' : 'approved',
  }));
  return {
    id: input.id,
    number: input.number,
    personId: input.person.id,
    orgUnitId: input.person.orgUnitId,
    track: input.track,
    ...(input.approverId !== undefined ? { approverId: input.approverId } : {}),
    approvalMode: input.approvalMode,
    status: deriveRequestStatus(days),
    days,
    ...(input.standing ? { standing: input.standing } : {}),
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    policyVersion: first.policyVersion ?? '',
    createdAt: input.now,
    updatedAt: input.now,
    cards: [],
    version: 0,
  };
}

export interface DecideInput {
  by: string;
  /** ISO timestamp */
  at: string;
  outcome: 'approve' | 'reject';
  /** With 'approve': approve only these pending days and reject the other pending ones. */
  dates?: IsoDate[];
  comment?: string;
}

/**
 * Decides the pending days of a request (other days are untouched). Throws DomainError
 * ALREADY_DECIDED when no day is pending. `decision.outcome` describes this decision:
 * approved (every pending day approved), rejected (none), partially-approved (some).
 * Dates in `dates` that are not pending days are ignored. Who may decide is `mayDecide`'s job.
 */
export function decideRequest(req: MobileWorkRequest, input: DecideInput): MobileWorkRequest {
  const pending = req.days.filter((d) => d.status === 'pending');
  if (pending.length === 0) {
    throw new DomainError('ALREADY_DECIDED', `request ${req.number} has no pending day`, { number: req.number });
  }
  const approveDates = input.outcome === 'approve' && input.dates ? new Set(input.dates) : undefined;
  const approves = (d: RequestDay): boolean =>
    input.outcome === 'approve' && (approveDates === undefined || approveDates.has(d.date));

  const days: RequestDay[] = req.days.map((d) =>
    d.status === 'pending' ? { ...d, status: approves(d) ? 'approved' : 'rejected' } : { ...d },
  );
  const approvedNow = pending.filter(approves).length;
  const outcome: Decision['outcome'] =
    approvedNow === pending.length ? 'approved' : approvedNow === 0 ? 'rejected' : 'partially-approved';
  const decision: Decision = {
    by: input.by,
    at: input.at,
    outcome,
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
  };
  return { ...req, days, status: deriveRequestStatus(days), decision, updatedAt: input.at, cards: [...req.cards] };
}

export interface WithdrawInput {
  by: string;
  /** ISO timestamp */
  at: string;
  /** Local date in Europe/Berlin. */
  today: IsoDate;
  /** Only these days (default: all). */
  dates?: IsoDate[];
}

/**
 * The owner takes (some) days back: pending → withdrawn, approved from today on → cancelled,
 * past days are untouched. Throws DomainError NOT_OWNER (someone else) or NOTHING_TO_WITHDRAW.
 */
export function withdrawRequest(req: MobileWorkRequest, input: WithdrawInput): MobileWorkRequest {
  if (input.by !== req.personId) {
    throw new DomainError('NOT_OWNER', `only the owner may withdraw request ${req.number}`, { number: req.number });
  }
  const only = input.dates ? new Set(input.dates) : undefined;
  let changed = 0;
  const days: RequestDay[] = req.days.map((d) => {
    if (only && !only.has(d.date)) return { ...d };
    if (d.status === 'pending') {
      changed += 1;
      return { ...d, status: 'withdrawn' };
    }
    if (d.status === 'approved' && d.date >= input.today) {
      changed += 1;
      return { ...d, status: 'cancelled' };
    }
    return { ...d };
  });
  if (changed === 0) {
    throw new DomainError('NOTHING_TO_WITHDRAW', `request ${req.number} has nothing to withdraw`, { number: req.number });
  }
  return { ...req, days, status: deriveRequestStatus(days), updatedAt: input.at, cards: [...req.cards] };
}

/**
 * The pending and approved days of the requests (minus one request), as the engine needs them.
 * Days on `absentDates` (out of office per the calendar) are left out: a mobile-work day that
 * later became an absence is not worked remotely, so it no longer counts against the quota.
 * The day itself stays in its request (a pending one is still shown to the manager).
 */
export function activeDays(
  requests: MobileWorkRequest[],
  excludeRequestId?: string,
  absentDates?: ReadonlySet<IsoDate>,
): ExistingDay[] {
  const out: ExistingDay[] = [];
  for (const req of requests) {
    if (req.id === excludeRequestId) continue;
    for (const d of req.days) {
      if (d.status !== 'pending' && d.status !== 'approved') continue;
      if (absentDates?.has(d.date)) continue;
      out.push({ date: d.date, portion: d.portion, status: d.status, requestId: req.id, track: req.track, ...(d.half ? { half: d.half } : {}) });
    }
  }
  return out;
}
