import assert from 'node:assert/strict';
import fc from 'fast-check';
import { activeDeputy, currentApprovers, decisionRole, mayDecide, resolveApprover, validateDelegation, type DecisionRole } from '../../src/domain/approver.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Delegation, MobileWorkRequest } from '../../src/domain/model.js';
import { fullTime } from './fixtures.js';

const delegation = (over: Partial<Delegation>): Delegation => ({
  id: 'd1',
  managerId: 'max',
  deputyId: 'dora',
  from: '2026-11-16',
  to: '2026-11-27',
  createdAt: '2026-11-10T10:00:00Z',
  ...over,
});

describe('the active deputy of a manager', () => {
  const cases: { name: string; delegations: Delegation[]; today: string; expected: string | undefined }[] = [
    { name: 'no delegation', delegations: [], today: '2026-11-20', expected: undefined },
    { name: 'a delegation covering today', delegations: [delegation({})], today: '2026-11-20', expected: 'dora' },
    { name: 'its first day', delegations: [delegation({})], today: '2026-11-16', expected: 'dora' },
    { name: 'its last day', delegations: [delegation({})], today: '2026-11-27', expected: 'dora' },
    { name: 'the day after', delegations: [delegation({})], today: '2026-11-28', expected: undefined },
    { name: 'a revoked delegation', delegations: [delegation({ revoked: true })], today: '2026-11-20', expected: undefined },
    { name: 'another manager’s delegation', delegations: [delegation({ managerId: 'mia' })], today: '2026-11-20', expected: undefined },
    {
      name: 'two overlapping delegations',
      delegations: [delegation({ id: 'd2', deputyId: 'dirk', createdAt: '2026-11-12T10:00:00Z' }), delegation({})],
      today: '2026-11-20',
      expected: 'dirk',
    },
  ];
  for (const c of cases) {
    it(`when there is ${c.name}, then the deputy is ${c.expected ?? 'nobody'}`, () => {
      assert.equal(activeDeputy(c.delegations, 'max', c.today), c.expected);
    });
  }
});

describe('resolving the approver', () => {
  it('when the manager is present, then the manager approves', () => {
    assert.deepEqual(resolveApprover(fullTime, [], '2026-11-20'), { approverId: 'max' });
  });
  it('when a deputy is active, then the deputy approves for the manager', () => {
    assert.deepEqual(resolveApprover(fullTime, [delegation({})], '2026-11-20'), { approverId: 'dora', deputyFor: 'max' });
  });
  it('when the person is the manager’s deputy, then the manager stays approver', () => {
    assert.deepEqual(resolveApprover(fullTime, [delegation({ deputyId: 'anna' })], '2026-11-20'), { approverId: 'max' });
  });
  it('when the person has no manager, then there is no approver', () => {
    const noManager = { ...fullTime, managerId: undefined };
    assert.equal(resolveApprover(noManager, [delegation({})], '2026-11-20'), undefined);
  });
});

