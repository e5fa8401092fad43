/**
 * One handler per Action.Execute verb, registered in one table. A handler parses the action's data
 * with zod, calls a use case with the clicker's Entra object id, and returns the card that replaces
 * the one that was clicked. No business rule lives here.
 */
import type { z } from 'zod';
import type { IsoDate } from '../domain/dates.js';
import { DomainError } from '../domain/errors.js';
import type { Locale, Policy } from '../domain/model.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { unitChain, type Directory } from '../directory/directory.js';
import type { Card, FormOptions, Presenter } from './presenter-port.js';
import type { DeskPresenter } from './desk-presenter-port.js';
import type { DeskInventory } from '../domain/desk-model.js';
import type { RequestDaysResult } from '../app/request-days.js';
import type { UseCases } from './use-cases.js';
import type { VerbHandlers } from './verb-table.js';

export interface ActionDeps {
  useCases: UseCases;
  presenter: Presenter;
  desks: DeskPresenter;
  inventory: DeskInventory;
  directory: Directory;
  policy: Policy;
  today: () => IsoDate;
}

/** Invalid card input: becomes a 400 with a translated message, never a stack trace. */
export class InputError extends Error {
  readonly code = 'INVALID_INPUT';
  constructor(readonly field: string) {
    super(`invalid input in ${field}`);
    this.name = 'InputError';
  }
}

export function parseData<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InputError(first ? first.path.join('.') || 'data' : 'data');
  }
  return parsed.data;
}

/** The rules that shape the request form for this person today (half days, home-only note). */
export function formOptions(deps: ActionDeps, userOrgChain: string[]): FormOptions {
  const today = deps.today();
  const { rules, version } = rulesInForce(deps.policy, userOrgChain, today);
  return { today, rules, policyName: version.name };
}

export async function requestFormCard(deps: ActionDeps, userId: string, locale: Locale): Promise<Card> {
  const person = await deps.directory.getPerson(userId);
  const chain = person ? await unitChain(deps.directory, person.orgUnitId) : [];
  return deps.presenter.requestForm(locale, formOptions(deps, chain));
}

/** The result card, or — when desks are booked on those days — the offer to switch. */
export function requestOutcomeCard(deps: ActionDeps, locale: Locale, result: RequestDaysResult, half?: 'morning' | 'afternoon'): Card {
  const conflict = result.deskConflicts?.[0];
  if (!conflict) return deps.presenter.requestResult(locale, result);
  const dates = result.verdicts.filter((v) => v.outcome !== 'refused').map((v) => v.date);
  const desk = deps.inventory.desks.find((d) => d.id === conflict.deskId);
  return deps.desks.conflict(locale, {
    kind: 'desk-on-mobile-day',
    date: conflict.date,
    bookingId: conflict.id,
    deskLabel: desk?.label,
    dates,
    ...(half ? { half } : {}),
  });
}

/** The card answering a click replaces the clicked one: that message is the employee's copy of the request. */
export async function rememberEmployeeCard(
  deps: Pick<ActionDeps, 'useCases'>,
  userId: string,
  result: Pick<RequestDaysResult, 'request'>,
  message: { conversationId: string; activityId: string } | undefined,
): Promise<void> {
  if (!result.request || !message) return;
  await deps.useCases.requestCards.remember({ requestId: result.request.id, userId, ...message });
}

export async function pendingListCard(deps: ActionDeps, userId: string, locale: Locale): Promise<Card> {
  const requests = await deps.useCases.pending.execute(userId);
  const items = await Promise.all(
    requests.map(async (request) => ({
      request,
      personName: (await deps.directory.getPerson(request.personId))?.displayName ?? '—',
    })),
  );
  return deps.presenter.pendingList(locale, items);
}

export async function delegationCard(deps: ActionDeps, userId: string, locale: Locale): Promise<Card> {
  const me = await deps.directory.getPerson(userId);
  const colleagues = me ? await deps.directory.listOrgUnitMembers(me.orgUnitId) : [];
  const reports = await deps.directory.listReports(userId);
  const candidates = [...new Map([...colleagues, ...reports].filter((p) => p.id !== userId).map((p) => [p.id, p])).values()];
  const current = await deps.useCases.delegation.current(userId);
  const currentDeputyName = current ? (await deps.directory.getPerson(current.deputyId))?.displayName : undefined;
  return deps.presenter.delegationForm(locale, { candidates, current, currentDeputyName, today: deps.today() });
}

