/**
 * Art. 17 DSGVO for one person on either store: finds the person's records (and the outbox jobs
 * about them), applies `eraseRules` in one transaction and returns what was deleted, anonymised
 * and kept (with the reasons). With `dryRun` nothing is written: the same counts say what would.
 */
import type { IsoDate } from '../domain/dates.js';
import type { MaintainableStore } from '../store/store.js';
import { eraseContext, eraseRules } from './erase-rules.js';
import { addCounts, planRewrite, type RewriteCounts } from './record-rules.js';

export async function erasePerson(store: MaintainableStore, personId: string, today: IsoDate, opts: { dryRun?: boolean } = {}): Promise<RewriteCounts> {
  const found = await store.findRecords(personId);
  const ownIds = [
    ...found.requests.filter((r) => r.personId === personId).map((r) => r.id),
    ...found.bookings.filter((b) => b.personId === personId).map((b) => b.id),
    ...found.tickets.filter((t) => t.reporterId === personId).map((t) => t.id),
  ];
  const results = await store.rewriteRecords({ mentioning: [personId, ...ownIds] }, (records) => {
    const { recordIds, open } = eraseContext(personId, today, records);
    const plan = planRewrite(records, eraseRules(personId, today, recordIds, open));
    return opts.dryRun ? { changes: {}, deleted: {}, result: plan.result } : plan;
  });
  return results.reduce<RewriteCounts>((a, b) => addCounts(a, b), {});
}
