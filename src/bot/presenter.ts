/**
 * The presenter: application results → Adaptive Cards, through the view models and templates of
 * `src/cards` and `cards/`. No decisions here, only the choice of screen and its data.
 */
import { requestPreviewView } from '../cards/preview-views.js';
import { plannerView } from '../cards/planner-views.js';
import type { ApprovalFacts } from '../app/approval-facts.js';
import { daysSummaryText } from './presenter-text.js';
import { errorText, t } from '../cards/i18n.js';
import { renderCard } from '../cards/render.js';
import {
  approvalView,
  decisionNoticeView,
  delegationFormView,
  mainMenuView,
  messageView,
  myRequestsView,
  myWeekView,
  pendingListView,
  quotaView,
  reminderView,
  requestFormView,
  requestResultView,
} from '../cards/view-models.js';
import type { Locale } from '../domain/model.js';
import type { Card, Presenter } from './presenter-port.js';

export function createPresenter(opts: { timeZone?: string } = {}): Presenter {
  const timeZone = opts.timeZone ?? 'Europe/Berlin';
  const card = (c: object): Card => ({ ...c });

  const approvalInput = (facts: ApprovalFacts) => ({
    request: facts.request,
    person: { displayName: facts.person.displayName, orgUnitName: facts.orgUnitName },
    teamAwayByDate: facts.teamAwayByDate,
    quotaByWeek: facts.quotaByWeek,
    decidedByName: facts.decidedBy?.displayName,
    refreshUserIds: facts.refreshUserIds,
    timeZone,
  });

  const notice = (locale: Locale, titleKey: string, textKey: string, facts: ApprovalFacts) =>
    card(
      renderCard(
        'message',
        messageView(
          t(locale, titleKey, { number: facts.request.number }),
          t(locale, textKey, {
            name: facts.person.displayName,
            number: facts.request.number,
            days: daysSummaryText(locale, facts.request),
          }),
        ),
        locale,
      ),
    );

  return {
    menu: (locale, facts) => card(renderCard('main-menu', mainMenuView(locale, facts), locale)),
    requestForm: (locale, o) =>
      card(renderCard('request-form', requestFormView(locale, { rules: o.rules, policyName: o.policyName, today: o.today }), locale)),
    requestResult: (locale, r) => card(renderCard('request-result', requestResultView(locale, r.request, r.verdicts), locale)),
    requestPreview: (locale, spec, verdicts) => card(renderCard('request-preview', requestPreviewView(locale, spec, verdicts), locale)),
    planner: (locale, r) => card(renderCard('week-planner', plannerView(locale, r), locale)),
    myWeek: (locale, r) =>
      card(renderCard('my-week', myWeekView(locale, { weekStart: r.weekStart, today: r.today, days: r.days, quota: r.quota, suggestDeskOn: r.suggestDeskOn }), locale)),
    quota: (locale, r) =>
      card(renderCard('quota', quotaView(locale, { summary: r.summary, policyName: r.policyName, policyValidFrom: r.policyValidFrom }), locale)),
    myRequests: (locale, requests, today) => card(renderCard('my-requests', myRequestsView(locale, { requests, today }), locale)),
    pendingList: (locale, items) =>
      card(
        renderCard(
          'pending-list',
          pendingListView(
            locale,
            items.map((i) => ({ request: i.request, person: { displayName: i.personName } })),
            { timeZone },
          ),
          locale,
        ),
      ),
    approval: (locale, facts) => card(renderCard('approval', approvalView(locale, approvalInput(facts)), locale)),
    approvalHandedBack: (locale, facts) =>
      card(
        renderCard(
          'message',
          messageView(
            t(locale, 'approval.handedBackTitle', { number: facts.request.number }),
            t(locale, 'approval.handedBack', {
              number: facts.request.number,
              name: facts.person.displayName,
              approver: facts.currentApprover?.displayName ?? '—',
            }),
          ),
          locale,
        ),
      ),
    decisionNotice: (locale, facts) =>
      card(
        renderCard('decision-notice', decisionNoticeView(locale, { request: facts.request, deciderName: facts.decidedBy?.displayName, timeZone }), locale),
      ),
    managerNotice: (locale, facts) => notice(locale, 'notify.managerTitle', 'notify.managerText', facts),
    withdrawalNotice: (locale, facts) => notice(locale, 'notify.withdrawnTitle', 'notify.withdrawnText', facts),
    reminder: (locale, count) => card(renderCard('reminder', reminderView(locale, { count, timeZone }), locale)),
    delegationForm: (locale, o) =>
      card(
        renderCard(
          'delegation-form',
          delegationFormView(locale, {
            today: o.today,
            people: o.candidates.map((p) => ({ id: p.id, displayName: p.displayName })),
            active: o.current ? { delegation: o.current, deputyName: o.currentDeputyName ?? '—' } : undefined,
          }),
          locale,
        ),
      ),
    message: (locale, title, text) => card(renderCard('message', messageView(title, text, { showHelp: true }), locale)),
    errorText: (locale, code, params) => errorText(locale, code, params),
    text: (locale, key, params) => t(locale, key, params),
  };
}
