import assert from 'node:assert/strict';
import { activeDeputy, mayDecide, resolveApprover, validateDelegation } from '../../src/domain/approver.js';
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

describe('who may decide', () => {
  const req = { id: 'r1', personId: 'anna', approverId: 'dora' } as MobileWorkRequest;
  const cases: { user: string; managerId: string | undefined; delegations: Delegation[]; today: string; expected: boolean }[] = [
    { user: 'dora', managerId: 'max', delegations: [], today: '2026-12-20', expected: true }, // stored approver
    { user: 'max', managerId: 'max', delegations: [], today: '2026-11-20', expected: true }, // current manager
    { user: 'dirk', managerId: 'max', delegations: [delegation({ deputyId: 'dirk' })], today: '2026-11-20', expected: true },
    { user: 'dirk', managerId: 'max', delegations: [delegation({ deputyId: 'dirk' })], today: '2026-12-20', expected: false },
    { user: 'eve', managerId: 'max', delegations: [], today: '2026-11-20', expected: false },
    { user: 'eve', managerId: undefined, delegations: [], today: '2026-11-20', expected: false },
    { user: 'anna', managerId: 'anna', delegations: [delegation({ deputyId: 'anna' })], today: '2026-11-20', expected: false },
  ];
  for (const c of cases) {
    it(`when ${c.user} decides on ${c.today} (manager ${c.managerId ?? 'none'}), then ${c.expected ? 'allowed' : 'not allowed'}`, () => {
      assert.equal(mayDecide(req, c.user, c.managerId, c.delegations, c.today), c.expected);
    });
  }
  it('when the requester is the stored approver, then still not allowed', () => {
    assert.equal(mayDecide({ ...req, approverId: 'anna' }, 'anna', 'max', [], '2026-11-20'), false);
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
