/**
 * The shape of a Bot Framework activity as far as the bot and botbuilder read it, checked at the
 * door: a field of the wrong type (a numeric `locale`, an object as `type`, a `serviceUrl` that is
 * no URL) is a 400 naming the field, not an exception deep inside a turn. Unknown fields pass
 * through unchanged; text fields have generous length limits (Teams' own limits are lower).
 */
import { z } from 'zod';

const id = z.string().max(1024);
const name = z.string().max(1024);
const account = z.looseObject({
  id,
  name: name.optional(),
  aadObjectId: z.string().max(128).optional(),
  role: z.string().max(64).optional(),
});
const optionalAccount = z.looseObject({
  id: id.optional(),
  name: name.optional(),
  aadObjectId: z.string().max(128).optional(),
  role: z.string().max(64).optional(),
});
const timestamp = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO date-time' });

export const activityEnvelopeSchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: id.optional(),
  name: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z
    .string()
    .max(2048)
    .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), { message: 'must be an http(s) URL' }),
  locale: z.string().max(64).optional(),
  text: z.string().max(100_000).optional(),
  textFormat: z.string().max(64).optional(),
  deliveryMode: z.string().max(64).optional(),
  replyToId: id.optional(),
  timestamp: timestamp.optional(),
  localTimestamp: timestamp.optional(),
  expiration: timestamp.optional(),
  from: account,
  recipient: optionalAccount.optional(),
  conversation: z.looseObject({
    id,
    conversationType: z.string().max(64).optional(),
    tenantId: z.string().max(128).optional(),
    isGroup: z.boolean().optional(),
    name: name.optional(),
  }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(128).optional() }).optional() }).optional(),
  membersAdded: z.array(optionalAccount).max(1000).optional(),
  membersRemoved: z.array(optionalAccount).max(1000).optional(),
  attachments: z.array(z.looseObject({ contentType: z.string().max(256).optional() })).max(100).optional(),
  entities: z.array(z.looseObject({ type: z.string().max(256).optional() })).max(100).optional(),
  value: z.unknown().optional(),
});

export type ActivityEnvelope = z.output<typeof activityEnvelopeSchema>;

export type EnvelopeResult = { ok: true; activity: ActivityEnvelope } | { ok: false; fields: string[] };

/** The activity, or the (sorted, unique) paths of the fields that are wrong. */
export function parseActivityEnvelope(body: unknown): EnvelopeResult {
  const result = activityEnvelopeSchema.safeParse(body);
  if (result.success) return { ok: true, activity: result.data };
  const fields = [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(body)'))].sort().slice(0, 10);
  return { ok: false, fields };
}

/** Who a turn is for the per-person limit: tenant and Entra object id (or the channel's user id). */
export function senderKey(activity: ActivityEnvelope): string {
  const tenant = activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '';
  const user = activity.from.aadObjectId ?? activity.from.id;
  return `${tenant.toLowerCase()}|${user.toLowerCase()}`;
}

/** True when the answer goes in the HTTP response (an invoke, or `deliveryMode: expectReplies`). */
export function answersInResponse(activity: ActivityEnvelope): boolean {
  return activity.type === 'invoke' || activity.deliveryMode === 'expectReplies';
}
