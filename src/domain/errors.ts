/**
 * Typed domain errors with stable codes. The bot layer maps a code to a friendly, translated
 * message (cards/strings/*.json, key `error.<CODE>`); nothing else of the error reaches a user.
 */
export type DomainErrorCode =
  | 'REQUEST_NOT_FOUND'
  | 'NOT_APPROVER'
  /** A former deputy (period ended or revoked) clicked: the request is back with the manager. */
  | 'DELEGATION_ENDED'
  /** A bulk decision named at least one request the user may not decide: nothing was decided. */
  | 'BULK_NOT_APPROVER'
  | 'NOT_OWNER'
  | 'ALREADY_DECIDED'
  | 'NOTHING_TO_WITHDRAW'
  | 'INVALID_DATES'
  | 'END_BEFORE_START'
  | 'RANGE_TOO_LONG'
  | 'NO_DAYS'
  | 'UNKNOWN_PERSON'
  | 'NO_MANAGER'
  | 'INVALID_DELEGATION'
  | 'INVALID_INPUT'
  | 'BOOKING_NOT_FOUND'
  | 'NOT_YOUR_BOOKING'
  | 'BOOKING_NOT_ACTIVE'
  | 'CHECK_IN_NOT_TODAY'
  // VPN problem reports
  | 'VPN_REPORT_NOT_FOUND'
  | 'TICKET_NOT_FOUND'
  | 'INCIDENT_NOT_FOUND'
  | 'NOT_DESK_MEMBER'
  | 'TICKET_ALREADY_TAKEN'
  | 'TICKET_WRONG_STATUS'
  | 'TEXT_EMPTY'
  | 'TEXT_TOO_LONG';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
