/** Small text pieces the presenter needs that no template covers. */
import { formatDateShort } from '../cards/i18n.js';
import type { Locale, MobileWorkRequest } from '../domain/model.js';

/** "Mo, 30.11., Do, 03.12." — the days of a request that still count, at most 10 named. */
export function daysSummaryText(locale: Locale, request: MobileWorkRequest): string {
  const days = request.days.filter((d) => d.status === 'pending' || d.status === 'approved' || d.status === 'withdrawn' || d.status === 'cancelled');
  const named = days.slice(0, 10).map((d) => formatDateShort(locale, d.date));
  const more = days.length > 10 ? ` (+${days.length - 10})` : '';
  return named.join(', ') + more;
}
