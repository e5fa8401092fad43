/**
 * Reading the stored requests of people for the simulator, safely while the bot runs: on lowdb
 * through the reports' read-only reader (`readLowdbState`, which never opens the store for
 * writing), on PostgreSQL in one READ ONLY transaction with a working set reaching back to `since`.
 */
import type { AppConfig } from '../config/config.js';
import { daysBetween, type IsoDate } from '../domain/dates.js';
import type { MobileWorkRequest } from '../domain/model.js';
import { DataDirError, readLowdbState } from '../reports/read-bookings.js';
import { openPostgresStore } from '../store/postgres-store.js';

export async function readRequestsOfPeople(
  config: AppConfig,
  personIds: readonly string[],
  since: IsoDate,
  to: IsoDate,
  now: Date,
): Promise<MobileWorkRequest[]> {
  const today = now.toISOString().slice(0, 10);
  const inRange = (r: MobileWorkRequest) => r.days.some((d) => d.date >= since && d.date <= to);
  if (config.store === 'postgres') {
    if (!config.databaseUrl) throw new DataDirError('DATABASE_URL is required for STORE=postgres');
    const store = await openPostgresStore({ connectionString: config.databaseUrl, now: () => now, workingSetDays: Math.max(60, daysBetween(since, today) + 2) });
    try {
      return await store.read(async (r) => {
        const found: MobileWorkRequest[] = [];
        for (const id of personIds) found.push(...(await r.listRequestsOfPerson(id, since, to)));
        return found.filter(inRange);
      });
    } finally {
      await store.close();
    }
  }
  const state = await readLowdbState(config.dataDir);
  return personIds.flatMap((id) => state.requestsOfPerson(id)).filter(inRange);
}
