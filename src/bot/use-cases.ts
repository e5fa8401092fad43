/** The application's use cases as the bot sees them, built once in `src/index.ts`. */
import type { AppContext } from '../app/app-context.js';
import { ApprovalFactsQuery } from '../app/approval-facts.js';
import { DecideRequest } from '../app/decide-request.js';
import { HandBackApprovals } from '../app/hand-back-approvals.js';
import { ManageDelegation } from '../app/manage-delegation.js';
import { MyQuota } from '../app/my-quota.js';
import { MyRequests } from '../app/my-requests.js';
import { MenuFactsQuery } from '../app/menu-facts.js';
import { MyWeek } from '../app/my-week.js';
import { PlanWeeks } from '../app/plan-weeks.js';
import { PendingApprovals } from '../app/pending-approvals.js';
import { RegisterConversation } from '../app/register-conversation.js';
import { RequestCards } from '../app/request-cards.js';
import { RequestDays } from '../app/request-days.js';
import { WithdrawRequest } from '../app/withdraw-request.js';
import { ApprovalReminder } from '../app/jobs/approval-reminder.js';
import { BookDesk } from '../app/book-desk.js';
import { DeskBookings } from '../app/desk-bookings.js';
import { FindDesks } from '../app/find-desks.js';
import { PersonSettingsUseCase } from '../app/person-settings.js';
import { TeamDay } from '../app/team-day.js';
import { ReportVpnProblem } from '../app/report-vpn-problem.js';
import { NO_VPN_SETTINGS, type VpnSettings } from '../app/vpn-context.js';
import { VpnQueries } from '../app/vpn-queries.js';
import { VpnTicketActions } from '../app/vpn-ticket-actions.js';

export interface UseCases {
  requestDays: RequestDays;
  requestCards: RequestCards;
  decide: DecideRequest;
  withdraw: WithdrawRequest;
  myWeek: MyWeek;
  menuFacts: MenuFactsQuery;
  planWeeks: PlanWeeks;
  myQuota: MyQuota;
  myRequests: MyRequests;
  pending: PendingApprovals;
  approvalFacts: ApprovalFactsQuery;
  delegation: ManageDelegation;
  handBack: HandBackApprovals;
  approvalReminder: ApprovalReminder;
  registerConversation: RegisterConversation;
  bookDesk: BookDesk;
  deskBookings: DeskBookings;
  findDesks: FindDesks;
  teamDay: TeamDay;
  settings: PersonSettingsUseCase;
  reportVpn: ReportVpnProblem;
  vpnTickets: VpnTicketActions;
  vpnQueries: VpnQueries;
}

export function createUseCases(ctx: AppContext, vpn: VpnSettings = NO_VPN_SETTINGS): UseCases {
  const planners = {
    myWeek: new MyWeek(ctx),
    requestDays: new RequestDays(ctx),
    withdraw: new WithdrawRequest(ctx),
    bookDesk: new BookDesk(ctx),
    findDesks: new FindDesks(ctx),
    deskBookings: new DeskBookings(ctx),
  };
  return {
    ...planners,
    planWeeks: new PlanWeeks(ctx, planners),
    requestCards: new RequestCards(ctx),
    decide: new DecideRequest(ctx),
    menuFacts: new MenuFactsQuery(ctx),
    myQuota: new MyQuota(ctx),
    myRequests: new MyRequests(ctx),
    pending: new PendingApprovals(ctx),
    approvalFacts: new ApprovalFactsQuery(ctx),
    delegation: new ManageDelegation(ctx),
    handBack: new HandBackApprovals(ctx),
    approvalReminder: new ApprovalReminder(ctx),
    registerConversation: new RegisterConversation(ctx),
    teamDay: new TeamDay(ctx),
    settings: new PersonSettingsUseCase(ctx),
    reportVpn: new ReportVpnProblem(ctx, vpn),
    vpnTickets: new VpnTicketActions(ctx, vpn),
    vpnQueries: new VpnQueries(ctx, vpn),
  };
}
