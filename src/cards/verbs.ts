/**
 * The names of the `Action.Execute` verbs, for code that builds or clicks cards. What each verb
 * carries (its zod input schema) and which handler answers it is one table in
 * `src/bot/verb-table.ts`; the compiler checks that both name the same verbs.
 *
 * `data` of an action carries ids, dates and flags only; the card's inputs are merged in by Teams.
 */
export const VERBS = {
  help: 'help.show',
  form: 'homeOffice.form',
  request: 'homeOffice.request',
  myWeek: 'homeOffice.myWeek',
  planSend: 'homeOffice.planSend',
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
  deskRepeat: 'desk.repeat',
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

const ALL: ReadonlySet<string> = new Set(Object.values(VERBS));

export function isVerb(value: unknown): value is (typeof VERBS)[keyof typeof VERBS] {
  return typeof value === 'string' && ALL.has(value);
}
