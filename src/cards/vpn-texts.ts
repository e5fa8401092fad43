/**
 * Small texts shared by the VPN cards (reporter and service desk): the words for clients,
 * symptoms, statuses and priorities, dates in the organisation's time zone, the conversation
 * of a ticket and the sentence for a validation problem. Free text typed by people goes through
 * `plainText` here, so every card shows it as typed.
 */
import {
  AFFECTED_SCOPES,
  CONNECTION_TYPES,
  PRIORITIES,
  TICKET_STATUSES,
  VPN_CLIENTS,
  VPN_SYMPTOMS,
  type Priority,
  type TicketMessage,
  type TicketStatus,
} from '../domain/vpn-model.js';
import type { VpnProblem, VpnProblemCode } from '../domain/vpn-report-validation.js';
import type { Locale } from '../domain/model.js';
import { formatDateShort, formatDateTime, hasKey, t, type Params } from './i18n.js';
import { plainText } from './plain-text.js';

/** Longest free text shown in one block of a card; the rest is cut with "…" (the ticket keeps it whole). */
export const MAX_SHOWN_TEXT = 1000;
/** Most messages of a conversation on one card (the latest); earlier ones are counted. */
export const MAX_CONVERSATION_ROWS = 6;
/** Longest message of a conversation shown on a card (keeps the desk card within its size budget). */
export const MAX_MESSAGE_CHARS = 700;

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

/** "FortiClient", "Anderer Client"; a value the bot does not know gives "unbekannter Client" (never the raw value). */
export function vpnClientText(locale: Locale, client: string): string {
  return t(locale, isOneOf(VPN_CLIENTS, client) ? `vpn.client.${client}` : 'vpn.client.unknown');
}

/** "Keine Verbindung", "Verbindung bricht ab", … */
export function vpnSymptomText(locale: Locale, symptom: string): string {
  return t(locale, isOneOf(VPN_SYMPTOMS, symptom) ? `vpn.symptom.${symptom}` : 'vpn.symptom.unknown');
}

/** "FortiClient: Keine Verbindung". */
export function vpnClientSymptomText(locale: Locale, client: string, symptom: string): string {
  return t(locale, 'vpn.clientSymptom', { client: vpnClientText(locale, client), symptom: vpnSymptomText(locale, symptom) });
}

/** "WLAN", "Mobilfunk (Handy-Netz oder Surfstick)", … */
export function vpnConnectionText(locale: Locale, connection: string): string {
  return t(locale, isOneOf(CONNECTION_TYPES, connection) ? `vpn.connection.${connection}` : 'vpn.unknownValue');
}

/** "nur ich", "mein Team", "viele". */
export function vpnAffectedText(locale: Locale, affected: string): string {
  return t(locale, isOneOf(AFFECTED_SCOPES, affected) ? `vpn.affected.${affected}` : 'vpn.unknownValue');
}

/** Status in words; `reporter` speaks to the person who reported ("wartet auf Ihre Antwort"). */
export function vpnStatusText(locale: Locale, status: TicketStatus, perspective: 'desk' | 'reporter'): string {
  if (!isOneOf(TICKET_STATUSES, status)) return t(locale, 'vpn.unknownValue');
  return t(locale, `${perspective === 'desk' ? 'vpn.status' : 'vpn.myStatus'}.${status}`);
}

/** "P2 – dringend". */
export function vpnPriorityText(locale: Locale, priority: Priority): string {
  return isOneOf(PRIORITIES, priority) ? t(locale, `vpn.priority.${priority}`) : priority;
}

