/**
 * Every field the store keeps, with what it is and why (German, for the Personalrat and the
 * Datenschutzbeauftragte). Each list is typed `Record<keyof T, …>` over the stored type itself, so
 * a field added to a record type without a line here fails `npm run typecheck`; the test
 * `test/privacy/field-catalogue.test.ts` also walks real stored records (both stores, every table)
 * and fails on any field path not listed, and checks that docs/datenschutz/felder.md is the
 * text `fieldTablesMarkdown()` generates (`npm run privacy -- fields` rewrites it).
 */
import type { Absence, CalendarSubscription } from '../domain/calendar-model.js';
import type { DeskBooking, PersonSettings } from '../domain/desk-model.js';
import type { Decision, Delegation, MobileWorkRequest, RequestDay, StandingPattern, CardRef as RequestCardRef } from '../domain/model.js';
import type { HelpfulnessCount } from '../domain/vpn-knowledge-base.js';
import type { CardRef, ExternalTicketRef, Incident, Ticket, TicketMessage, VpnDraft, VpnReport } from '../domain/vpn-model.js';
import type { RecentReport } from '../domain/vpn-outage.js';
import type { ConversationRecord, OutboxJob } from '../store/store.js';
import type { AuditEntry } from './audit-log.js';

/** [Bedeutung, Zweck]. */
export type FieldDoc = readonly [string, string];
type Fields<T> = Record<keyof T, FieldDoc>;

const ID: FieldDoc = ['Technische Kennung des Datensatzes', 'Verweise zwischen Datensätzen, Kartenaktionen'];
const PERSON: FieldDoc = ['Entra-Objekt-ID der Person (keine Namen)', 'Zuordnung zur Person; Namen kommen zur Anzeige aus dem Verzeichnis'];
const CREATED: FieldDoc = ['Zeitpunkt der Anlage', 'Nachvollziehbarkeit, Reihenfolge, Löschfristen'];
const UPDATED: FieldDoc = ['Zeitpunkt der letzten Änderung', 'Nachvollziehbarkeit, Löschfristen'];
const VERSION: FieldDoc = ['Versionszähler', 'Schutz vor gleichzeitigen widersprüchlichen Änderungen'];

