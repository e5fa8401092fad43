/**
 * The text of a VPN ticket as the ITSM tool gets it (German, plain text, no markup): a short title
 * (`VPN-2026-00042 · FortiClient: keine Verbindung`) and a body with every field of the report,
 * the priority, who reported it, the knowledge-base entries the person already saw and the
 * ask-back conversation so far. Pure; times are shown in `timeZone` (default Europe/Berlin).
 *
 * Free text (error text, "tried already", questions and answers) is passed on as typed; only line
 * breaks are normalised and continuation lines indented, so that the structure stays readable.
 */
import { localDateTime } from '../domain/local-time.js';
import type { AffectedScope, ConnectionType, Priority, Ticket, TicketMessage, VpnClient, VpnSymptom } from '../domain/vpn-model.js';

export const VPN_CLIENT_LABELS_DE: Readonly<Record<VpnClient, string>> = {
  'ncp-secure-entry': 'NCP Secure Entry Client',
  genucard: 'genucard',
  forticlient: 'FortiClient',
  globalprotect: 'GlobalProtect',
  'cisco-secure-client': 'Cisco Secure Client',
  'citrix-workspace': 'Citrix Workspace',
  other: 'anderer VPN-Client',
};

export const VPN_SYMPTOM_LABELS_DE: Readonly<Record<VpnSymptom, string>> = {
  'no-connection': 'keine Verbindung',
  drops: 'Verbindung bricht ab',
  slow: 'Verbindung langsam',
  'second-factor': 'zweiter Faktor funktioniert nicht',
  'one-application': 'eine Anwendung nicht erreichbar',
  certificate: 'Zertifikatsproblem',
};

export const CONNECTION_LABELS_DE: Readonly<Record<ConnectionType, string>> = {
  lan: 'LAN (Kabel)',
  wlan: 'WLAN',
  mobile: 'Mobilfunk',
  hotspot: 'Hotspot',
};

export const AFFECTED_LABELS_DE: Readonly<Record<AffectedScope, string>> = {
  'only-me': 'nur die meldende Person',
  'my-team': 'das eigene Team',
  many: 'viele (mehrere Bereiche)',
};

export const PRIORITY_LABELS_DE: Readonly<Record<Priority, string>> = {
  P1: 'sehr hoch',
  P2: 'hoch',
  P3: 'mittel',
  P4: 'niedrig',
};

/** Who reported it, as far as the directory knows (both may be missing). */
export interface ItsmReporter {
  name?: string;
  email?: string;
}

export interface ItsmTitleOptions {
  /**
   * Put the ticket number in front (default true). The Zammad adapter adds `[number]` to the
   * title itself, so its caller passes false to avoid the number twice.
   */
  withNumber?: boolean;
}

export interface ItsmBodyOptions {
  /** IANA time zone for the times shown; default Europe/Berlin. */
  timeZone?: string;
}

/** `VPN-2026-00042 · FortiClient: keine Verbindung` (or without the number). */
export function itsmTicketTitle(ticket: Pick<Ticket, 'number' | 'report'>, options: ItsmTitleOptions = {}): string {
  const what = `${VPN_CLIENT_LABELS_DE[ticket.report.client]}: ${VPN_SYMPTOM_LABELS_DE[ticket.report.symptom]}`;
  return options.withNumber === false ? what : `${ticket.number} · ${what}`;
}

/** The plain-text body: report, priority, reporter, knowledge base already tried, conversation. */
export function itsmTicketBody(ticket: Ticket, reporter: ItsmReporter | undefined, options: ItsmBodyOptions = {}): string {
  const timeZone = options.timeZone ?? 'Europe/Berlin';
  const r = ticket.report;
  const lines: string[] = [];
  const field = (label: string, value: string | undefined): void => {
    if (value !== undefined && value.trim() !== '') lines.push(`${label}: ${indentContinuation(value.trim())}`);
  };

  lines.push(`VPN-Störungsmeldung ${ticket.number} (aus dem Teams-Bot)`);
  field('Priorität', `${ticket.priority} (${PRIORITY_LABELS_DE[ticket.priority]})`);
  field('Gemeldet am', formatInstant(ticket.createdAt, timeZone));
  field('Meldende Person', reporterText(reporter, ticket.reporterId));
  field('Rückrufnummer', r.callbackNumber);
  if (ticket.incidentId) field('Mögliche Störung (mehrere Meldungen)', ticket.incidentId);

  lines.push('', 'Meldung');
  field('VPN-Client', VPN_CLIENT_LABELS_DE[r.client]);
  field('Client-Version', r.clientVersion);
  field('Problem', VPN_SYMPTOM_LABELS_DE[r.symptom]);
  field('Fehlermeldung', r.errorText);
  if (r.progressPercent !== undefined) field('Fortschritt beim Verbinden', `${r.progressPercent} %`);
  field('Seit', formatSince(r.since, timeZone));
  field('Verbindung', CONNECTION_LABELS_DE[r.connection]);
  field('Internet ohne VPN', r.internetWithoutVpn ? 'funktioniert' : 'funktioniert nicht');
  field('Betroffen', AFFECTED_LABELS_DE[r.affected]);
  field('Inventarnummer des Geräts', r.deviceInventoryNumber);
  field('Schon versucht', r.triedAlready);

  lines.push('');
  const shown = ticket.shownEntryIds ?? [];
  lines.push(
    shown.length > 0
      ? `Wissensdatenbank – der Person bereits gezeigt, ohne Erfolg: ${shown.join(', ')}`
      : 'Wissensdatenbank: der Person wurde kein passender Eintrag gezeigt.',
  );

  if (ticket.conversation.length > 0) {
    lines.push('', 'Rückfragen im Teams-Bot');
    for (const message of ticket.conversation) lines.push(conversationLine(message, ticket.reporterId, timeZone));
  }
  if (ticket.solution !== undefined && ticket.solution.trim() !== '') {
    lines.push('');
    field('Lösung (im Teams-Bot)', ticket.solution);
  }
  return lines.join('\n');
}

function reporterText(reporter: ItsmReporter | undefined, reporterId: string): string {
  const name = reporter?.name?.trim();
  const email = reporter?.email?.trim();
  const who = [name, email ? `<${email}>` : undefined].filter((s) => s !== undefined && s !== '').join(' ');
  return who === '' ? `nicht im Verzeichnis (Entra-ID ${reporterId})` : who;
}

function conversationLine(message: TicketMessage, reporterId: string, timeZone: string): string {
  const who = message.kind === 'question' ? 'Service Desk' : message.authorId === reporterId ? 'Meldende Person' : 'Antwort';
  return `[${formatInstant(message.at, timeZone)}] ${who}: ${indentContinuation(message.text.trim())}`;
}

/** CRLF → LF; every further line indented by two spaces. */
function indentContinuation(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').join('\n  ');
}

/** `2026-03-12T08:30:00Z` → `12.03.2026, 09:30` in the time zone; anything unreadable as given. */
export function formatInstant(iso: string, timeZone = 'Europe/Berlin'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const { date, time } = localDateTime(new Date(ms), timeZone);
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}, ${time}`;
}

/** A plain date (`2026-03-12`) as `12.03.2026`, an instant with its time. */
function formatSince(since: string, timeZone: string): string {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since.trim());
  if (date) return `${date[3]}.${date[2]}.${date[1]}`;
  return formatInstant(since, timeZone);
}
