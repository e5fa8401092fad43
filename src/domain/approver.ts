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
 * The part a person plays for a request at the moment of a decision:
 * - `requester`: the person who asked (never decides);
 * - `manager`: the person's current manager;
 * - `deputy`: the manager's active deputy (see `activeDeputy`);
 * - `former-deputy`: was named deputy of that manager, but the period has ended, not begun again,
 *   was revoked, or a later delegation replaced it;
 * - `none`: anybody else.
 * The approver stored on the request plays no part: authority follows the delegations in force.
 */
export type DecisionRole = 'requester' | 'manager' | 'deputy' | 'former-deputy' | 'none';

export function decisionRole(
  req: Pick<MobileWorkRequest, 'personId'>,
  userId: string,
  managerId: string | undefined,
  delegations: Delegation[],
  today: IsoDate,
): DecisionRole {
  if (userId === req.personId) return 'requester';
  if (managerId === undefined) return 'none';
  if (userId === managerId) return 'manager';
  if (activeDeputy(delegations, managerId, today) === userId) return 'deputy';
  const wasDeputy = delegations.some((d) => d.managerId === managerId && d.deputyId === userId && d.from <= today);
  return wasDeputy ? 'former-deputy' : 'none';
}

/** True for the person's current manager and that manager's active deputy; never for the requester. */
export function mayDecide(
  req: Pick<MobileWorkRequest, 'personId'>,
  userId: string,
  managerId: string | undefined,
  delegations: Delegation[],
  today: IsoDate,
): boolean {
  const role = decisionRole(req, userId, managerId, delegations, today);
  return role === 'manager' || role === 'deputy';
}

/** Everyone who may decide a request of `personId` today: the manager and the active deputy. */
export function currentApprovers(personId: string, managerId: string | undefined, delegations: Delegation[], today: IsoDate): string[] {
  if (managerId === undefined || managerId === personId) return [];
  const deputy = activeDeputy(delegations, managerId, today);
  return deputy && deputy !== personId && deputy !== managerId ? [managerId, deputy] : [managerId];
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
