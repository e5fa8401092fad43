import assert from 'node:assert/strict';
import type { DayVerdict, MobileWorkRequest } from '../../src/domain/model.js';
import {
  approvalView,
  decisionNoticeView,
  delegationFormView,
  myRequestsView,
  myWeekView,
  pendingListView,
  quotaView,
  requestFormView,
  requestResultView,
  reminderView,
  type MyWeekInput,
} from '../../src/cards/view-models.js';
import { MAX_DAY_ROWS, MAX_LIST_ITEMS } from '../../src/cards/view-helpers.js';
import { LONG_NAME, QUOTA, QUOTA_CAPS, REFRESH_IDS, RULES, TODAY, makeRequest, workdays } from './fixtures.js';

describe('view models', () => {
  describe('requestResultView', () => {
    const verdicts: DayVerdict[] = [
      { date: '2026-12-02', portion: 1, outcome: 'refused', reasons: [{ code: 'PRESENCE_DAY', params: {} }] },
      { date: '2026-11-30', portion: 1, outcome: 'allowed', reasons: [{ code: 'OK', params: {} }] },
      { date: '2026-12-01', portion: 0.5, half: 'morning', outcome: 'needs-approval', reasons: [{ code: 'APPROVAL_REQUIRED', params: {} }] },
    ];
    const request = makeRequest(1, [], {
      days: [
        { date: '2026-11-30', portion: 1, status: 'approved' },
        { date: '2026-12-01', portion: 0.5, half: 'morning', status: 'pending' },
      ],
    });

    it('lists the days in date order with words and reasons', () => {
      const v = requestResultView('de', request, verdicts);
      assert.deepEqual(
        v.days.map((d) => [d.dateText, d.statusText, d.reasonText]),
        [
          ['Mo, 30.11.2026', 'genehmigt', ''],
          ['Di, 01.12.2026, vormittags', 'wartet auf Genehmigung', 'Ihre Führungskraft entscheidet über diesen Tag.'],
          ['Mi, 02.12.2026', 'abgelehnt', 'Dieser Tag ist ein fester Präsenztag im Büro.'],
        ],
      );
      assert.equal(v.summary, '1 Tag genehmigt, 1 Tag wartet auf Genehmigung, 1 Tag abgelehnt');
      assert.equal(v.title, 'Ihr Antrag MA-2026-00001');
      assert.equal(v.canWithdraw, true);
      assert.equal(v.requestId, request.id);
      assert.equal(v.weekStart, '2026-11-30');
    });

    it('without a saved request: no withdraw button', () => {
      const v = requestResultView('en', undefined, [verdicts[0] as DayVerdict]);
      assert.equal(v.title, 'Your request could not be made');
      assert.equal(v.canWithdraw, false);
      assert.equal(v.summary, '1 day rejected');
      assert.equal(v.nextSteps, 'Please choose other days. You will find the reason next to each day.');
    });
  });

  it('requestFormView: dates limited by lead time and horizon, flags from the policy', () => {
    const v = requestFormView('de', { rules: RULES, policyName: 'DV 2024', today: TODAY });
    assert.equal(v.minDate, '2026-11-26');
    assert.equal(v.maxDate, '2027-05-24');
    assert.equal(v.homeOnly, true);
    assert.equal(v.halfDaysAllowed, true);
    assert.deepEqual(v.weekdayChoices.map((c) => c.value), ['1', '2', '3', '4', '5']);
    assert.equal(v.values.half, 'whole');
    assert.equal(v.hasError, false);
  });

  describe('myWeekView', () => {
    const base: MyWeekInput = {
      weekStart: '2026-12-23',
      today: '2026-12-22',
      days: [
        { date: '2026-12-25', status: 'holiday', holidayName: '1. Weihnachtstag' },
        { date: '2026-12-21', status: 'remote-approved' },
        { date: '2026-12-22', status: 'presence-day' },
        { date: '2026-12-23', status: 'remote-pending', half: 'afternoon' },
        { date: '2026-12-24', status: 'office' },
      ],
    };

    it('shows one status per day, in date order', () => {
      const v = myWeekView('de', base);
      assert.deepEqual(
        v.days.map((d) => [d.dateText, d.statusText]),
        [
          ['Mo, 21.12.2026', 'Mobil (genehmigt)'],
          ['Di, 22.12.2026 (heute)', 'Präsenztag'],
          ['Mi, 23.12.2026', 'Mobil nachmittags (beantragt)'],
          ['Do, 24.12.2026', 'Büro'],
          ['Fr, 25.12.2026', 'Feiertag: 1. Weihnachtstag'],
        ],
      );
      assert.equal(v.title, 'Meine Woche: KW 52');
      assert.equal(v.rangeText, '21.12.2026 – 25.12.2026');
      assert.equal(v.prevWeekStart, '2026-12-14');
      assert.equal(v.nextWeekStart, '2026-12-28');
      assert.equal(v.hasQuota, false);
    });

    it('English words, weekend days off', () => {
      const v = myWeekView('en', { ...base, days: [...base.days, { date: '2026-12-26', status: 'non-working' }] });
      assert.equal(v.days[4]?.statusText, 'Public holiday: 1. Weihnachtstag');
      assert.equal(v.days[5]?.statusText, 'off');
      assert.equal(v.days[0]?.statusText, 'Remote (approved)');
    });

    it('shows the quota line only for the week it belongs to', () => {
      assert.equal(myWeekView('de', { ...base, quota: { ...QUOTA, week: 52 } }).hasQuota, true);
      assert.equal(myWeekView('de', { ...base, quota: QUOTA }).hasQuota, false);
    });
  });

  it('when the agreement has several caps, then the quota card shows every cap with used of allowed and its window, and what is left of each', () => {
    const de = quotaView('de', { summary: QUOTA_CAPS });
    assert.deepEqual(
      de.facts.map((f) => `${f.title}: ${f.value}`),
      [
        'Telearbeit (regelmäßig): 31,2 Std. von 46,8 Std. (KW 48–49)',
        'Mobiles Arbeiten (gelegentlich): 24 von 24 Tagen (2. Halbjahr 2026)',
        'Anteil Ihrer Arbeitszeit: 78 Std. von 124,8 Std. (November 2026)',
        'Bürotage in KW 48: 2,5 (mindestens 2)',
      ],
    );
    assert.match(de.leftText, /^„Telearbeit \(regelmäßig\)“: noch 15,6 Std\. \(KW 48–49\)\. „Mobiles Arbeiten \(gelegentlich\)“: ausgeschöpft \(2\. Halbjahr 2026\)\. /);
    assert.match(quotaView('en', { summary: QUOTA_CAPS }).leftText, /"Mobiles Arbeiten \(gelegentlich\)": used up/);
  });

  it('quotaView: window, used of limit, rule', () => {
    const month = { ...QUOTA, window: { from: '2026-11-01', to: '2026-11-30', kind: 'month' as const } };
    const v = quotaView('de', { summary: month, policyName: 'DV 2024', policyValidFrom: '2024-01-01' });
    assert.deepEqual(v.facts.map((f) => f.value), ['November 2026', '19,5 von 62,4 Std.', '2,5 von 3', '2,5 (mindestens 2)']);
    assert.equal(v.ruleText, 'Grundlage: DV 2024, gültig ab 01.01.2024');
    assert.equal(v.leftText, 'In KW 48 können Sie noch 0,5 Tage mobil arbeiten. Im Zeitraum November 2026 können Sie noch 42,9 Std. mobil arbeiten.');
    const full = quotaView('de', { summary: { ...QUOTA, usedDaysInWeek: 3, usedHours: 62.4 } });
    assert.equal(full.leftText, 'Ihr Kontingent für KW 48 ist ausgeschöpft. Ihr Kontingent für KW 48–49 ist ausgeschöpft.');
    assert.equal(full.hasRule, false);
    const none = quotaView('en', { summary: { ...QUOTA, limitHours: undefined, maxDaysPerWeek: undefined } });
    assert.equal(none.leftText, 'There is no upper limit for your mobile work.');
  });

  describe('approvalView', () => {
    const request = makeRequest(5, workdays('2026-11-30', 30));
    const input = {
      request,
      person: { displayName: LONG_NAME, orgUnitName: 'Hauptamt' },
      teamAwayByDate: { '2026-11-30': { away: 3, size: 12 } },
      refreshUserIds: [...REFRESH_IDS, REFRESH_IDS[0] ?? ''],
    };

    it('pending: capped rows, choices for every pending day, refresh for ≤ 60 users', () => {
      const v = approvalView('de', input);
      assert.equal(v.decided, false);
      assert.equal(v.days.length, MAX_DAY_ROWS);
      assert.equal(v.hasMore, true);
      assert.equal(v.dayChoices.length, 30);
      assert.ok(v.dayChoices.every((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.value)));
      assert.equal(v.refreshUserIds.length, 60);
      assert.equal(v.days[0]?.teamText, '3 von 12 im Team an diesem Tag bereits mobil');
      assert.equal(v.days[1]?.hasTeam, false);
      assert.equal(v.days[0]?.statusText, 'offen');
      assert.equal(v.canApproveSome, true);
    });

    it('decided: outcome, who and when; no refresh and no choices', () => {
      const decided: MobileWorkRequest = {
        ...request,
        status: 'rejected',
        days: request.days.map((d) => ({ ...d, status: 'rejected' })),
        decision: { by: 'm', at: '2026-11-25T13:05:00Z', outcome: 'rejected', comment: 'Bitte Präsenz im Dezember.' },
      };
      const v = approvalView('de', { ...input, request: decided, decidedByName: 'Petra Schmidt' });
      assert.equal(v.decided, true);
      assert.equal(v.decisionText, 'Abgelehnt von Petra Schmidt am 25.11.2026, 14:05 Uhr');
      assert.equal(v.decisionComment, 'Kommentar: Bitte Präsenz im Dezember.');
      assert.equal(v.hasRefresh, false);
      assert.deepEqual(v.dayChoices, []);
      assert.equal(v.canApproveSome, false);
    });

    it('per-day quota from the weekly summaries', () => {
      const v = approvalView('de', { ...input, quotaByWeek: { '2026-11-30': { ...QUOTA, week: 49 } } });
      assert.equal(v.days[0]?.quotaText, 'KW 49: 2,5 von 3 mobilen Tagen verplant · 19,5 von 62,4 Stunden mobil verplant');
      assert.equal(v.days[5]?.hasQuota, false);
    });

    it('one pending day: no "approve some"', () => {
      assert.equal(approvalView('en', { ...input, request: makeRequest(6, ['2026-12-01']) }).canApproveSome, false);
    });

    it('standing agreements show the pattern', () => {
      const standing = makeRequest(7, ['2026-12-07'], {
        standing: { weekdays: [5, 1], validFrom: '2026-12-07', validTo: '2027-06-30', trialUntil: '2027-03-31' },
      });
      assert.equal(
        approvalView('de', { ...input, request: standing }).patternText,
        'Regelmäßig jeden Montag und Freitag, vom 07.12.2026 bis 30.06.2027 · Probezeit bis 31.03.2027',
      );
    });
  });

  it('pendingListView: oldest first, capped, bulk ids match what is shown', () => {
    const items = Array.from({ length: 25 }, (_, i) => ({
      request: makeRequest(i, ['2026-12-01', '2026-12-02'], { createdAt: `2026-11-${String(25 - i).padStart(2, '0')}T08:00:00Z` }),
      person: { displayName: `Person ${i}` },
    }));
    const v = pendingListView('de', items);
    assert.equal(v.title, 'Offene Anträge (25)');
    assert.equal(v.items.length, MAX_LIST_ITEMS);
    assert.equal(v.items[0]?.name, 'Person 24');
    assert.deepEqual(v.requestIds, v.items.map((i) => i.requestId));
    assert.equal(v.items[0]?.daysText, '1,5 Tage (01.12.2026 – 02.12.2026)');
    assert.equal(pendingListView('de', items.slice(0, 1)).canBulkApprove, false);
  });

  it('myRequestsView: only upcoming active requests, soonest first', () => {
    const later = makeRequest(1, ['2026-12-10']);
    const sooner = makeRequest(2, ['2026-11-20', '2026-12-01']);
    const past = makeRequest(3, ['2026-11-20']);
    const withdrawn = makeRequest(4, ['2026-12-05'], { status: 'withdrawn', days: [{ date: '2026-12-05', portion: 1, status: 'withdrawn' }] });
    const v = myRequestsView('de', { requests: [later, sooner, past, withdrawn], today: TODAY });
    assert.deepEqual(v.items.map((i) => i.number), ['MA-2026-00002', 'MA-2026-00001']);
    assert.equal(v.items[0]?.statusText, 'wartet auf Genehmigung');
  });

  it('decisionNoticeView: title and counts by outcome', () => {
    const r = makeRequest(8, ['2026-12-01', '2026-12-02', '2026-12-03'], { status: 'partially-approved' });
    const decided: MobileWorkRequest = {
      ...r,
      days: r.days.map((d, i) => ({ ...d, status: i === 0 ? 'rejected' : 'approved' })),
      decision: { by: 'm', at: '2026-11-25T13:05:00Z', outcome: 'partially-approved' },
    };
    const v = decisionNoticeView('de', { request: decided, deciderName: 'Petra Schmidt' });
    assert.equal(v.title, 'Ihr Antrag MA-2026-00008 wurde teilweise genehmigt');
    assert.equal(v.summary, '2 Tage genehmigt, 1 Tag abgelehnt');
    assert.match(v.decidedText, /^Entschieden von Petra Schmidt am 25\.11\.2026, 14:05 Uhr\./);
    assert.equal(v.weekStart, '2026-11-30');
    assert.equal(v.style, 'warning');
  });

  it('delegationFormView: revoked or past delegations are not shown as active', () => {
    const delegation = { id: 'd1', managerId: 'm', deputyId: 'p', from: '2026-12-01', to: '2026-12-31', createdAt: '2026-11-01T00:00:00Z' };
    const people = [{ id: 'p2', displayName: 'Zoe Zimmermann' }, { id: 'p1', displayName: 'Anna Amsel' }];
    assert.equal(delegationFormView('de', { today: TODAY, people, active: { delegation, deputyName: 'Anna Amsel' } }).activeText, 'Anna Amsel vertritt Sie vom 01.12.2026 bis 31.12.2026.');
    assert.equal(delegationFormView('de', { today: TODAY, people, active: { delegation: { ...delegation, revoked: true }, deputyName: 'A' } }).hasActive, false);
    assert.equal(delegationFormView('de', { today: '2027-01-01', people, active: { delegation, deputyName: 'A' } }).hasActive, false);
    assert.deepEqual(delegationFormView('de', { today: TODAY, people }).people.map((p) => p.value), ['p1', 'p2']);
  });

  it('reminderView: singular and plural', () => {
    assert.equal(reminderView('de', { count: 1 }).text, '1 Antrag wartet auf Ihre Entscheidung.');
    assert.equal(reminderView('en', { count: 5 }).text, '5 requests are waiting for your decision.');
  });
});
