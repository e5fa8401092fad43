/** Comments typed by people appear on cards exactly as typed: Teams must not read them as Markdown. */
import assert from 'node:assert/strict';
import { approvalView, decisionNoticeView } from '../../src/cards/view-models.js';
import type { MobileWorkRequest } from '../../src/domain/model.js';

const request: MobileWorkRequest = {
  id: 'r1',
  number: 'MA-2026-00001',
  personId: 'p1',
  orgUnitId: 'sg-21',
  track: 'occasional',
  approverId: 'm1',
  approvalMode: 'required',
  status: 'rejected',
  days: [{ date: '2026-12-03', portion: 1, status: 'rejected' }],
  comment: '**bitte** [klick](http://x) <b>',
  policyVersion: '2023-01-01',
  createdAt: '2026-11-25T09:00:00.000Z',
  updatedAt: '2026-11-25T10:00:00.000Z',
  decision: { by: 'm1', at: '2026-11-25T10:00:00.000Z', outcome: 'rejected', comment: '# Nein _heute_' },
  cards: [],
  version: 1,
};

describe('comments on cards', () => {
  it('when the employee wrote Markdown, then the approval card escapes it', () => {
    const v = approvalView('de', { request, person: { displayName: 'Anna Huber', orgUnitName: 'SG 21' }, teamAwayByDate: {}, refreshUserIds: [] });
    assert.equal(v.employeeComment, '\\*\\*bitte\\*\\* \\[klick\\]\\(http://x\\) \\<b\\>');
  });

  it('when the manager wrote Markdown, then the decision notice escapes it', () => {
    const v = decisionNoticeView('de', { request });
    assert.equal(v.comment, '\\# Nein \\_heute\\_');
  });
});
