/**
 * Query: what the help card needs for this person — whether they decide requests, and a day the
 * first example ("Morgen mobil") may name so that it is valid under the agreement in force for
 * them (two days' lead time refuses "morgen" every time).
 */
import { addDays, type IsoDate } from '../domain/dates.js';
import { evaluateProposal } from '../domain/quota-engine.js';
import { today, type AppContext } from './app-context.js';
import { buildEvaluationContext } from './evaluation-context.js';
import { loadPersonFacts } from './person-facts.js';

export interface MenuFacts {
  isManager: boolean;
  today: IsoDate;
  /** The first day from tomorrow on a one-day request would not be refused for (within 4 weeks). */
  exampleDay?: IsoDate;
}

const LOOK_AHEAD_DAYS = 28;

export class MenuFactsQuery {
  constructor(private readonly ctx: AppContext) {}

  async execute(userId: string): Promise<MenuFacts> {
    const { ctx } = this;
    const day0 = today(ctx);
    const isManager = (await ctx.directory.listReports(userId)).length > 0;
    const person = await ctx.directory.getPerson(userId);
    if (!person) return { isManager, today: day0 };
    const facts = await loadPersonFacts(ctx.directory, userId);
    const from = addDays(day0, 1);
    const to = addDays(day0, LOOK_AHEAD_DAYS);
    const exampleDay = await ctx.store.read(async (reader) => {
      const evaluation = await buildEvaluationContext(reader, facts, ctx.policy, day0, { from, to });
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const [verdict] = evaluateProposal(evaluation, 'occasional', [{ date: d, portion: 1 }]);
        if (verdict && verdict.outcome !== 'refused') return d;
      }
      return undefined;
    });
    return { isManager, today: day0, ...(exampleDay ? { exampleDay } : {}) };
  }
}