/** What the priority means, in one or two plain sentences. */
export function vpnPriorityExplained(locale: Locale, priority: Priority): string {
  return isOneOf(PRIORITIES, priority) ? t(locale, `vpn.priorityExplained.${priority}`) : '';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A report's "since": a date ("30.11.2026") or a date-time in Europe/Berlin ("30.11.2026, 14:05 Uhr"). */
export function vpnSinceText(locale: Locale, since: string): string {
  if (ISO_DATE.test(since)) return formatDateShort(locale, since);
  return Number.isNaN(Date.parse(since)) ? plainText(since.slice(0, 40)) : formatDateTime(locale, since);
}

/** An instant in Europe/Berlin: "30.11.2026, 14:05 Uhr" / "30 Nov 2026, 14:05". */
export function vpnWhenText(locale: Locale, at: string): string {
  return formatDateTime(locale, at);
}

/** Free text for a TextBlock: cut to `max` characters (code points) with "…", then escaped with `plainText`. */
export function shownText(text: string | undefined, max = MAX_SHOWN_TEXT): string {
  const trimmed = (text ?? '').trim();
  const chars = [...trimmed];
  return plainText(chars.length > max ? `${chars.slice(0, max).join('').trimEnd()} …` : trimmed);
}

/** One single-line value for a FactSet (also Markdown there): line breaks become spaces, then escaped. */
export function shownValue(text: string | undefined, max = 200): string {
  return shownText((text ?? '').replace(/\s+/g, ' '), max);
}

// ---------------------------------------------------------------- conversation

export interface ConversationRow {
  headerText: string;
  text: string;
  isQuestion: boolean;
}

export interface ConversationView {
  hasConversation: boolean;
  conversation: ConversationRow[];
  hasEarlier: boolean;
  earlierText: string;
}

/**
 * The latest messages of a ticket, oldest of them first. `nameOf` given: the desk's view
 * ("Rückfrage von Jana Petersen · …"); without it the reporter's ("Rückfrage des Service Desks · …").
 */
export function conversationView(locale: Locale, messages: readonly TicketMessage[], nameOf?: (id: string) => string): ConversationView {
  const shown = messages.slice(-MAX_CONVERSATION_ROWS);
  const earlier = messages.length - shown.length;
  return {
    hasConversation: shown.length > 0,
    conversation: shown.map((m) => {
      const time = vpnWhenText(locale, m.at);
      const isQuestion = m.kind === 'question';
      const headerText = nameOf
        ? t(locale, isQuestion ? 'vpn.conversation.deskQuestion' : 'vpn.conversation.deskAnswer', { name: nameOf(m.authorId), time })
        : t(locale, isQuestion ? 'vpn.conversation.myQuestion' : 'vpn.conversation.myAnswer', { time });
      return { headerText, text: shownText(m.text, MAX_MESSAGE_CHARS), isQuestion };
    }),
    hasEarlier: earlier > 0,
    earlierText: t(locale, 'vpn.conversation.earlier', { n: earlier }),
  };
}

// ---------------------------------------------------------------- validation problems

/**
 * The placeholders each problem sentence uses (`vpn.problem.<CODE>`, besides `{field}`). `client`
 * is derived from `params.value` of CLIENT_NOT_OFFERED (the client's name). When one cannot be
 * filled, `vpn.problemGeneric.<CODE>` (a sentence without it) is used. Raw values typed or sent
 * by the card are never repeated.
 */
export const VPN_PROBLEM_PARAMS: Readonly<Record<VpnProblemCode, readonly string[]>> = {
  REQUIRED: [],
  UNKNOWN_VALUE: [],
  CLIENT_NOT_OFFERED: ['client'],
  NOT_TEXT: [],
  TOO_LONG: ['max', 'length'],
  CONTROL_CHARACTERS: [],
  INVALID_PHONE: [],
  INVALID_INVENTORY_NUMBER: [],
  INVALID_VERSION: [],
  NOT_A_NUMBER: [],
  OUT_OF_RANGE: ['min', 'max'],
  NOT_BOOLEAN: [],
  INVALID_DATE: [],
  IN_FUTURE: [],
};

/** The short name of a report field, as in the problem sentences ("Fehlertext"). */
export function vpnFieldText(locale: Locale, field: string): string {
  const key = `vpn.field.${field}`;
  return hasKey(locale, key) ? t(locale, key) : t(locale, 'vpn.field.unknown');
}

/** "Fehlertext: höchstens 500 Zeichen (Sie haben 612)." */
export function vpnProblemText(locale: Locale, problem: VpnProblem): string {
  const code = problem.code;
  const needed = VPN_PROBLEM_PARAMS[code];
  if (!needed) return t(locale, 'vpn.problem.unknown', { field: vpnFieldText(locale, problem.field) });
  const params: Params = { field: vpnFieldText(locale, problem.field) };
  for (const name of needed) {
    const v = name === 'client' ? problem.params.value : problem.params[name];
    if (name === 'client') {
      if (isOneOf(VPN_CLIENTS, v)) params.client = vpnClientText(locale, v);
    } else if (typeof v === 'number' && Number.isFinite(v)) params[name] = v;
    else if (typeof v === 'string' && /^\d{1,7}$/.test(v)) params[name] = Number(v);
  }
  const complete = needed.every((name) => params[name] !== undefined);
  return t(locale, complete ? `vpn.problem.${code}` : `vpn.problemGeneric.${code}`, params);
}
