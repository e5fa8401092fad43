/** Shared parts of the VPN end-to-end tests: desk members, the channel, a report, a channel click. */
import assert from 'node:assert/strict';
import { TENANT, type Harness, type InvokeBody } from './app-harness.js';

export const DESK = {
  roth: '00000000-0000-0000-0000-000000000011', // Andreas Roth, IT-Service
  gruber: '00000000-0000-0000-0000-000000000012', // Stefan Gruber, IT-Service
} as const;
export const CHANNEL = '19:servicedesk0123456789@thread.tacv2';

export const DESK_ENV = {
  SERVICE_DESK_CONVERSATION_ID: CHANNEL,
  SERVICE_DESK_MEMBERS: `${DESK.roth},${DESK.gruber}`,
};

/** A FortiClient report stuck at 10 % with -14: the knowledge base knows it. */
export const FORTI_REPORT = {
  client: 'forticlient',
  symptom: 'no-connection',
  errorText: 'Fehler -14: Verbindung fehlgeschlagen',
  progressPercent: '10',
  since: '2026-11-25',
  connection: 'wlan',
  internetWithoutVpn: 'true',
  deviceInventoryNumber: 'LRA-NB-04711',
  clientVersion: '7.2.4',
  triedAlready: 'Neu gestartet',
  affected: 'only-me',
  callbackNumber: '+49 9321 928-1234',
};

/** A click on a card in the service-desk channel (Teams sends the thread's conversation id). */
export async function channelClick(h: Harness, userId: string, verb: string, data: Record<string, unknown>, locale = 'de-DE'): Promise<InvokeBody> {
  const res = await h.post({
    id: `chan-${Math.random().toString(36).slice(2)}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: h.serviceUrl,
    timestamp: h.clock.now().toISOString(),
    locale,
    from: { id: `29:teams-${userId}`, aadObjectId: userId, name: 'user' },
    recipient: { id: '28:bot-id', name: 'Mobiles Arbeiten' },
    conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: 'channel', tenantId: TENANT, isGroup: true },
    channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL }, team: { id: CHANNEL } },
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as InvokeBody;
}


/**
 * Every text a person sees on a card (TextBlock, TextRun, Fact title/value, action titles), with
 * the Markdown escapes of `plainText` removed, joined by newlines.
 */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'placeholder', 'label']) {
        if (typeof o[key] === 'string') out.push(o[key]);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n').replace(/\\([\\`*_{}[\]()#+\-.!<>|~&])/g, '$1');
}
