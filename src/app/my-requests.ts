/** Query: the person's requests that still matter (a day today or later), newest first. */
import type { MobileWorkRequest } from '../domain/model.js';
import { today, type AppContext } from './app-context.js';

export class MyRequests {
  constructor(private readonly ctx: AppContext) {}

  async execute(userId: string): Promise<MobileWorkRequest[]> {
    const day0 = today(this.ctx);
    const list = await this.ctx.store.read((r) => r.listRequestsOfPerson(userId, day0));
    return list
      .filter((r) => r.days.some((d) => d.date >= day0))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, 20);
  }
}
