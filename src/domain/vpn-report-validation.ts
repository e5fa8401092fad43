/**
 * Validation of a VPN report as it comes from the guided card (values are strings, numbers or
 * booleans; Adaptive Card inputs send "true"/"false" and numbers as text). No zod, no I/O: the
 * current instant is passed in.
 *
 * Every problem has a stable code (for the card's message strings) and the field it belongs to;
 * all problems are listed, not only the first. Free text is trimmed and otherwise kept exactly as
 * typed: markup and HTML are NOT stripped (that would change what the person wrote). Render
 * free text with `plainText` (src/cards/plain-text.ts), which escapes it for an Adaptive Card TextBlock.
 */
import {
  AFFECTED_SCOPES,
  CONNECTION_TYPES,
  VPN_CLIENTS,
  VPN_SYMPTOMS,
  type VpnClient,
  type VpnReport,
} from './vpn-model.js';

/** Limits in characters (Unicode code points) of the free-text fields. */
export const VPN_TEXT_LIMITS = {
  errorText: 500,
  triedAlready: 1000,
  clientVersion: 50,
  callbackNumber: 30,
  deviceInventoryNumber: 32,
} as const;

export type VpnReportField = keyof VpnReport;

export type VpnProblemCode =
  | 'REQUIRED'
  | 'UNKNOWN_VALUE'
  | 'CLIENT_NOT_OFFERED'
  | 'NOT_TEXT'
  | 'TOO_LONG'
  | 'CONTROL_CHARACTERS'
  | 'INVALID_PHONE'
  | 'INVALID_INVENTORY_NUMBER'
  | 'INVALID_VERSION'
  | 'NOT_A_NUMBER'
  | 'OUT_OF_RANGE'
  | 'NOT_BOOLEAN'
  | 'INVALID_DATE'
  | 'IN_FUTURE';

export interface VpnProblem {
  field: VpnReportField;
  code: VpnProblemCode;
  /** Values for the message, e.g. `{ max: 500, length: 612 }`. */
  params: Record<string, string | number>;
}

export type VpnValidation = { ok: true; report: VpnReport } | { ok: false; problems: VpnProblem[] };

export interface VpnValidationOptions {
  /** ISO 8601 instant; `since` may not lie after it. */
  now: string;
  /** Clients the organisation offers on its card (default: all). */
  clients?: readonly VpnClient[];
  /** Pattern of a device inventory number (default `DEFAULT_INVENTORY_NUMBER`). */
  inventoryNumber?: RegExp;
}

