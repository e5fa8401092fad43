/**
 * The preview of a typed request of more than one day ("Montag bis Mittwoch nächste Woche mobil"):
 * what the agreement would say to each day, and "Beantragen" — nothing reaches the manager before
 * that click. The action data carries the proposal (kind and dates) only.
 */
import type { IsoDate } from '../domain/dates.js';
import type { DayVerdict, Locale, ProposalSpec } from '../domain/model.js';
import { reasonText, t } from './i18n.js';
import { capList, dayLabel, MAX_DAY_ROWS, OUTCOME_COLOR, type DayOutcome } from './view-helpers.js';
import type { ResultDayRow } from './employee-views.js';

export interface RequestPreviewView {
  title: string;
  summary: string;
  days: ResultDayRow[];
  hasMore: boolean;
  moreText: string;
  canRequest: boolean;
  kind: 'dates' | 'range' | 'recurring';
  dates: string;
  from: IsoDate | '';
  to: IsoDate | '';
  until: IsoDate | '';
  weekdays: string;
  half: string;
}

const PREVIEW_KEY: Readonly<Record<DayOutcome, string>> = { approved: 'preview.allowed', pending: 'preview.needsApproval', rejected: 'preview.refused' };

export function requestPreviewView(locale: Locale, spec: ProposalSpec, verdicts: readonly DayVerdict[]): RequestPreviewView {
  const sorted = [...verdicts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const rows = sorted.map((v): ResultDayRow => {
    const outcome: DayOutcome = v.outcome === 'allowed' ? 'approved' : v.outcome === 'needs-approval' ? 'pending' : 'rejected';
    const reason = v.reasons[0];
    const text = outcome === 'rejected' && reason && reason.code !== 'OK' ? reasonText(locale, reason) : '';
    return { dateText: dayLabel(locale, v), statusText: t(locale, PREVIEW_KEY[outcome]), color: OUTCOME_COLOR[outcome], reasonText: text, hasReason: text !== '' };
  });
  const possible = sorted.filter((v) => v.outcome !== 'refused').length;
  const capped = capList(rows, MAX_DAY_ROWS);
  return {
    title: t(locale, 'preview.title'),
    summary: t(locale, possible > 0 ? 'preview.summary' : 'preview.summaryNone', { n: possible, total: sorted.length }),
    days: capped.shown,
    hasMore: capped.hasMore,
    moreText: t(locale, 'result.more', { total: capped.total, shown: capped.shown.length }),
    canRequest: possible > 0,
    kind: spec.type,
    dates: spec.type === 'dates' ? spec.dates.join(',') : '',
    from: spec.type === 'dates' ? '' : spec.from,
    to: spec.type === 'range' ? spec.to : '',
    until: spec.type === 'recurring' ? spec.until : '',
    weekdays: spec.type === 'recurring' ? spec.weekdays.join(',') : '',
    half: spec.half ?? '',
  };
}
