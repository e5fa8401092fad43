/** Query: "Mein Kontingent" — the quota of the window containing a day (default today). */
import type { IsoDate } from '../domain/dates.js';
import { rulesInForce } from '../domain/policy-resolution.js';
import { quotaSummary } from '../domain/quota-summary.js';
import type { PolicyRules } from '../domain/model.js';
import { today, type AppContext } from './app-context.js';
import { buildEvaluationContext } from './evaluation-context.js';
import { loadPersonFacts } from './person-facts.js';

export interface MyQuotaResult {
  date: IsoDate;
  summary: ReturnType<typeof quotaSummary>;
  policyName?: string;
  policyValidFrom?: IsoDate;
  rules?: PolicyRules;
}

export class MyQuota {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: { userId: string; date?: IsoDate }): Promise<MyQuotaResult> {
    const { ctx } = this;
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const day0 = today(ctx);
    const date = input.date ?? day0;
    const { version, rules } = rulesInForce(ctx.policy, facts.orgUnitChain, date);
    return ctx.store.read(async (reader) => {
      const evaluation = await buildEvaluationContext(reader, facts, ctx.policy, day0, { from: date, to: date });
      return {
        date,
        summary: quotaSummary(evaluation, date),
        policyName: version.name,
        policyValidFrom: version.validFrom,
        rules,
      };
    });
  }
}