const requestDay: Fields<RequestDay> = {
  date: ['Beantragter Tag', 'Planung mobiler Arbeit, Kontingent, Kalendereintrag'],
  portion: ['Ganzer oder halber Tag', 'Kontingent'],
  half: ['Vormittag oder Nachmittag (bei halbem Tag)', 'Planung'],
  status: ['Stand des Tages (beantragt, genehmigt, abgelehnt, zurückgezogen, storniert)', 'Verfahren, Kontingent'],
  calendarEventId: ['Kennung des Outlook-Termins „Mobiles Arbeiten“', 'Termin aktualisieren oder löschen'],
};
const decision: Fields<Decision> = {
  by: ['Wer entschieden hat (Objekt-ID)', 'Nachweis der Entscheidung'],
  at: ['Zeitpunkt der Entscheidung', 'Nachweis der Entscheidung'],
  outcome: ['Ergebnis (genehmigt, abgelehnt, teilweise)', 'Verfahren, Statistik'],
  comment: ['Freitext der Führungskraft (optional)', 'Begründung gegenüber der beschäftigten Person'],
};
const requestCard: Fields<RequestCardRef> = {
  userId: ['Wer die Karte hält (Objekt-ID)', 'Karte nach der Entscheidung aktualisieren'],
  conversationId: ['Teams-Gesprächskennung', 'Karte aktualisieren'],
  activityId: ['Teams-Nachrichtenkennung', 'Karte aktualisieren'],
};
const standing: Fields<StandingPattern> = {
  weekdays: ['Wochentage einer Dauervereinbarung', 'Planung'],
  validFrom: ['Beginn der Dauervereinbarung', 'Planung'],
  validTo: ['Ende der Dauervereinbarung', 'Planung, Löschfrist'],
  trialUntil: ['Ende der Probezeit', 'Regel der Dienstvereinbarung'],
};
const request: Fields<MobileWorkRequest> = {
  id: ID,
  number: ['Lesbare Antragsnummer (z. B. MA-2026-00042)', 'Bezug in Nachrichten'],
  personId: PERSON,
  orgUnitId: ['Organisationseinheit zum Zeitpunkt des Antrags', 'Regeln je Einheit, Statistik je Einheit'],
  track: ['Dauervereinbarung oder einzelne Tage', 'Verfahren'],
  approverId: ['Genehmigende Person (Führungskraft oder Vertretung)', 'Zustellung und Berechtigung der Entscheidung'],
  approvalMode: ['Genehmigung nötig, nur Mitteilung, oder keine', 'Regel der Dienstvereinbarung'],
  status: ['Stand des Antrags', 'Verfahren, Statistik'],
  days: ['Die beantragten Tage (siehe Tabelle „Tag eines Antrags“)', 'Planung'],
  standing: ['Muster einer Dauervereinbarung (siehe Tabelle)', 'Planung'],
  comment: ['Freitext der beschäftigten Person (optional)', 'Information der Führungskraft'],
  policyVersion: ['Fassung der Dienstvereinbarung, nach der entschieden wurde', 'Nachvollziehbarkeit'],
  createdAt: CREATED,
  updatedAt: UPDATED,
  decision: ['Entscheidung (siehe Tabelle)', 'Verfahren'],
  cards: ['Gesendete Karten des Antrags: Genehmigungskarten und die Antragskarte der Person (siehe Tabelle)', 'Karten aktualisieren'],
  remindedAt: ['Zeitpunkt der Erinnerung an die Führungskraft', 'Nur einmal erinnern'],
  version: VERSION,
};
const booking: Fields<DeskBooking> = {
  id: ID,
  deskId: ['Gebuchter Arbeitsplatz', 'Buchung, Belegungsbericht'],
  personId: PERSON,
  date: ['Gebuchter Tag', 'Buchung, Löschfrist'],
  slot: ['Ganzer Tag, Vormittag oder Nachmittag', 'Buchung'],
  status: ['Gebucht, eingecheckt, storniert, freigegeben', 'Buchung, Belegungsbericht'],
  releaseReason: ['Grund einer Freigabe (nicht erschienen, abwesend, mobil, Platz gesperrt)', 'Benachrichtigung, Belegungsbericht'],
  seriesId: ['Kennung einer Serienbuchung', 'Serie gemeinsam ändern'],
  createdAt: CREATED,
  updatedAt: UPDATED,
  checkedInAt: ['Zeitpunkt des Check-ins', 'Platz nicht freigeben; wird nach der Frist „checkIns“ entfernt'],
  checkInBy: ['Uhrzeit, bis zu der einzuchecken ist (Regel zum Buchungszeitpunkt)', 'Freigabe nicht genutzter Plätze'],
  calendarEventId: ['Kennung des Outlook-Termins der Buchung', 'Termin aktualisieren oder löschen'],
  version: VERSION,
};
const settings: Fields<PersonSettings> = {
  personId: PERSON,
  onSiteVisibility: ['Eigener Name in „Wer ist vor Ort“ sichtbar oder nicht', 'Wunsch der Person'],
  needsAccessibleDesk: ['Bedarf an einem barrierefreien Platz (freiwillige Angabe)', 'Barrierefreie Plätze vorhalten'],
  updatedAt: UPDATED,
};
const delegation: Fields<Delegation> = {
  id: ID,
  managerId: ['Vertretene Führungskraft', 'Genehmigungen umleiten'],
  deputyId: ['Vertretung', 'Genehmigungen umleiten'],
  from: ['Beginn der Vertretung', 'Zeitraum'],
  to: ['Ende der Vertretung', 'Zeitraum, Löschfrist'],
  createdAt: CREATED,
  revoked: ['Vorzeitig beendet', 'Zeitraum'],
};
const conversation: Fields<ConversationRecord> = {
  userId: PERSON,
  conversationId: ['Kennung des persönlichen Teams-Chats mit dem Bot', 'Benachrichtigungen senden'],
  serviceUrl: ['Teams-Dienstadresse für diesen Chat', 'Benachrichtigungen senden'],
  tenantId: ['Microsoft-365-Mandant', 'Zulässigkeit (nur eigener Mandant)'],
  channelId: ['Kanal (msteams)', 'Benachrichtigungen senden'],
  botId: ['Kennung des Bots', 'Benachrichtigungen senden'],
  teamsUserId: ['Teams-Benutzerkennung (29:…)', 'Benachrichtigungen senden'],
  locale: ['Sprache der Person (de/en)', 'Nachrichten in der richtigen Sprache'],
  updatedAt: ['Letzter Kontakt mit dem Bot', 'Löschfrist „conversations“'],
};
const absence: Fields<Absence> = {
  id: ID,
  personId: PERSON,
  date: ['Tag der Abwesenheit laut Kalender (nur „abwesend“, kein Grund, kein Betreff)', 'Keine mobile Arbeit/Buchung an Abwesenheitstagen, Platz freigeben'],
  eventId: ['Kennung des Outlook-Termins', 'Änderungen des Termins zuordnen'],
  active: ['Termin noch „abwesend“', 'Nachvollziehbarkeit freigegebener Plätze'],
  updatedAt: UPDATED,
};
const subscription: Fields<CalendarSubscription> = {
  id: ['Kennung des Graph-Abonnements', 'Änderungsmeldungen zuordnen'],
  personId: PERSON,
  resource: ['Abonnierter Kalender (Pfad bei Graph)', 'Änderungsmeldungen'],
  clientState: ['Geheimer Prüfwert der Meldungen', 'Echtheit der Meldungen prüfen'],
  expiresAt: ['Ablauf (höchstens 7 Tage)', 'Verlängerung, Löschfrist'],
  createdAt: CREATED,
  deltaLink: ['Fortsetzungsmarke der Kalenderabfrage', 'Nur Änderungen abrufen'],
};
const job: Fields<OutboxJob> = {
  id: ID,
  type: ['Art des Auftrags (z. B. Benachrichtigung, Kalendereintrag)', 'Zuverlässige Zustellung'],
  payload: ['Kennungen der betroffenen Datensätze (z. B. requestId, bookingId, ticketId), bei ITSM-Notizen deren Text', 'Auftrag ausführen'],
  dueAt: ['Frühester Ausführungszeitpunkt', 'Planung, Löschfrist'],
  attempts: ['Anzahl der Versuche', 'Wiederholung mit Wartezeit'],
  status: ['Offen, erledigt, gescheitert', 'Betrieb'],
  lastError: ['Letzte Fehlermeldung (technisch)', 'Betrieb'],
  createdAt: CREATED,
  dedupeKey: ['Schlüssel gegen doppelte Aufträge', 'Nichts doppelt senden'],
  lockedUntil: ['Sperre während der Ausführung', 'Betrieb mit mehreren Prozessen'],
  doneAt: ['Zeitpunkt der Erledigung', 'Löschfrist „outboxJobs“'],
  result: ['Ergebnis (z. B. Kennung der gesendeten Nachricht)', 'Spätere Aktualisierung'],
};
const vpnReport: Fields<VpnReport> = {
  client: ['VPN-Client', 'Diagnose, Störungserkennung, Statistik'],
  symptom: ['Art des Problems', 'Diagnose, Störungserkennung, Statistik'],
  errorText: ['Fehlermeldung (Freitext)', 'Diagnose; Frist „vpnTicketTexts“'],
  progressPercent: ['Fortschritt beim Verbinden', 'Diagnose'],
  since: ['Seit wann', 'Diagnose'],
  connection: ['Art der Internetverbindung', 'Diagnose'],
  internetWithoutVpn: ['Internet ohne VPN erreichbar', 'Diagnose'],
  deviceInventoryNumber: ['Inventarnummer des Geräts (optional)', 'Diagnose; Frist „vpnTicketTexts“'],
  clientVersion: ['Version des Clients (optional)', 'Diagnose; Frist „vpnTicketTexts“'],
  triedAlready: ['Was schon versucht wurde (Freitext)', 'Diagnose; Frist „vpnTicketTexts“'],
  affected: ['Wer betroffen ist (nur ich, Team, viele)', 'Priorität'],
  callbackNumber: ['Rückrufnummer (optional)', 'Rückruf; Frist „vpnTicketTexts“'],
};
const message: Fields<TicketMessage> = {
  kind: ['Rückfrage oder Antwort', 'Rückfragen des Service Desks'],
  authorId: ['Wer geschrieben hat (Objekt-ID)', 'Rückfragen'],
  at: ['Zeitpunkt', 'Rückfragen'],
  text: ['Text der Rückfrage oder Antwort', 'Rückfragen; Frist „vpnTicketTexts“'],
};
const cardRef: Fields<CardRef> = {
  conversationId: ['Teams-Kanal des Service Desks', 'Karte aktualisieren'],
  activityId: ['Teams-Nachrichtenkennung', 'Karte aktualisieren'],
};
const external: Fields<ExternalTicketRef> = {
  system: ['Angebundenes ITSM-Werkzeug', 'Übergabe an den Service Desk'],
  externalId: ['Kennung im ITSM-Werkzeug', 'Abgleich'],
  externalNumber: ['Ticketnummer im ITSM-Werkzeug', 'Anzeige für die Person'],
  state: ['Zuletzt gesehener Stand im Werkzeug', 'Abgleich'],
  pollSeq: ['Zähler der Abfragen', 'Abgleich'],
  polling: ['Abfrage läuft', 'Abgleich'],
  lastEventAt: ['Letzte Meldung des Werkzeugs', 'Reihenfolge'],
  lastEventKey: ['Schlüssel der letzten Meldung', 'Nichts doppelt verarbeiten'],
};
const ticket: Fields<Ticket> = {
  id: ID,
  number: ['Lesbare Ticketnummer (VPN-2026-00042)', 'Bezug in Nachrichten'],
  reporterId: PERSON,
  report: ['Die Diagnoseangaben (siehe Tabelle „VPN-Meldung: Angaben“)', 'Bearbeitung'],
  status: ['Stand der Meldung', 'Bearbeitung, Statistik'],
  priority: ['Priorität P1–P4', 'Bearbeitung, Statistik'],
  assigneeId: ['Bearbeitende Person im Service Desk', 'Bearbeitung'],
  conversation: ['Rückfragen und Antworten (siehe Tabelle)', 'Bearbeitung'],
  solution: ['Lösungstext des Service Desks', 'Information der Person; Frist „vpnTicketTexts“'],
  incidentId: ['Zugehörige Störung', 'Störungsbearbeitung'],
  shownEntryIds: ['Angezeigte Einträge der Wissensdatenbank', 'Selbsthilfe'],
  deskCard: ['Karte im Service-Desk-Kanal (siehe Tabelle)', 'Karte aktualisieren'],
  external: ['Verweis auf das ITSM-Werkzeug (siehe Tabelle)', 'Übergabe'],
  remindedAt: ['Erinnerung an den Service Desk', 'Nur begrenzt erinnern'],
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const draft: Fields<VpnDraft> = {
  id: ID,
  reporterId: PERSON,
  report: ['Die Diagnoseangaben (wie in der Meldung)', 'Selbsthilfe vor der Meldung'],
  shownEntryIds: ['Angezeigte Einträge der Wissensdatenbank', 'Selbsthilfe'],
  status: ['Selbsthilfe, geholfen, weitergeleitet', 'Verfahren'],
  ticketId: ['Daraus entstandene Meldung', 'Verweis'],
  incidentId: ['Daraus entstandene Störungsverknüpfung', 'Verweis'],
  createdAt: CREATED,
  updatedAt: UPDATED,
};
const incident: Fields<Incident> = {
  id: ID,
  client: ['VPN-Client', 'Störungserkennung'],
  symptom: ['Art des Problems', 'Störungserkennung'],
  status: ['Offen oder behoben', 'Störungsbearbeitung'],
  openedAt: ['Beginn', 'Störungsbearbeitung, Statistik'],
  resolvedAt: ['Behebung', 'Störungsbearbeitung, Löschfrist'],
  linkedReporterIds: ['Betroffene, die über die Behebung informiert werden', 'Information nach Behebung; nach der Frist nur noch Platzhalter'],
  solution: ['Beschreibung der Behebung', 'Information der Betroffenen'],
  resolvedBy: ['Wer die Störung als behoben gemeldet hat', 'Nachvollziehbarkeit'],
  deskCard: ['Karte im Service-Desk-Kanal', 'Karte aktualisieren'],
  notifyTotal: ['Anzahl der bei Behebung zu Benachrichtigenden (eine Zahl, keine Personen)', 'Fortschritt auf der Service-Desk-Karte'],
  notifyResult: ['Benachrichtigt und nicht erreichbar (zwei Zahlen, keine Personen)', 'Fortschritt auf der Service-Desk-Karte, Nachvollziehbarkeit'],
};
const recent: Fields<RecentReport> = {
  at: ['Zeitpunkt einer Meldung', 'Störungserkennung (Meldefenster von Minuten)'],
  client: ['VPN-Client', 'Störungserkennung'],
  symptom: ['Art des Problems', 'Störungserkennung'],
  reporterId: ['Meldende Person', 'Dieselbe Person nicht doppelt zählen'],
};
const helpfulness: Fields<HelpfulnessCount> = {
  shown: ['Wie oft ein Eintrag der Wissensdatenbank angezeigt wurde (Zähler, ohne Person)', 'Wissensdatenbank verbessern'],
  helped: ['Wie oft er geholfen hat (Zähler, ohne Person)', 'Wissensdatenbank verbessern'],
  escalated: ['Wie oft danach gemeldet wurde (Zähler, ohne Person)', 'Wissensdatenbank verbessern'],
};
const audit: Fields<AuditEntry> = {
  at: ['Zeitpunkt des Zugriffs', 'Nachweis (Art. 5 Abs. 2 DSGVO)'],
  actor: ['Wer (Betriebssystem-Benutzer oder --operator)', 'Nachweis'],
  action: ['Was (Bericht, Auskunft, Löschung, Löschlauf, Outbox)', 'Nachweis'],
  params: ['Mit welchen Angaben (z. B. Zeitraum, Objekt-ID der betroffenen Person) – nie die Daten selbst', 'Nachweis'],
  result: ['Anzahlen (z. B. gelöschte Datensätze je Art)', 'Nachweis'],
};

export interface RecordCatalogue {
  /** Table name as in the store (lowdb key / PostgreSQL table). */
  table: string;
  title: string;
  /** Nested object/array fields: path prefix → catalogue title. */
  fields: Record<string, FieldDoc>;
  nested?: Record<string, { title: string; fields: Record<string, FieldDoc> }>;
  /** Retention kind (docs/datenschutz/loeschkonzept.md). */
  retention: string;
}

export const CATALOGUE: readonly RecordCatalogue[] = [
  {
    table: 'requests',
    title: 'Antrag auf mobile Arbeit',
    fields: request,
    nested: { days: { title: 'Tag eines Antrags', fields: requestDay }, decision: { title: 'Entscheidung', fields: decision }, cards: { title: 'Gesendete Karte (Genehmigung oder eigener Antrag)', fields: requestCard }, standing: { title: 'Dauervereinbarung', fields: standing } },
    retention: 'mobileWork, danach anonymisiert bis statistics',
  },
  { table: 'bookings', title: 'Arbeitsplatzbuchung', fields: booking, retention: 'deskBookings (Check-in-Zeit: checkIns), danach anonymisiert bis statistics' },
  { table: 'settings', title: 'Persönliche Einstellungen', fields: settings, retention: 'bis zur Löschung auf Antrag (privacy erase)' },
  { table: 'delegations', title: 'Vertretung', fields: delegation, retention: 'delegations (ab Ende der Vertretung)' },
  { table: 'conversations', title: 'Teams-Gesprächsreferenz', fields: conversation, retention: 'conversations (ab letztem Kontakt)' },
  { table: 'absences', title: 'Abwesenheit aus dem Kalender', fields: absence, retention: 'absences' },
  { table: 'subscriptions', title: 'Kalender-Abonnement', fields: subscription, retention: 'absences (ab Ablauf)' },
  { table: 'jobs', title: 'Ausgangsauftrag (Outbox)', fields: job, retention: 'outboxJobs (erledigte und gescheiterte; offene nie)' },
  {
    table: 'tickets',
    title: 'VPN-Meldung (Ticket)',
    fields: ticket,
    nested: {
      report: { title: 'VPN-Meldung: Angaben', fields: vpnReport },
      conversation: { title: 'VPN-Meldung: Rückfrage/Antwort', fields: message },
      deskCard: { title: 'Karte im Service-Desk-Kanal', fields: cardRef },
      external: { title: 'Verweis auf das ITSM-Werkzeug', fields: external },
    },
    retention: 'vpnTickets (Freitexte gelöster Meldungen: vpnTicketTexts), danach anonymisiert bis statistics',
  },
  { table: 'vpnDrafts', title: 'Entwurf einer VPN-Meldung', fields: draft, nested: { report: { title: 'VPN-Meldung: Angaben', fields: vpnReport } }, retention: 'vpnTicketTexts' },
  { table: 'incidents', title: 'VPN-Störung', fields: incident, nested: { deskCard: { title: 'Karte im Service-Desk-Kanal', fields: cardRef } }, retention: 'vpnTickets (ab Behebung), danach anonymisiert bis statistics' },
  { table: 'vpnRecentReports', title: 'Meldefenster der Störungserkennung', fields: recent, retention: 'vpnTicketTexts (in der Praxis Minuten)' },
  { table: 'helpfulness', title: 'Zähler der Wissensdatenbank (je Eintrag)', fields: helpfulness, retention: 'ohne Personenbezug, keine Frist' },
  { table: 'audit', title: 'Protokoll administrativer Zugriffe', fields: audit, retention: 'audit' },
];

/** Every documented field path of a table, e.g. `days.date`, `report.errorText`. */
export function documentedPaths(table: string): Set<string> {
  const c = CATALOGUE.find((x) => x.table === table);
  if (!c) return new Set();
  const out = new Set(Object.keys(c.fields));
  for (const [prefix, n] of Object.entries(c.nested ?? {})) for (const f of Object.keys(n.fields)) out.add(`${prefix}.${f}`);
  return out;
}

function table(title: string, fields: Record<string, FieldDoc>): string[] {
  return [`#### ${title}`, '', '| Feld | Bedeutung | Zweck |', '|---|---|---|', ...Object.entries(fields).map(([k, [what, why]]) => `| \`${k}\` | ${what} | ${why} |`), ''];
}

/** The generated part of docs/datenschutz/felder.md. */
export function fieldTablesMarkdown(): string {
  const out: string[] = [];
  for (const c of CATALOGUE) {
    out.push(`### ${c.title} (\`${c.table}\`)`, '', `Aufbewahrung: ${c.retention}.`, '');
    out.push(...table('Felder', c.fields));
    for (const n of Object.values(c.nested ?? {})) out.push(...table(n.title, n.fields));
  }
  return out.join('\n');
}
