import assert from 'node:assert/strict';
import type { DomainErrorCode } from '../../src/domain/errors.js';
import type { ReasonCode } from '../../src/domain/model.js';
import { DESK_REASON_PARAMS, REASON_PARAMS, rawStrings, type DeskReasonCode } from '../../src/cards/i18n.js';
import { DESK_ATTRIBUTES } from '../../src/domain/desk-model.js';

/** Exhaustive at compile time: adding a code to the domain breaks this list until it is added. */
const REASON_CODES = Object.keys({
  OK: 1, APPROVAL_REQUIRED: 1, MANAGER_NOTIFIED: 1, IN_PAST: 1, LEAD_TIME: 1, BEYOND_HORIZON: 1,
  NON_WORKING_DAY: 1, PUBLIC_HOLIDAY: 1, ABSENT: 1, PRESENCE_DAY: 1, ONBOARDING: 1, HALF_DAY_NOT_ALLOWED: 1,
  ALREADY_PLANNED: 1, QUOTA_HOURS: 1, QUOTA_DAYS: 1, MIN_OFFICE_DAYS: 1, CAPACITY: 1, MIN_ON_SITE: 1,
  STANDING_TOO_LONG: 1, STANDING_MIN_HOURS: 1, NO_POLICY: 1, NO_APPROVER: 1,
  QUOTA_DAYS_WINDOW: 1, OVER_CAP_APPROVAL: 1, DAY_OFF: 1,
} satisfies Record<ReasonCode, 1>) as ReasonCode[];

const ERROR_CODES = Object.keys({
  REQUEST_NOT_FOUND: 1, NOT_APPROVER: 1, NOT_OWNER: 1, ALREADY_DECIDED: 1, NOTHING_TO_WITHDRAW: 1,
  INVALID_DATES: 1, END_BEFORE_START: 1, RANGE_TOO_LONG: 1, NO_DAYS: 1, UNKNOWN_PERSON: 1,
  NO_MANAGER: 1, INVALID_DELEGATION: 1, INVALID_INPUT: 1, DELEGATION_ENDED: 1, BULK_NOT_APPROVER: 1,
  BOOKING_NOT_FOUND: 1, NOT_YOUR_BOOKING: 1, BOOKING_NOT_ACTIVE: 1, CHECK_IN_NOT_TODAY: 1,
  VPN_REPORT_NOT_FOUND: 1, TICKET_NOT_FOUND: 1, INCIDENT_NOT_FOUND: 1, NOT_DESK_MEMBER: 1, TICKET_ALREADY_TAKEN: 1,
  TICKET_WRONG_STATUS: 1, TEXT_EMPTY: 1, TEXT_TOO_LONG: 1,
} satisfies Record<DomainErrorCode, 1>);

const DESK_REASON_CODES = Object.keys({
  UNKNOWN_DESK: 1, DESK_UNAVAILABLE: 1, DESK_ASSIGNED: 1, SLOT_TAKEN: 1, IN_PAST: 1, OUTSIDE_WINDOW: 1,
  NON_WORKING_DAY: 1, PUBLIC_HOLIDAY: 1, DAY_OFF: 1, MAX_ACTIVE_BOOKINGS: 1, ALREADY_BOOKED_SLOT: 1, ACCESSIBLE_RESERVED: 1,
  ZONE_RESERVED: 1, FLOOR_FULL: 1, SITE_FULL: 1,
} satisfies Record<DeskReasonCode, 1>) as DeskReasonCode[];

const de = rawStrings('de');
const en = rawStrings('en');

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1] ?? '').sort();
}

describe('card strings', () => {
  it('de and en have the same keys', () => {
    assert.deepEqual(Object.keys(en).sort(), Object.keys(de).sort());
  });

  it('de and en use the same placeholders per key', () => {
    for (const key of Object.keys(de)) {
      assert.deepEqual([...new Set(placeholders(en[key] ?? ''))], [...new Set(placeholders(de[key] ?? ''))], key);
    }
  });

  it('has no empty texts and no emoji', () => {
    for (const [key, text] of [...Object.entries(de), ...Object.entries(en)]) {
      assert.ok(text.trim().length > 0, key);
      assert.doesNotMatch(text, /\p{Extended_Pictographic}/u, key);
    }
  });

  it('addresses people formally in German (Sie, never du)', () => {
    for (const [key, text] of Object.entries(de)) assert.doesNotMatch(text, /\b(du|dich|dein\w*|euch|euer)\b/i, key);
  });

  it('has a text for every reason code, using only the documented params', () => {
    for (const code of REASON_CODES) {
      for (const strings of [de, en]) {
        const text = strings[`reason.${code}`];
        assert.ok(text, `reason.${code}`);
        for (const p of placeholders(text)) assert.ok(REASON_PARAMS[code].includes(p), `reason.${code}: {${p}}`);
      }
      if (REASON_PARAMS[code].length > 0) assert.ok(de[`reasonGeneric.${code}`], `reasonGeneric.${code}`);
    }
  });

  it('has a text for every desk reason code, using only the documented params', () => {
    for (const code of DESK_REASON_CODES) {
      for (const strings of [de, en]) {
        const text = strings[`deskReason.${code}`];
        assert.ok(text, `deskReason.${code}`);
        for (const p of placeholders(text)) assert.ok(DESK_REASON_PARAMS[code].includes(p), `deskReason.${code}: {${p}}`);
      }
      if (DESK_REASON_PARAMS[code].length > 0) assert.ok(de[`deskReasonGeneric.${code}`] && en[`deskReasonGeneric.${code}`], `deskReasonGeneric.${code}`);
    }
  });

  it('names every desk attribute and slot in words', () => {
    for (const a of DESK_ATTRIBUTES) assert.ok(de[`deskAttribute.${a}`] && en[`deskAttribute.${a}`], a);
    for (const slot of ['day', 'morning', 'afternoon']) assert.ok(de[`slot.${slot}`] && en[`slot.${slot}`], slot);
  });

  it('has a text for every domain error code and the bot-level errors', () => {
    for (const code of [...ERROR_CODES, 'GENERIC', 'UNKNOWN_VERB', 'INVALID_INPUT', 'NOT_ALLOWED']) {
      assert.ok(de[`error.${code}`], `de error.${code}`);
      assert.ok(en[`error.${code}`], `en error.${code}`);
    }
    assert.equal(de['error.GENERIC'], 'Da ist etwas schiefgegangen. Bitte versuchen Sie es später noch einmal.');
  });

  it('names all weekdays and months', () => {
    for (const d of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
      assert.ok(de[`weekday.${d}`] && de[`weekdayShort.${d}`] && en[`weekday.${d}`] && en[`weekdayShort.${d}`], d);
    }
    for (const m of ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']) {
      assert.ok(de[`month.${m}`] && de[`monthShort.${m}`] && en[`month.${m}`] && en[`monthShort.${m}`], m);
    }
  });

  it('uses the agreed status words', () => {
    assert.equal(de['status.approved'], 'genehmigt');
    assert.equal(de['status.pending'], 'wartet auf Genehmigung');
    assert.equal(de['status.rejected'], 'abgelehnt');
  });
});
