/** Query: free desks for a day or half day, with the person's filters; the team's zone first. */
import type { DeskQuery } from '../domain/desk-availability.js';
import { findFreeDesks } from '../domain/desk-availability.js';
import { today, type AppContext } from './app-context.js';
import { bookingContext } from './desk-booking-context.js';
import { loadPersonFacts } from './person-facts.js';

export class FindDesks {
  constructor(private readonly ctx: AppContext) {}

  async execute(input: { userId: string; query: DeskQuery; limit?: number }): Promise<ReturnType<typeof findFreeDesks>> {
    const { ctx } = this;
    const facts = await loadPersonFacts(ctx.directory, input.userId);
    const team = (await ctx.directory.listOrgUnitMembers(facts.person.orgUnitId)).map((p) => p.id).filter((id) => id !== facts.person.id);
    const day0 = today(ctx);
    return ctx.store.read(async (reader) =>
      findFreeDesks(await bookingContext(ctx, reader, facts, input.query.date, day0, team), input.query, input.limit ?? 10),
    );
  }
}
