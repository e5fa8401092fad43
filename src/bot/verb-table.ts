/**
 * The verb contract in one table: every `Action.Execute` verb → the zod schema of its data. The
 * handler types come from it (`VerbHandlers`): a handler gets the parsed input of its own verb, and
 * the bot's handler map must have exactly one handler per verb (checked by the compiler). The
 * names in `src/cards/verbs.ts` are checked against this table, and test/cards/verb-table.test.ts
 * checks that every verb a card uses has a handler and every handler is offered by a card.
 */
import { z } from 'zod';
import type { Locale } from '../domain/model.js';
import { VERBS } from '../cards/verbs.js';
import {
  approveSomeData,
  bulkApproveData,
  decisionData,
  delegationRevokeData,
  delegationSetData,
  planSendData,
  requestFormData,
  requestIdData,
  weekData,
  withdrawData,
} from './action-input.js';
import {
  bookingIdData,
  deskBookData,
  deskFindData,
  deskRepeatData,
  deskSearchData,
  optionalBookingIdData,
  settingsSaveData,
  switchToMobileData,
  switchToOfficeData,
  teamDayData,
} from './desk-input.js';
import type { Card } from './presenter-port.js';
import {
  vpnAnswerData,
  vpnAskData,
  vpnDraftData,
  vpnHelpedData,
  vpnIncidentData,
  vpnIncidentResolveData,
  vpnResolveData,
  vpnSubmitData,
  vpnTicketData,
} from './vpn-input.js';

const noData = z.object({});

export const VERB_INPUTS = {
  'help.show': noData,
  'homeOffice.form': noData,
  'homeOffice.request': requestFormData,
  'homeOffice.myWeek': weekData,
  'homeOffice.planSend': planSendData,
  'homeOffice.quota': noData,
  'homeOffice.mine': noData,
  'homeOffice.withdraw': withdrawData,
  'homeOffice.pending': noData,
  'homeOffice.open': requestIdData,
  'homeOffice.approve': decisionData,
  'homeOffice.approveSome': approveSomeData,
  'homeOffice.reject': decisionData,
  'homeOffice.bulkApprove': bulkApproveData,
  'homeOffice.refresh': requestIdData,
  'delegation.form': noData,
  'delegation.set': delegationSetData,
  'delegation.revoke': delegationRevokeData,
  'desk.search': deskSearchData,
  'desk.find': deskFindData,
  'desk.book': deskBookData,
  'desk.repeat': deskRepeatData,
  'desk.cancel': bookingIdData,
  'desk.mine': noData,
  'desk.checkIn': optionalBookingIdData,
  'desk.teamDay': teamDayData,
  'desk.switchToOffice': switchToOfficeData,
  'desk.keepMobile': noData,
  'homeOffice.switchToMobile': switchToMobileData,
  'homeOffice.keepDesk': noData,
  'settings.privacy': noData,
  'settings.save': settingsSaveData,
  'vpn.form': noData,
  'vpn.submit': vpnSubmitData,
  'vpn.helped': vpnHelpedData,
  'vpn.escalate': vpnDraftData,
  'vpn.mine': noData,
  'vpn.show': vpnTicketData,
  'vpn.answer': vpnAnswerData,
  'vpn.reopen': vpnTicketData,
  'vpn.take': vpnTicketData,
  'vpn.ask': vpnAskData,
  'vpn.resolve': vpnResolveData,
  'vpn.refresh': vpnTicketData,
  'vpn.incident.resolve': vpnIncidentResolveData,
  'vpn.incident.refresh': vpnIncidentData,
} as const satisfies Record<string, z.ZodType>;

export type Verb = keyof typeof VERB_INPUTS;
export type VerbInput<V extends Verb> = z.output<(typeof VERB_INPUTS)[V]>;

/** One click, its data already parsed with the verb's schema. */
export interface VerbTurn<V extends Verb> {
  userId: string;
  locale: Locale;
  /** 'automatic' for a card refresh, 'manual' for a click. */
  trigger: 'manual' | 'automatic';
  input: VerbInput<V>;
  /** The personal-chat message holding the clicked card (its answer replaces it), when Teams says. */
  message?: { conversationId: string; activityId: string };
}

export type VerbHandler<V extends Verb> = (turn: VerbTurn<V>) => Promise<Card>;
export type VerbHandlers = { [V in Verb]: VerbHandler<V> };

export function isVerb(value: string): value is Verb {
  return Object.hasOwn(VERB_INPUTS, value);
}

// The names the cards use (src/cards/verbs.ts) are exactly the verbs of this table.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<Verb, (typeof VERBS)[keyof typeof VERBS]> = true;
void namesMatch;
