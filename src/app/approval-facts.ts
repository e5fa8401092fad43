/**
 * Query: everything an approver needs on the card for one request, re-read from the store on
 * every send, refresh and click: the request, who asked, their quota in each affected week, and
 * how many of their team are already away on each day.
 */
import { currentApprovers } from '../domain/approver.js';
import { addDays, startOfIsoWeek, type IsoDate } from '../domain/dates.js';
import { DomainError } from '../domain/errors.js';
import type { MobileWorkRequest, Person } from '../domain/model.js';
import { quotaSummary } from '../domain/quota-summary.js';
import { today, type AppContext } from './app-context.js';
import { buildEvaluationContext } from './evaluation-context.js';
import { loadPersonFacts } from './person-facts.js';

export interface ApprovalFacts {
  request: MobileWorkRequest;
  person: Person;
  orgUnitName: string;
  /** Per day of the request: other members of the unit away, and the unit's size. */
  teamAwayByDate: Record<IsoDate, { away: number; size: number }>;
  /** Per ISO week start touched by the request: the quota summary including this request. */
  quotaByWeek: Record<IsoDate, ReturnType<typeof quotaSummary>>;
  decidedBy?: Person;
  /** Who may act on the card now (refresh.userIds): the current manager and the active deputy. */
  approverIds: string[];
  /** Who decides now (the active deputy, else the manager): named on a former deputy's card. */
  currentApprover?: Person;
  /** Teams user ids (MRIs, "29:…") of those approvers whose chat we know: `refresh.userIds`. */
  refreshUserIds: string[];
}

export class ApprovalFactsQuery {
  constructor(private readonly ctx: AppContext) {}

  async execute(requestId: string): Promise<ApprovalFacts> {
    const { ctx } = this;
    const request = await ctx.store.read((r) => r.getRequest(requestId));
    if (!request) throw new DomainError('REQUEST_NOT_FOUND', 'no such request', { requestId });
    const facts = await loadPersonFacts(ctx.directory, request.personId);
    const unit = await ctx.directory.getOrgUnit(facts.person.orgUnitId);
    const decidedBy = request.decision ? await ctx.directory.getPerson(request.decision.by) : undefined;
    const day0 = today(ctx);
    const dates = request.days.map((d) => d.date).sort();
    const from = dates[0] ?? day0;
    const to = dates[dates.length - 1] ?? day0;
    const managerId = facts.person.managerId;

    const approvers = await ctx.store.read(async (r) =>
      currentApprovers(request.personId, managerId, managerId ? await r.listDelegations(managerId) : [], day0),
    );
    const currentApproverId = approvers[approvers.length - 1];
    const currentApprover = currentApproverId ? await ctx.directory.getPerson(currentApproverId) : undefined;

    return ctx.store.read(async (reader) => {
      const evaluation = await buildEvaluationContext(reader, facts, ctx.policy, day0, { from, to });
      const teamAwayByDate: ApprovalFacts['teamAwayByDate'] = {};
      for (const d of dates) {
        teamAwayByDate[d] = { away: evaluation.orgUnit.remoteByDate[d] ?? 0, size: facts.orgUnitSize };
      }
      const quotaByWeek: ApprovalFacts['quotaByWeek'] = {};
      for (let w = startOfIsoWeek(from); w <= to; w = addDays(w, 7)) quotaByWeek[w] = quotaSummary(evaluation, w);
      // Who may decide now: the current manager and the active deputy (not the stored approver,
      // whose delegation may have ended).
      const approverIds = new Set(
        currentApprovers(request.personId, managerId, managerId ? await reader.listDelegations(managerId) : [], day0),
      );
      return {
        request,
        person: facts.person,
        orgUnitName: unit?.name ?? facts.person.orgUnitId,
        teamAwayByDate,
        quotaByWeek,
        decidedBy,
        currentApprover,
        approverIds: [...approverIds],
        refreshUserIds: (await Promise.all([...approverIds].map(async (id) => (await reader.getConversation(id))?.teamsUserId)))
          .filter((mri): mri is string => typeof mri === 'string' && mri !== '')
          .slice(0, 60),
      };
    });
  }
}
