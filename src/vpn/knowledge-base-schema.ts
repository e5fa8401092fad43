/**
 * The VPN knowledge base FILE format (YAML or JSON) and its transformation into `KnowledgeBase`.
 * Unknown keys are an error; every entry needs German and English steps.
 *
 * ```yaml
 * entries:
 *   - id: forticlient-10-percent
 *     clients: [forticlient]          # optional, default every client
 *     symptoms: [no-connection]
 *     errorCodes: ["-14"]             # optional, matched as a whole token in the error text
 *     errorPatterns: ["port.*blocked"] # optional, case-insensitive regular expressions
 *     progress: { min: 8, max: 12 }   # optional, inclusive, percent
 *     connections: [hotspot]          # optional, default every connection type
 *     escalate: false                 # optional
 *     de: { title: ..., steps: [...] }
 *     en: { title: ..., steps: [...] }
 * ```
 *
 * Checked: ids unique, values from the known lists and not repeated, patterns are valid regular
 * expressions, `progress.min <= progress.max`, both within 0–100.
 */
import { z } from 'zod';
import type { KnowledgeBase } from '../domain/vpn-knowledge-base.js';
import { CONNECTION_TYPES, VPN_CLIENTS, VPN_SYMPTOMS } from '../domain/vpn-model.js';

const id = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: (iss) => `must be an id of lower-case letters, digits and . _ - (got ${JSON.stringify(iss.input)})` });
const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { error: `lists the same ${what} twice` });

const pattern = z
  .string()
  .min(1)
  .max(200)
  .refine(
    (p) => {
      try {
        new RegExp(p, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { error: (iss) => `is not a valid regular expression (got ${JSON.stringify(iss.input)})` },
  );

const percent = z.number().min(0).max(100);

const localized = z.strictObject({
  title: z.string().trim().min(1).max(200),
  steps: z.array(z.string().trim().min(1).max(1000)).min(1).max(20),
});

const entry = z.strictObject({
  id,
  clients: uniqueList(z.enum(VPN_CLIENTS), 'client').optional(),
  symptoms: uniqueList(z.enum(VPN_SYMPTOMS), 'symptom').min(1),
  errorCodes: uniqueList(z.string().trim().min(1).max(40), 'error code').optional(),
  errorPatterns: uniqueList(pattern, 'pattern').optional(),
  progress: z
    .strictObject({ min: percent, max: percent })
    .refine((p) => p.min <= p.max, { error: 'min must not be greater than max' })
    .optional(),
  connections: uniqueList(z.enum(CONNECTION_TYPES), 'connection type').optional(),
  escalate: z.boolean().optional(),
  de: localized,
  en: localized,
});

export const knowledgeBaseFileSchema = z
  .strictObject({ entries: z.array(entry).min(1) })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.entries.forEach((e, i) => {
      if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `the id ${e.id} is used twice` });
      seen.add(e.id);
    });
  })
  .transform(
    (file): KnowledgeBase => ({
      entries: file.entries.map((e) => ({
        id: e.id,
        clients: e.clients ?? [],
        symptoms: e.symptoms,
        errorCodes: e.errorCodes ?? [],
        errorPatterns: e.errorPatterns ?? [],
        ...(e.progress ? { progress: e.progress } : {}),
        connections: e.connections ?? [],
        escalate: e.escalate ?? false,
        de: e.de,
        en: e.en,
      })),
    }),
  );
