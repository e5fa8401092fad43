/**
 * The individual-agreements FILE (YAML or JSON; AGREEMENTS_FILE): a person's band or own limit
 * for a cap of the policy, valid from/to.
 *
 *   agreements:
 *     - person: 00000000-0000-0000-0000-000000000003   # Entra object id
 *       cap: regelmaessig                               # id of a cap with `individual`
 *       band: hoch                                      # a band of that cap …
 *       validFrom: 2026-01-01
 *       validTo: 2026-12-31                             # optional
 *     - person: …
 *       cap: regelmaessig
 *       limit: 70%                                      # … or an own limit (at most `individual.max`)
 *       validFrom: 2026-03-01
 *
 * Checked against the policy: the cap exists and allows individual limits, the band exists, an
 * own limit needs `individual.max` and stays within it, and one person's agreements for one cap
 * do not overlap in time. The file holds person ids only (no names), like the directory.
 */
import { z } from 'zod';
import type { Cap } from '../domain/cap-model.js';
import { isIsoDate, type IsoDate } from '../domain/dates.js';
import type { IndividualAgreement } from '../domain/individual-agreement.js';
import type { Policy } from '../domain/model.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = z.string().refine(isIsoDate, { error: (iss) => `must be a date like 2026-01-31 (got ${JSON.stringify(iss.input)})` });

function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const pct = /^\s*(\d+(?:[.,]\d+)?)\s*%\s*$/.exec(value);
  if (pct) return Number(pct[1]!.replace(',', '.')) / 100;
  const frac = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  if (frac && Number(frac[2]) > 0) return Number(frac[1]) / Number(frac[2]);
  return value;
}

const agreementFile = z
  .strictObject({
    person: z
      .string()
      .regex(GUID, { error: (iss) => `must be an Entra object id (a GUID) (got ${JSON.stringify(iss.input)})` })
      .transform((s) => s.toLowerCase()),
    cap: z.string().trim().min(1),
    band: z.string().trim().min(1).optional(),
    limit: z.preprocess(toNumber, z.number({ error: (iss) => `must be a number, a percentage like "60%" or a fraction like "3/5" (got ${JSON.stringify(iss.input)})` }).min(0)).optional(),
    validFrom: isoDate,
    validTo: isoDate.optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.band === undefined) === (a.limit === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'states either a band or an own limit' });
    }
    if (a.validTo !== undefined && a.validTo < a.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: `must be on or after validFrom (${a.validFrom})` });
    }
  });

const fileBase = z.strictObject({ agreements: z.array(agreementFile).default([]) });

/** The definition of cap `id` in force on `date` (the latest version before it that states it). */
export function capDefinition(policy: Policy, id: string, date: IsoDate): Cap | undefined {
  let found: Cap | undefined;
  let any: Cap | undefined;
  for (const v of policy.versions) {
    const caps = [...(v.rules.caps ?? []), ...Object.values(v.orgUnitOverrides).flatMap((o) => o.caps ?? [])];
    const cap = caps.find((c) => c.id === id && c.individual);
    if (!cap) continue;
    any ??= cap;
    if (v.validFrom <= date) found = cap;
  }
  return found ?? any;
}

export function agreementsFileSchema(policy: Policy) {
  return fileBase
    .superRefine((file, ctx) => {
      file.agreements.forEach((a, i) => {
        const cap = capDefinition(policy, a.cap, a.validFrom);
        if (!cap) {
          const ids = [...new Set(policy.versions.flatMap((v) => [...(v.rules.caps ?? []), ...Object.values(v.orgUnitOverrides).flatMap((o) => o.caps ?? [])]).filter((c) => c.individual).map((c) => c.id))];
          ctx.addIssue({
            code: 'custom',
            path: ['agreements', i, 'cap'],
            message: `no cap "${a.cap}" with individual limits in the policy; ${ids.length > 0 ? `known: ${ids.join(', ')}` : 'the policy has no cap with individual limits'}`,
          });
          return;
        }
        if (a.band !== undefined && !(a.band in cap.individual!.bands)) {
          const bands = Object.keys(cap.individual!.bands);
          ctx.addIssue({ code: 'custom', path: ['agreements', i, 'band'], message: `no band "${a.band}" in cap "${cap.id}"; ${bands.length > 0 ? `known: ${bands.join(', ')}` : 'the cap has no bands'}` });
        }
        if (a.limit !== undefined) {
          const max = cap.individual!.max;
          if (max === undefined) ctx.addIssue({ code: 'custom', path: ['agreements', i, 'limit'], message: `cap "${cap.id}" allows only its bands (no individual.max)` });
          else if (a.limit > max + 1e-9) ctx.addIssue({ code: 'custom', path: ['agreements', i, 'limit'], message: `is above the highest individual limit of cap "${cap.id}" (${max}) (got ${a.limit})` });
        }
        const earlier = file.agreements.findIndex(
          (o, j) => j < i && o.person === a.person && o.cap === a.cap && o.validFrom <= (a.validTo ?? '9999-12-31') && a.validFrom <= (o.validTo ?? '9999-12-31'),
        );
        if (earlier >= 0) {
          ctx.addIssue({ code: 'custom', path: ['agreements', i, 'validFrom'], message: `overlaps agreements[${earlier}] of the same person for cap "${a.cap}"` });
        }
      });
    })
    .transform((file): Record<string, IndividualAgreement[]> => {
      const out: Record<string, IndividualAgreement[]> = {};
      for (const a of file.agreements) {
        const cap = capDefinition(policy, a.cap, a.validFrom)!;
        const limit = a.limit ?? cap.individual!.bands[a.band!]!;
        (out[a.person] ??= []).push({
          personId: a.person,
          capId: a.cap,
          limit,
          validFrom: a.validFrom,
          ...(a.band !== undefined ? { band: a.band } : {}),
          ...(a.validTo !== undefined ? { validTo: a.validTo } : {}),
        });
      }
      return out;
    });
}
