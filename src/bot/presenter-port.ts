/**
 * What the bot needs to show: each method turns an application result into an Adaptive Card
 * (templates in `cards/`, data built by `src/cards/view-models.ts`). Implemented by `presenter.ts`.
 */
import type { ApprovalFacts } from '../app/approval-facts.js';
import type { MenuFacts } from '../app/menu-facts.js';
import type { MyQuotaResult } from '../app/my-quota.js';
import type { MyWeekResult } from '../app/my-week.js';
import type { PlanWeeksResult } from '../app/plan-weeks.js';
import type { RequestDaysResult } from '../app/request-days.js';
import type { IsoDate } from '../domain/dates.js';
import type { DayVerdict, Delegation, Locale, MobileWorkRequest, Person, PolicyRules, ProposalSpec } from '../domain/model.js';

export type Card = Record<string, unknown>;

export interface FormOptions {
  today: IsoDate;
  /** The person's effective rules today (half days, home-only, …). */
  rules: PolicyRules;
  policyName: string;
}

export interface Presenter {
  menu(locale: Locale, facts: MenuFacts): Card;
  requestForm(locale: Locale, opts: FormOptions): Card;
  requestResult(locale: Locale, result: RequestDaysResult): Card;
  /** A typed request of more than one day: the verdicts to expect and "Beantragen". */
  requestPreview(locale: Locale, spec: ProposalSpec, verdicts: DayVerdict[]): Card;
  myWeek(locale: Locale, result: MyWeekResult): Card;
  /** The week planner (this and the next week), with the verdicts of the last send. */
  planner(locale: Locale, result: PlanWeeksResult): Card;
  quota(locale: Locale, result: MyQuotaResult): Card;
  myRequests(locale: Locale, requests: MobileWorkRequest[], today: IsoDate): Card;
  pendingList(locale: Locale, items: Array<{ request: MobileWorkRequest; personName: string }>): Card;
  /** The approver's card; shows the decision and no buttons once nothing is pending. */
  approval(locale: Locale, facts: ApprovalFacts): Card;
  /** A former deputy's copy of a still-open approval card: no longer theirs, no buttons. */
  approvalHandedBack(locale: Locale, facts: ApprovalFacts): Card;
  decisionNotice(locale: Locale, facts: ApprovalFacts): Card;
  managerNotice(locale: Locale, facts: ApprovalFacts): Card;
  withdrawalNotice(locale: Locale, facts: ApprovalFacts): Card;
  reminder(locale: Locale, pendingCount: number): Card;
  delegationForm(
    locale: Locale,
    opts: { candidates: Person[]; current?: Delegation; currentDeputyName?: string; today: IsoDate },
  ): Card;
  message(locale: Locale, title: string, text: string): Card;
  /** A translated, friendly text for an error code (domain or input), with parameters. */
  errorText(locale: Locale, code: string, params?: Record<string, string | number>): string;
  text(locale: Locale, key: string, params?: Record<string, string | number>): string;
}