export function createActionHandlers(deps: ActionDeps) {
  const { useCases: uc, presenter: p } = deps;

  const approvalCard = async (requestId: string, locale: Locale) =>
    p.approval(locale, await uc.approvalFacts.execute(requestId));

  return {
    'help.show': async (t) => p.menu(t.locale, await uc.menuFacts.execute(t.userId)),

    'homeOffice.form': async (t) => requestFormCard(deps, t.userId, t.locale),

    'homeOffice.request': async (t) => {
      const form = t.input;
      const result = await uc.requestDays.execute({ userId: t.userId, spec: form.spec, comment: form.comment });
      await rememberEmployeeCard(deps, t.userId, result, t.message);
      return requestOutcomeCard(deps, t.locale, result, form.spec.half);
    },

    'homeOffice.myWeek': async (t) => p.planner(t.locale, await uc.planWeeks.view({ userId: t.userId, weekStart: t.input.weekStart, locale: t.locale })),

    'homeOffice.planSend': async (t) => {
      const { weekStart, choices } = t.input;
      const result = await uc.planWeeks.apply({ userId: t.userId, weekStart, choices, locale: t.locale });
      return p.planner(t.locale, result);
    },

    'homeOffice.quota': async (t) => p.quota(t.locale, await uc.myQuota.execute({ userId: t.userId })),

    'homeOffice.mine': async (t) => p.myRequests(t.locale, await uc.myRequests.execute(t.userId), deps.today()),

    'homeOffice.withdraw': async (t) => {
      const { requestId, dates } = t.input;
      await uc.withdraw.execute({ userId: t.userId, requestId, dates });
      return p.myRequests(t.locale, await uc.myRequests.execute(t.userId), deps.today());
    },

    'homeOffice.pending': async (t) => pendingListCard(deps, t.userId, t.locale),

    'homeOffice.open': async (t) => {
      const { requestId } = t.input;
      await assertMayView(deps, requestId, t.userId);
      return approvalCard(requestId, t.locale);
    },

    'homeOffice.refresh': async (t) => {
      const { requestId } = t.input;
      await assertMayView(deps, requestId, t.userId);
      return approvalCard(requestId, t.locale);
    },

    'homeOffice.approve': async (t) => {
      const { requestId, comment } = t.input;
      await uc.decide.execute({ userId: t.userId, requestId, outcome: 'approve', comment });
      return approvalCard(requestId, t.locale);
    },

    'homeOffice.reject': async (t) => {
      const { requestId, comment } = t.input;
      await uc.decide.execute({ userId: t.userId, requestId, outcome: 'reject', comment });
      return approvalCard(requestId, t.locale);
    },

    'homeOffice.approveSome': async (t) => {
      const { requestId, days, comment } = t.input;
      await uc.decide.execute({ userId: t.userId, requestId, outcome: 'approve', dates: days, comment });
      return approvalCard(requestId, t.locale);
    },

    'homeOffice.bulkApprove': async (t) => {
      const { requestIds } = t.input;
      // All or nothing: one request the user may not decide refuses the whole click (BULK_NOT_APPROVER).
      await uc.decide.approveMany({ userId: t.userId, requestIds });
      return pendingListCard(deps, t.userId, t.locale);
    },

    'delegation.form': async (t) => delegationCard(deps, t.userId, t.locale),

    'delegation.set': async (t) => {
      const { deputy: deputyId, from, to } = t.input;
      if (to < from) throw new DomainError('END_BEFORE_START', 'delegation ends before it starts');
      await uc.delegation.set({ managerId: t.userId, deputyId, from, to });
      return delegationCard(deps, t.userId, t.locale);
    },

    'delegation.revoke': async (t) => {
      const { delegationId } = t.input;
      await uc.delegation.revoke({ managerId: t.userId, delegationId });
      return delegationCard(deps, t.userId, t.locale);
    },
  } satisfies Partial<VerbHandlers>;
}

/** The approval card shows a colleague's request and its buttons: only possible approvers see it. */
async function assertMayView(deps: ActionDeps, requestId: string, userId: string): Promise<void> {
  const facts = await deps.useCases.approvalFacts.execute(requestId);
  if (facts.approverIds.includes(userId)) return;
  throw new DomainError('NOT_APPROVER', 'user may not view this request', { requestId });
}
