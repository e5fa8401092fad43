/**
 * Who decides a request: the person's manager, or the manager's deputy while a delegation is
 * active. Nobody ever decides their own request.
 */
import { isIsoDate, type IsoDate } from './dates.js';
import { DomainError } from './errors.js';
import type { Delegation, MobileWorkRequest, Person } from './model.js';

/** The deputy of `managerId` on `today`: not revoked, from ≤ today ≤ to; the latest created wins. */
export function activeDeputy(delegations: Delegation[], managerId: string, today: IsoDate): string | undefined {
  let best: Delegation | undefined;
  for (const d of delegations) {
    if (d.managerId !== managerId || d.revoked || d.from > today || d.to < today) continue;
    if (!best || d.createdAt >= best.createdAt) best = d;
  }
  return best?.deputyId;
}

/**
 * The approver of a new request by `person`: the manager, or the manager's active deputy (with
 * `deputyFor` = manager). The person is never their own approver (if they are the deputy, the
 * manager stays approver). Undefined when the person has no manager.
 */
export function resolveApprover(
  person: Person,
  delegations: Delegation[],
  today: IsoDate,
): { approverId: string; deputyFor?: string } | undefined {
  const managerId = person.managerId;
  if (!managerId) return undefined;
  const deputy = activeDeputy(delegations, managerId, today);
  if (deputy && deputy !== person.id && deputy !== managerId) return { approverId: deputy, deputyFor: managerId };
  return { approverId: managerId };
}

/**
 * True for the request's stored approver, the person's current manager or that manager's active
 * deputy; never for the requester themself.
 */
export function mayDecide(
  req: MobileWorkRequest,
  userId: string,
  managerId: string | undefined,
  delegations: Delegation[],
  today: IsoDate,
): boolean {
  if (userId === req.personId) return false;
  if (req.approverId !== undefined && userId === req.approverId) return true;
  if (managerId === undefined) return false;
  if (userId === managerId) return true;
  return activeDeputy(delegations, managerId, today) === userId;
}

/**
 * Throws DomainError INVALID_DELEGATION when the deputy is the manager, the dates are no ISO
 * dates, `to` is before `from`, or `to` is already in the past.
 */
export function validateDelegation(d: Delegation, today: IsoDate): void {
  const fail = (reason: string): never => {
    throw new DomainError('INVALID_DELEGATION', `invalid delegation: ${reason}`, { reason });
  };
  if (d.deputyId === d.managerId) fail('deputy-is-manager');
  if (!isIsoDate(d.from) || !isIsoDate(d.to)) fail('invalid-dates');
  if (d.to < d.from) fail('end-before-start');
  if (d.to < today) fail('in-past');
}
