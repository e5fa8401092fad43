import assert from 'node:assert/strict';
import { DomainError } from '../../src/domain/errors.js';
import type { DayVerdict, MobileWorkRequest, RequestDay, RequestStatus } from '../../src/domain/model.js';
import {
  activeDays,
  createRequestFromVerdicts,
  decideRequest,
  deriveRequestStatus,
  withdrawRequest,
} from '../../src/domain/request-lifecycle.js';
import { fullTime } from './fixtures.js';

const NOW = '2026-11-20T09:15:00.000Z';
const verdict = (date: string, outcome: DayVerdict['outcome'], portion: 1 | 0.5 = 1): DayVerdict => ({
  date,
  portion,
  ...(portion === 0.5 ? { half: 'morning' as const } : {}),
  outcome,
  reasons: [{ code: outcome === 'refused' ? 'QUOTA_HOURS' : outcome === 'allowed' ? 'OK' : 'APPROVAL_REQUIRED', params: {} }],
  policyVersion: date >= '2026-12-01' ? '2026-12-01' : '2019-01-01',
});

function create(verdicts: DayVerdict[]): MobileWorkRequest {
  const req = createRequestFromVerdicts({
    id: 'r1',
    number: 'MA-2026-00042',
    person: fullTime,
    track: 'occasional',
    approvalMode: 'required',
    approverId: 'max',
    verdicts,
    comment: 'Handwerker',
    now: NOW,
  });
  assert.ok(req);
  return req;
}

const day = (date: string, status: RequestDay['status']): RequestDay => ({ date, portion: 1, status });
const errorCode = (code: string) => (e: unknown) => e instanceof DomainError && e.code === code;

describe('request status from its days', () => {
  const cases: { days: RequestDay['status'][]; expected: RequestStatus }[] = [
    { days: ['pending'], expected: 'pending' },
    { days: ['pending', 'approved'], expected: 'pending' },
    { days: ['approved', 'approved'], expected: 'approved' },
    { days: ['approved', 'rejected'], expected: 'partially-approved' },
    { days: ['approved', 'rejected', 'cancelled'], expected: 'partially-approved' },
    { days: ['approved', 'cancelled'], expected: 'approved' },
    { days: ['approved', 'withdrawn'], expected: 'approved' },
    { days: ['cancelled', 'cancelled'], expected: 'cancelled' },
    { days: ['cancelled', 'rejected'], expected: 'cancelled' },
    { days: ['rejected', 'rejected'], expected: 'rejected' },
    { days: ['rejected', 'withdrawn'], expected: 'rejected' },
    { days: ['withdrawn', 'withdrawn'], expected: 'withdrawn' },
    { days: [], expected: 'withdrawn' },
  ];
  for (const c of cases) {
    it(`when the days are [${c.days.join(', ')}], then the request is ${c.expected}`, () => {
      assert.equal(deriveRequestStatus(c.days.map((s, i) => day(`2026-12-0${i + 1}`, s))), c.expected);
    });
  }
});

describe('creating a request from verdicts', () => {
  it('when some days are refused, then they are left out and the others keep their outcome', () => {
    const req = create([verdict('2026-11-23', 'refused'), verdict('2026-11-24', 'needs-approval'), verdict('2026-11-25', 'allowed', 0.5)]);
    assert.deepEqual(req.days, [
      { date: '2026-11-24', portion: 1, status: 'pending' },
      { date: '2026-11-25', portion: 0.5, half: 'morning', status: 'approved' },
    ]);
    assert.equal(req.status, 'pending');
    assert.equal(req.policyVersion, '2019-01-01');
    assert.equal(req.version, 0);
    assert.deepEqual(req.cards, []);
    assert.equal(req.personId, 'anna');
    assert.equal(req.orgUnitId, 'ordnungsamt');
    assert.equal(req.approverId, 'max');
    assert.equal(req.createdAt, NOW);
    assert.equal(req.updatedAt, NOW);
    assert.equal(req.comment, 'Handwerker');
  });

  it('when every day is allowed, then the request is approved at once', () => {
    assert.equal(create([verdict('2026-11-24', 'allowed')]).status, 'approved');
  });

  it('when every day is refused, then there is no request', () => {
    const req = createRequestFromVerdicts({
      id: 'r1', number: 'n', person: fullTime, track: 'occasional', approvalMode: 'required', verdicts: [verdict('2026-11-23', 'refused')], now: NOW,
    });
    assert.equal(req, undefined);
  });

  it('when the first kept day is under a newer version, then the request carries that version', () => {
    assert.equal(create([verdict('2026-11-30', 'refused'), verdict('2026-12-01', 'needs-approval')]).policyVersion, '2026-12-01');
  });
});

