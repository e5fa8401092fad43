/**
 * Art. 15 DSGVO: everything stored about one person, as JSON (the records as stored, grouped by
 * kind, each marked "own record" or "names the person in a role") plus a readable German summary.
 * Pure: the records, the audit entries and the periods are passed in.
 */
import type { RetentionPolicy } from '../domain/retention-periods.js';
import { KIND_NAMES_DE } from '../domain/retention-periods.js';
import type { RecordSet } from '../store/store.js';
import type { AuditEntry } from './audit-log.js';

export interface PersonExport {
  format: 'mobile-work-bot/auskunft/1';
  personId: string;
  createdAt: string;
  /** Records that belong to the person (they are its subject). */
  own: Partial<RecordSet>;
  /** Records of others (or shared ones) that name the person in a role (approver, deputy, assignee, linked reporter). */
  roles: Partial<RecordSet>;
  /** Administrative accesses that concerned the person (who, when, what; never data). */
  audit: AuditEntry[];
  /** Months each kind is kept (the service agreement). */
  retentionMonths: RetentionPolicy;
}

type Table = keyof RecordSet;

function ownerOf(table: Table, r: Record<string, unknown>): string | undefined {
  switch (table) {
    case 'requests':
    case 'bookings':
    case 'absences':
    case 'subscriptions':
    case 'settings':
      return r['personId'] as string;
    case 'tickets':
    case 'vpnDrafts':
    case 'vpnRecentReports':
      return r['reporterId'] as string | undefined;
    case 'conversations':
      return r['userId'] as string;
    default:
      return undefined;
  }
}

export function buildPersonExport(personId: string, records: RecordSet, audit: readonly AuditEntry[], retention: RetentionPolicy, now: Date): PersonExport {
  const own: Partial<RecordSet> = {};
  const roles: Partial<RecordSet> = {};
  for (const table of Object.keys(records) as Table[]) {
    for (const r of records[table] as unknown as Record<string, unknown>[]) {
      if (!JSON.stringify(r).includes(personId)) continue;
      const target = ownerOf(table, r) === personId ? own : roles;
      ((target[table] as unknown[] | undefined) ?? ((target[table] as unknown[]) = [])).push(r);
    }
  }
  return {
    format: 'mobile-work-bot/auskunft/1',
    personId,
    createdAt: now.toISOString(),
    own,
    roles,
    audit: audit.filter((e) => JSON.stringify(e.params).includes(personId)),
    retentionMonths: retention,
  };
}

const TABLE_DE: Record<Table, { name: string; kind: keyof RetentionPolicy | undefined }> = {
  requests: { name: 'Anträge auf mobile Arbeit', kind: 'mobileWork' },
  bookings: { name: 'Arbeitsplatzbuchungen', kind: 'deskBookings' },
  tickets: { name: 'VPN-Meldungen', kind: 'vpnTickets' },
  incidents: { name: 'VPN-Störungen (als Mitbetroffene/r verknüpft)', kind: 'vpnTickets' },
  vpnDrafts: { name: 'Entwürfe von VPN-Meldungen', kind: 'vpnTicketTexts' },
  delegations: { name: 'Vertretungen', kind: 'delegations' },
  conversations: { name: 'Teams-Gesprächsreferenz (für Benachrichtigungen)', kind: 'conversations' },
  absences: { name: 'Abwesenheiten aus dem Outlook-Kalender', kind: 'absences' },
  subscriptions: { name: 'Kalender-Abonnement bei Microsoft Graph', kind: 'absences' },
  jobs: { name: 'Ausgangsaufträge (Benachrichtigungen, Kalendereinträge)', kind: 'outboxJobs' },
  settings: { name: 'Persönliche Einstellungen (Sichtbarkeit, barrierefreier Platz)', kind: undefined },
  vpnRecentReports: { name: 'Einträge im Meldefenster der Störungserkennung', kind: 'vpnTicketTexts' },
};

const count = (set: Partial<RecordSet>, t: Table): number => set[t]?.length ?? 0;

/** The readable German summary (Markdown) that goes with the JSON. */
export function personSummaryDe(x: PersonExport): string {
  const lines = [
    `# Auskunft nach Art. 15 DSGVO`,
    '',
    `Person (Entra-Objekt-ID): \`${x.personId}\`  `,
    `Erstellt: ${x.createdAt.slice(0, 10)} ${x.createdAt.slice(11, 16)} UTC`,
    '',
    'Der Bot für mobile Arbeit speichert zu Ihnen nur, was die Dienstvereinbarung zum Zweck der',
    'Planung mobiler Arbeit, der Arbeitsplatzbuchung und der Bearbeitung von VPN-Störungen vorsieht.',
    'Die vollständigen Datensätze stehen in der beigefügten JSON-Datei.',
    '',
    '## Ihre eigenen Datensätze',
    '',
    '| Art | Anzahl | Aufbewahrung |',
    '|---|---:|---|',
  ];
  for (const t of Object.keys(TABLE_DE) as Table[]) {
    const { name, kind } = TABLE_DE[t];
    lines.push(`| ${name} | ${count(x.own, t)} | ${kind ? `${x.retentionMonths[kind]} Monate (${KIND_NAMES_DE[kind]})` : 'bis zur Löschung auf Antrag oder Ihrem Ausscheiden'} |`);
  }
  const roleTables = (Object.keys(TABLE_DE) as Table[]).filter((t) => count(x.roles, t) > 0);
  lines.push('', '## Datensätze anderer, in denen Sie in einer Rolle genannt sind', '');
  if (roleTables.length === 0) lines.push('Keine.');
  else {
    lines.push('Zum Beispiel als genehmigende Führungskraft, als Vertretung, als Bearbeiter/in im Service Desk', 'oder als Mitbetroffene/r einer Störung.', '');
    lines.push('| Art | Anzahl |', '|---|---:|');
    for (const t of roleTables) lines.push(`| ${TABLE_DE[t].name} | ${count(x.roles, t)} |`);
  }
  lines.push('', '## Protokollierte Zugriffe, die Sie betreffen', '');
  if (x.audit.length === 0) lines.push('Keine.');
  else {
    lines.push('| Zeitpunkt (UTC) | Wer | Was |', '|---|---|---|');
    for (const e of x.audit) lines.push(`| ${e.at.slice(0, 16).replace('T', ' ')} | ${e.actor} | ${e.action} |`);
  }
  lines.push(
    '',
    '## Empfänger',
    '',
    '- Ihre Führungskraft bzw. deren Vertretung (Anträge), der Service Desk (VPN-Meldungen).',
    '- Microsoft Teams und Microsoft Graph (Nachrichten, Kalendereinträge) im Rahmen des Microsoft-365-Betriebs Ihrer Verwaltung.',
    '- Das ITSM-Werkzeug des Service Desks, wenn es angebunden ist (VPN-Meldungen).',
    '',
    '## Ihre Rechte',
    '',
    'Sie können Berichtigung (Art. 16), Löschung (Art. 17) und Einschränkung (Art. 18 DSGVO) verlangen',
    'und sich bei der/dem Datenschutzbeauftragten Ihrer Verwaltung oder der Aufsichtsbehörde beschweren.',
    '',
  );
  return lines.join('\n');
}