describe('who may decide (authority follows the delegations in force, never the stored approver)', () => {
  const req = { id: 'r1', personId: 'anna', approverId: 'dora' } as MobileWorkRequest;
  const dora = delegation({}); // 2026-11-16 .. 2026-11-27
  const cases: { name: string; user: string; managerId: string | undefined; delegations: Delegation[]; today: string; role: DecisionRole }[] = [
    { name: 'the stored approver whose period has ended', user: 'dora', managerId: 'max', delegations: [dora], today: '2026-11-28', role: 'former-deputy' },
    { name: 'the stored approver whose delegation was revoked', user: 'dora', managerId: 'max', delegations: [{ ...dora, revoked: true }], today: '2026-11-20', role: 'former-deputy' },
    { name: 'the stored approver with no delegation at all', user: 'dora', managerId: 'max', delegations: [], today: '2026-11-20', role: 'none' },
    { name: 'the stored approver replaced by a later delegation', user: 'dora', managerId: 'max', delegations: [dora, delegation({ id: 'd2', deputyId: 'dirk', createdAt: '2026-11-18T10:00:00Z' })], today: '2026-11-20', role: 'former-deputy' },
    { name: 'the deputy on the last day of the period', user: 'dora', managerId: 'max', delegations: [dora], today: '2026-11-27', role: 'deputy' },
    { name: 'a deputy whose period has not begun', user: 'dora', managerId: 'max', delegations: [dora], today: '2026-11-10', role: 'none' },
    { name: 'the current manager', user: 'max', managerId: 'max', delegations: [], today: '2026-11-20', role: 'manager' },
    { name: 'the manager while a deputy is active', user: 'max', managerId: 'max', delegations: [dora], today: '2026-11-20', role: 'manager' },
    { name: 'an active deputy not stored on the request', user: 'dirk', managerId: 'max', delegations: [delegation({ deputyId: 'dirk' })], today: '2026-11-20', role: 'deputy' },
    { name: 'the deputy of another manager', user: 'dirk', managerId: 'max', delegations: [delegation({ managerId: 'mia', deputyId: 'dirk' })], today: '2026-11-20', role: 'none' },
    { name: 'anybody else', user: 'eve', managerId: 'max', delegations: [], today: '2026-11-20', role: 'none' },
    { name: 'anybody, when the person has no manager', user: 'eve', managerId: undefined, delegations: [], today: '2026-11-20', role: 'none' },
    { name: 'the requester who is also the active deputy', user: 'anna', managerId: 'max', delegations: [delegation({ deputyId: 'anna' })], today: '2026-11-20', role: 'requester' },
    { name: 'the requester who is their own manager', user: 'anna', managerId: 'anna', delegations: [], today: '2026-11-20', role: 'requester' },
  ];
  for (const c of cases) {
    const allowed = c.role === 'manager' || c.role === 'deputy';
    it(`when ${c.name} decides on ${c.today}, then the role is ${c.role} and it is ${allowed ? 'allowed' : 'not allowed'}`, () => {
      assert.equal(decisionRole(req, c.user, c.managerId, c.delegations, c.today), c.role);
      assert.equal(mayDecide(req, c.user, c.managerId, c.delegations, c.today), allowed);
    });
  }

  it('the approvers of a request are the manager and the active deputy, never the requester', () => {
    assert.deepEqual(currentApprovers('anna', 'max', [dora], '2026-11-20'), ['max', 'dora']);
    assert.deepEqual(currentApprovers('anna', 'max', [dora], '2026-11-28'), ['max']);
    assert.deepEqual(currentApprovers('anna', 'max', [delegation({ deputyId: 'anna' })], '2026-11-20'), ['max']);
    assert.deepEqual(currentApprovers('anna', undefined, [dora], '2026-11-20'), []);
  });

  it('property: whoever may decide is one of the current approvers, and the stored approver never matters', () => {
    const people = ['anna', 'max', 'dora', 'dirk', 'eve'];
    const day = fc.integer({ min: 1, max: 28 }).map((n) => `2026-11-${String(n).padStart(2, '0')}`);
    const arbDelegation = fc.record({
      id: fc.string(), managerId: fc.constantFrom('max', 'mia'), deputyId: fc.constantFrom(...people),
      from: day, to: day, createdAt: fc.constantFrom('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), revoked: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.constantFrom(...people), fc.option(fc.constantFrom(...people), { nil: undefined }), fc.array(arbDelegation, { maxLength: 5 }), day, fc.constantFrom(...people),
        (user, stored, delegations, today, manager) => {
          const r = { ...req, approverId: stored };
          const allowed = mayDecide(r, user, manager, delegations, today);
          assert.equal(allowed, mayDecide({ ...r, approverId: user } as MobileWorkRequest, user, manager, delegations, today));
          assert.equal(allowed, currentApprovers('anna', manager, delegations, today).includes(user));
        }),
    );
  });
});

describe('validating a delegation', () => {
  const cases: { name: string; d: Delegation; ok: boolean }[] = [
    { name: 'a future fortnight', d: delegation({}), ok: true },
    { name: 'a single day today', d: delegation({ from: '2026-11-20', to: '2026-11-20' }), ok: true },
    { name: 'the manager as own deputy', d: delegation({ deputyId: 'max' }), ok: false },
    { name: 'an end before the start', d: delegation({ from: '2026-11-27', to: '2026-11-16' }), ok: false },
    { name: 'an end in the past', d: delegation({ from: '2026-11-01', to: '2026-11-19' }), ok: false },
    { name: 'a non-ISO date', d: delegation({ to: '27.11.2026' }), ok: false },
  ];
  for (const c of cases) {
    it(`when the delegation is ${c.name}, then it is ${c.ok ? 'valid' : 'INVALID_DELEGATION'}`, () => {
      if (c.ok) validateDelegation(c.d, '2026-11-20');
      else assert.throws(() => validateDelegation(c.d, '2026-11-20'), (e: unknown) => e instanceof DomainError && e.code === 'INVALID_DELEGATION');
    });
  }
});
