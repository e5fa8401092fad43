/**
 * The size Teams sees: a whole bot message activity carrying the card, with ids as long as Teams
 * makes them. Teams rejects bot messages over about 100 KB (HTTP 413); we aim for < 28 KB.
 */
export const TEAMS_MESSAGE_LIMIT = 100 * 1024;
export const CARD_BUDGET = 28 * 1024;

export function teamsActivityFor(card: unknown): object {
  return {
    type: 'message',
    id: '1732537200000',
    timestamp: '2026-11-25T13:05:00.000Z',
    serviceUrl: 'https://smba.trafficmanager.net/emea/00000000-1111-2222-3333-444444444444/',
    channelId: 'msteams',
    from: { id: '28:3f2504e0-4f89-11d3-9a0c-0305e82c3301', name: 'Mobiles Arbeiten' },
    conversation: {
      id: 'a:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_AbCdEfGhIjKlMnOpQrStUvWxYz01234567',
      conversationType: 'personal',
      tenantId: '00000000-1111-2222-3333-444444444444',
    },
    recipient: { id: '29:1AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', aadObjectId: '00000000-0000-0000-0000-000000000003' },
    locale: 'de-DE',
    replyToId: '1732537100000',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    channelData: { tenant: { id: '00000000-1111-2222-3333-444444444444' } },
  };
}

export function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
