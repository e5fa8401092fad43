/** zod schemas for the data of the VPN verbs (ids only from the card; typed text from its inputs). */
import { z } from 'zod';

const id = z.string().trim().min(1).max(100);
/** Typed text: any length here; the use case answers an over-long text with its limit. */
const typed = z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string().max(100_000));

export const vpnTicketData = z.object({ ticketId: id });
export const vpnIncidentData = z.object({ incidentId: id });
export const vpnDraftData = z.object({ draftId: id });
export const vpnHelpedData = z.object({ draftId: id, entryId: id });
export const vpnAnswerData = z.object({ ticketId: id, answer: typed });
export const vpnAskData = z.object({ ticketId: id, question: typed });
export const vpnResolveData = z.object({ ticketId: id, solution: typed });
export const vpnIncidentResolveData = z.object({ incidentId: id, solution: typed });

/** The report form: only known fields, each a string, number or boolean (the use case checks the rest). */
const formValue = z.union([z.string().max(100_000), z.number(), z.boolean()]).optional();
export const vpnSubmitData = z.object({
  client: formValue,
  symptom: formValue,
  errorText: formValue,
  progressPercent: formValue,
  since: formValue,
  connection: formValue,
  internetWithoutVpn: formValue,
  deviceInventoryNumber: formValue,
  clientVersion: formValue,
  triedAlready: formValue,
  affected: formValue,
  callbackNumber: formValue,
});