/** Letters/digits, then letters, digits and . _ / - (e.g. `LRA-NB-04711`, `IT/2024/0815`). */
export const DEFAULT_INVENTORY_NUMBER = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Digits with an optional leading +, separated by spaces, / - . or "(0)"-style parentheses; 3–20 digits. */
const PHONE_CHARS = /^\+?[0-9 ()/.-]+$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z .()_+-]*$/;
// Control characters other than tab and newline (those are allowed in multi-line text).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const CONTROL_ONE_LINE = /[\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const codePoints = (s: string): number => [...s].length;

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Validates a report; `input` is the card's data (unknown keys are ignored). */
export function validateVpnReport(input: Readonly<Record<string, unknown>>, options: VpnValidationOptions): VpnValidation {
  const problems: VpnProblem[] = [];
  const problem = (field: VpnReportField, code: VpnProblemCode, params: VpnProblem['params'] = {}) => {
    problems.push({ field, code, params });
  };

  function choice<T extends string>(field: VpnReportField, values: readonly T[]): T | undefined {
    const v = input[field];
    if (isBlank(v)) {
      problem(field, 'REQUIRED');
      return undefined;
    }
    const s = typeof v === 'string' ? v.trim() : undefined;
    const found = values.find((x) => x === s);
    if (found === undefined) problem(field, 'UNKNOWN_VALUE', { value: typeof v === 'string' ? v.slice(0, 40) : typeof v });
    return found;
  }

  function text(field: VpnReportField, max: number, multiLine: boolean): string | undefined {
    const v = input[field];
    if (isBlank(v)) return undefined;
    if (typeof v !== 'string') {
      problem(field, 'NOT_TEXT');
      return undefined;
    }
    const s = v.trim().replace(/\r\n?/g, '\n');
    const length = codePoints(s);
    if (length > max) problem(field, 'TOO_LONG', { max, length });
    if ((multiLine ? CONTROL : CONTROL_ONE_LINE).test(s)) problem(field, 'CONTROL_CHARACTERS');
    return s;
  }

  const client = choice('client', VPN_CLIENTS);
  if (client && options.clients && !options.clients.includes(client)) problem('client', 'CLIENT_NOT_OFFERED', { value: client });
  const symptom = choice('symptom', VPN_SYMPTOMS);
  const connection = choice('connection', CONNECTION_TYPES);
  const affected = choice('affected', AFFECTED_SCOPES);

  const errorText = text('errorText', VPN_TEXT_LIMITS.errorText, true);
  const triedAlready = text('triedAlready', VPN_TEXT_LIMITS.triedAlready, true);

  const clientVersion = text('clientVersion', VPN_TEXT_LIMITS.clientVersion, false);
  if (clientVersion !== undefined && codePoints(clientVersion) <= VPN_TEXT_LIMITS.clientVersion && !VERSION.test(clientVersion)) {
    problem('clientVersion', 'INVALID_VERSION');
  }

  const callbackNumber = text('callbackNumber', VPN_TEXT_LIMITS.callbackNumber, false);
  if (callbackNumber !== undefined && codePoints(callbackNumber) <= VPN_TEXT_LIMITS.callbackNumber && !isPhoneNumber(callbackNumber)) {
    problem('callbackNumber', 'INVALID_PHONE');
  }

  const deviceInventoryNumber = text('deviceInventoryNumber', VPN_TEXT_LIMITS.deviceInventoryNumber, false);
  if (
    deviceInventoryNumber !== undefined &&
    codePoints(deviceInventoryNumber) <= VPN_TEXT_LIMITS.deviceInventoryNumber &&
    !(options.inventoryNumber ?? DEFAULT_INVENTORY_NUMBER).test(deviceInventoryNumber)
  ) {
    problem('deviceInventoryNumber', 'INVALID_INVENTORY_NUMBER');
  }

  let progressPercent: number | undefined;
  const p = input.progressPercent;
  if (!isBlank(p)) {
    const n = typeof p === 'number' ? p : typeof p === 'string' && /^\s*\d+(\.\d+)?\s*%?\s*$/.test(p) ? Number.parseFloat(p) : Number.NaN;
    if (!Number.isFinite(n)) problem('progressPercent', 'NOT_A_NUMBER');
    else if (n < 0 || n > 100) problem('progressPercent', 'OUT_OF_RANGE', { min: 0, max: 100 });
    else progressPercent = n;
  }

  let internetWithoutVpn: boolean | undefined;
  const b = input.internetWithoutVpn;
  if (isBlank(b)) problem('internetWithoutVpn', 'REQUIRED');
  else if (b === true || b === 'true') internetWithoutVpn = true;
  else if (b === false || b === 'false') internetWithoutVpn = false;
  else problem('internetWithoutVpn', 'NOT_BOOLEAN');

  let since: string | undefined;
  const s = input.since;
  if (isBlank(s)) problem('since', 'REQUIRED');
  else if (typeof s !== 'string' || sinceInstant(s.trim()) === undefined) problem('since', 'INVALID_DATE');
  else {
    since = s.trim();
    const nowMs = Date.parse(options.now);
    const sinceMs = sinceInstant(since) ?? 0;
    // A date alone is the start of that day in some time zone (UTC+14 at the earliest);
    // a date-time may be up to a minute ahead (clock skew of the reporter's device).
    const earliest = ISO_DATE.test(since) ? sinceMs - 14 * 3_600_000 : sinceMs - 60_000;
    if (Number.isFinite(nowMs) && earliest > nowMs) problem('since', 'IN_FUTURE');
  }

  if (problems.length > 0 || !client || !symptom || !connection || !affected || since === undefined || internetWithoutVpn === undefined) {
    return { ok: false, problems };
  }
  const report: VpnReport = { client, symptom, since, connection, internetWithoutVpn, affected };
  if (errorText !== undefined) report.errorText = errorText;
  if (progressPercent !== undefined) report.progressPercent = progressPercent;
  if (deviceInventoryNumber !== undefined) report.deviceInventoryNumber = deviceInventoryNumber;
  if (clientVersion !== undefined) report.clientVersion = clientVersion;
  if (triedAlready !== undefined) report.triedAlready = triedAlready;
  if (callbackNumber !== undefined) report.callbackNumber = callbackNumber;
  return { ok: true, report };
}

/** Phone-ish: +, digits, spaces, / - . ( ); between 3 and 20 digits; a + only in front. */
export function isPhoneNumber(s: string): boolean {
  if (!PHONE_CHARS.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 20;
}

/** Epoch ms of an ISO date (start of the day, UTC) or date-time with offset; undefined when not a real date. */
function sinceInstant(s: string): number | undefined {
  const d = ISO_DATE.exec(s) ?? ISO_DATE_TIME.exec(s);
  if (!d) return undefined;
  const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const probe = new Date(Date.UTC(y, m - 1, day));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== day) return undefined;
  if (d.length > 4 && (Number(d[4]) > 23 || Number(d[5]) > 59 || Number(d[6] ?? 0) > 59)) return undefined;
  const ms = Date.parse(d.length > 4 ? s : `${s}T00:00:00Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