describe('deciding a request', () => {
  const pendingReq = () =>
    create([verdict('2026-11-23', 'allowed'), verdict('2026-11-24', 'needs-approval'), verdict('2026-11-25', 'needs-approval'), verdict('2026-11-26', 'needs-approval')]);

  const cases: {
    name: string;
    outcome: 'approve' | 'reject';
    dates?: string[];
    statuses: RequestDay['status'][];
    decision: 'approved' | 'rejected' | 'partially-approved';
    request: RequestStatus;
  }[] = [
    { name: 'approved as a whole', outcome: 'approve', statuses: ['approved', 'approved', 'approved', 'approved'], decision: 'approved', request: 'approved' },
    { name: 'rejected as a whole', outcome: 'reject', statuses: ['approved', 'rejected', 'rejected', 'rejected'], decision: 'rejected', request: 'partially-approved' },
    { name: 'approved for two dates only', outcome: 'approve', dates: ['2026-11-24', '2026-11-26'], statuses: ['approved', 'approved', 'rejected', 'approved'], decision: 'partially-approved', request: 'partially-approved' },
    { name: 'approved for no pending date', outcome: 'approve', dates: ['2026-11-23'], statuses: ['approved', 'rejected', 'rejected', 'rejected'], decision: 'rejected', request: 'partially-approved' },
  ];
  for (const c of cases) {
    it(`when the request is ${c.name}, then only pending days change and the decision says ${c.decision}`, () => {
      const before = pendingReq();
      const snapshot = JSON.stringify(before);
      const after = decideRequest(before, { by: 'max', at: '2026-11-21T08:00:00Z', outcome: c.outcome, ...(c.dates ? { dates: c.dates } : {}), comment: 'ok' });
      assert.deepEqual(after.days.map((d) => d.status), c.statuses);
      assert.equal(after.status, c.request);
      assert.deepEqual(after.decision, { by: 'max', at: '2026-11-21T08:00:00Z', outcome: c.decision, comment: 'ok' });
      assert.equal(after.updatedAt, '2026-11-21T08:00:00Z');
      assert.equal(JSON.stringify(before), snapshot, 'input not mutated');
    });
  }

  it('when nothing is pending any more, then deciding throws ALREADY_DECIDED', () => {
    const decided = decideRequest(pendingReq(), { by: 'max', at: NOW, outcome: 'approve' });
    assert.throws(() => decideRequest(decided, { by: 'max', at: NOW, outcome: 'reject' }), errorCode('ALREADY_DECIDED'));
  });
});

describe('withdrawing a request', () => {
  const req = () =>
    decideRequest(
      create([verdict('2026-11-19', 'needs-approval'), verdict('2026-11-20', 'needs-approval'), verdict('2026-11-23', 'needs-approval'), verdict('2026-11-24', 'needs-approval')]),
      { by: 'max', at: NOW, outcome: 'approve', dates: ['2026-11-19', '2026-11-20', '2026-11-23'] },
    );
  // days: 19 approved (past), 20 approved (today), 23 approved, 24 rejected

  it('when the owner withdraws everything, then future approved days are cancelled and the past stays', () => {
    const after = withdrawRequest(req(), { by: 'anna', at: NOW, today: '2026-11-20' });
    assert.deepEqual(after.days.map((d) => d.status), ['approved', 'cancelled', 'cancelled', 'rejected']);
    assert.equal(after.status, 'partially-approved');
  });

  it('when pending days are withdrawn, then they become withdrawn', () => {
    const pending = create([verdict('2026-11-23', 'needs-approval'), verdict('2026-11-24', 'needs-approval')]);
    const after = withdrawRequest(pending, { by: 'anna', at: NOW, today: '2026-11-20', dates: ['2026-11-24'] });
    assert.deepEqual(after.days.map((d) => d.status), ['pending', 'withdrawn']);
    assert.equal(after.status, 'pending');
    const all = withdrawRequest(after, { by: 'anna', at: NOW, today: '2026-11-20' });
    assert.equal(all.status, 'withdrawn');
  });

  it('when every approved day is cancelled, then the request is cancelled', () => {
    const approved = create([verdict('2026-11-23', 'allowed'), verdict('2026-11-24', 'allowed')]);
    assert.equal(withdrawRequest(approved, { by: 'anna', at: NOW, today: '2026-11-20' }).status, 'cancelled');
  });

  it('when someone else withdraws, then NOT_OWNER', () => {
    assert.throws(() => withdrawRequest(req(), { by: 'max', at: NOW, today: '2026-11-20' }), errorCode('NOT_OWNER'));
  });

  it('when only past or decided-against days are chosen, then NOTHING_TO_WITHDRAW', () => {
    assert.throws(() => withdrawRequest(req(), { by: 'anna', at: NOW, today: '2026-11-20', dates: ['2026-11-19', '2026-11-24'] }), errorCode('NOTHING_TO_WITHDRAW'));
  });
});

describe('active days of requests', () => {
  it('when requests hold days of every status, then only pending and approved days are active', () => {
    const a = create([verdict('2026-11-23', 'allowed'), verdict('2026-11-24', 'needs-approval'), verdict('2026-11-25', 'needs-approval', 0.5)]);
    const b = { ...withdrawRequest(a, { by: 'anna', at: NOW, today: '2026-11-20', dates: ['2026-11-23'] }), id: 'r2' };
    assert.deepEqual(activeDays([a, b]), [
      { date: '2026-11-23', portion: 1, status: 'approved', requestId: 'r1', track: 'occasional' },
      { date: '2026-11-24', portion: 1, status: 'pending', requestId: 'r1', track: 'occasional' },
      { date: '2026-11-25', portion: 0.5, status: 'pending', requestId: 'r1', half: 'morning', track: 'occasional' },
      { date: '2026-11-24', portion: 1, status: 'pending', requestId: 'r2', track: 'occasional' },
      { date: '2026-11-25', portion: 0.5, status: 'pending', requestId: 'r2', half: 'morning', track: 'occasional' },
    ]);
    assert.equal(activeDays([a, b], 'r1').length, 2);
  });

  it('when a planned day became an absence (calendar oof), then it no longer counts; the others do', () => {
    const a = create([verdict('2026-11-23', 'allowed'), verdict('2026-11-24', 'needs-approval')]);
    assert.deepEqual(
      activeDays([a], undefined, new Set(['2026-11-23'])).map((d) => d.date),
      ['2026-11-24'],
    );
    assert.deepEqual(activeDays([a], undefined, new Set(['2026-11-24'])).map((d) => d.date), ['2026-11-23']);
  });
});
