/**
 * Every `Action.Execute` verb used by the card templates. The bot layer routes invokes
 * (`adaptiveCard/action`, `value.action.verb`) by these names.
 *
 * `data` of an action carries ids, dates and flags only; the card's inputs are merged in by Teams.
 * See `VerbPayload` for what arrives with each verb.
 */
export const VERBS = {
  help: 'help.show',
  form: 'homeOffice.form',
  request: 'homeOffice.request',
  myWeek: 'homeOffice.myWeek',
  quota: 'homeOffice.quota',
  mine: 'homeOffice.mine',
  withdraw: 'homeOffice.withdraw',
  pending: 'homeOffice.pending',
  open: 'homeOffice.open',
  approve: 'homeOffice.approve',
  approveSome: 'homeOffice.approveSome',
  reject: 'homeOffice.reject',
  bulkApprove: 'homeOffice.bulkApprove',
  refresh: 'homeOffice.refresh',
  delegationForm: 'delegation.form',
  delegationSet: 'delegation.set',
  delegationRevoke: 'delegation.revoke',
  deskSearch: 'desk.search',
  deskFind: 'desk.find',
  deskBook: 'desk.book',
  deskCancel: 'desk.cancel',
  deskMine: 'desk.mine',
  deskCheckIn: 'desk.checkIn',
  deskTeamDay: 'desk.teamDay',
  deskSwitchToOffice: 'desk.switchToOffice',
  deskKeepMobile: 'desk.keepMobile',
  switchToMobile: 'homeOffice.switchToMobile',
  keepDesk: 'homeOffice.keepDesk',
  settingsPrivacy: 'settings.privacy',
  settingsSave: 'settings.save',
  vpnForm: 'vpn.form',
  vpnSubmit: 'vpn.submit',
  vpnHelped: 'vpn.helped',
  vpnEscalate: 'vpn.escalate',
  vpnMine: 'vpn.mine',
  vpnShow: 'vpn.show',
  vpnAnswer: 'vpn.answer',
  vpnReopen: 'vpn.reopen',
  vpnTake: 'vpn.take',
  vpnAsk: 'vpn.ask',
  vpnResolve: 'vpn.resolve',
  vpnRefresh: 'vpn.refresh',
  vpnIncidentResolve: 'vpn.incident.resolve',
  vpnIncidentRefresh: 'vpn.incident.refresh',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

const ALL: ReadonlySet<string> = new Set(Object.values(VERBS));

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && ALL.has(value);
}

/**
 * What `value.action.data` holds for each verb (action data + card inputs, all strings as Teams
 * sends them; multi-selects are comma-separated, e.g. weekdays "1,3,5", days "2026-11-30,2026-12-01").
 * Validate with zod in the bot layer before use: a card can be old or tampered with.
 */
export interface VerbPayload {
  'help.show': Record<string, never>;
  'homeOffice.form': Record<string, never>;
  'homeOffice.request': {
    kind: 'single' | 'range' | 'recurring';
    date?: string;
    from?: string;
    to?: string;
    /** ISO weekday numbers, comma-separated. */
    weekdays?: string;
    until?: string;
    half?: 'whole' | 'morning' | 'afternoon';
    comment?: string;
    /** "true" when the home-only confirmation was ticked. */
    atHome?: 'true' | 'false';
  };
  /** No weekStart (or empty) = the current week. */
  'homeOffice.myWeek': { weekStart?: string };
  'homeOffice.quota': Record<string, never>;
  'homeOffice.mine': Record<string, never>;
  'homeOffice.withdraw': { requestId: string };
  'homeOffice.pending': Record<string, never>;
  'homeOffice.open': { requestId: string };
  'homeOffice.approve': { requestId: string; comment?: string };
  /** `days`: ISO dates, comma-separated. */
  'homeOffice.approveSome': { requestId: string; days: string; comment?: string };
  'homeOffice.reject': { requestId: string; comment?: string };
  'homeOffice.bulkApprove': { requestIds: string[] };
  'homeOffice.refresh': { requestId: string };
  'delegation.form': Record<string, never>;
  'delegation.set': { deputy: string; from: string; to: string };
  'delegation.revoke': { delegationId: string };
  /** Opens the search form; `date` pre-fills the day (from "who is on site" or a released booking). */
  'desk.search': { date?: string };
  /** The search form's inputs. `attributes`: DeskAttribute values, comma-separated; '' = any. */
  'desk.find': {
    date: string;
    slot: 'day' | 'morning' | 'afternoon';
    /** Site id; '' or absent = any. */
    site?: string;
    /** Floor id; '' or absent = any. */
    floor?: string;
    attributes?: string;
    nearTeam?: 'true' | 'false';
  };
  'desk.book': { deskId: string; date: string; slot: 'day' | 'morning' | 'afternoon' };
  'desk.cancel': { bookingId: string };
  'desk.mine': Record<string, never>;
  'desk.checkIn': { bookingId: string };
  /** No date = today. */
  'desk.teamDay': { date?: string };
  /** Withdraw the mobile day, then book `deskId` (or open the search when absent). */
  'desk.switchToOffice': { requestId?: string; deskId?: string; date: string; slot: 'day' | 'morning' | 'afternoon' };
  'desk.keepMobile': { date: string };
  /** Cancel the desk booking, then request the mobile day. */
  'homeOffice.switchToMobile': { bookingId?: string; date: string };
  'homeOffice.keepDesk': { date: string };
  'settings.privacy': Record<string, never>;
  'settings.save': { visibility: 'name' | 'hidden'; needsAccessibleDesk: 'true' | 'false' };
  // ---- VPN problem reports (reporter)
  'vpn.form': Record<string, never>;
  /** The report form's inputs (ids `client`, `symptom`, … as in VpnReport; "true"/"false" for internetWithoutVpn). */
  'vpn.submit': Record<string, string>;
  'vpn.helped': { draftId: string; entryId: string };
  'vpn.escalate': { draftId: string };
  'vpn.mine': Record<string, never>;
  /** Reporter's view of one own ticket. */
  'vpn.show': { ticketId: string };
  /** The reporter's answer to a question (input id `answer`). */
  'vpn.answer': { ticketId: string; answer: string };
  'vpn.reopen': { ticketId: string };
  // ---- VPN problem reports (service desk, channel card; refused for non-members)
  'vpn.take': { ticketId: string };
  /** Input id `question`. */
  'vpn.ask': { ticketId: string; question: string };
  /** Input id `solution`. */
  'vpn.resolve': { ticketId: string; solution: string };
  /** Universal Actions refresh of the channel ticket card. */
  'vpn.refresh': { ticketId: string };
  /** Input id `solution`. */
  'vpn.incident.resolve': { incidentId: string; solution: string };
  'vpn.incident.refresh': { incidentId: string };
}
