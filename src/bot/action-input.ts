/**
 * zod schemas for everything that arrives from Teams in `activity.value`: the Universal Action
 * envelope and the data of each verb. Card data carry ids, dates and the user's form inputs only;
 * the parsed result is what the handlers use (never parse-then-cast).
 */
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';
import type { Weekday } from '../domain/dates.js';
import type { ProposalSpec } from '../domain/model.js';

export const adaptiveCardActionSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    id: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

export type AdaptiveCardAction = z.infer<typeof adaptiveCardActionSchema>;

export const isoDate = z
  .string()
  .trim()
  .refine((s) => isIsoDate(s), { message: 'not a valid date (YYYY-MM-DD)' });

const id = z.string().trim().min(1).max(100);
const comment = z
  .string()
  .max(500, { message: 'comment too long (max 500 characters)' })
  .optional()
  .transform((s) => (s && s.trim() ? s.trim() : undefined));

const emptyToUndefinedEarly = (v: unknown) => (v === '' || v === null ? undefined : v);

export const requestIdData = z.object({ requestId: id });

export const decisionData = z.object({
  requestId: id,
  comment,
});

/** Multi-select ChoiceSets send "a,b,c". */
const csvDates = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(isoDate).min(1, { message: 'select at least one day' }));

export const approveSomeData = z.object({ requestId: id, days: csvDates, comment });

export const bulkApproveData = z.object({
  requestIds: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(id).min(1).max(50)),
});

export const withdrawData = z.object({ requestId: id, dates: csvDates.optional() });

export const weekData = z.object({ weekStart: z.preprocess(emptyToUndefinedEarly, isoDate.optional()) });

/** What the week planner offers per day; `office-desk` books a free desk with it. */
export const PLAN_CHOICES = ['office', 'office-desk', 'mobile'] as const;
export type PlanChoice = (typeof PLAN_CHOICES)[number];

/**
 * The week planner's "send": its day inputs `day.<ISO date>` (office / office-desk / mobile) as
 * Teams merges them into the data, and the first Monday shown. Other keys are ignored.
 */
export const planSendData = z
  .object({ weekStart: isoDate })
  .catchall(z.unknown())
  .transform((raw, ctx) => {
    const choices: Array<{ date: string; choice: PlanChoice }> = [];
    for (const [key, value] of Object.entries(raw)) {
      if (!key.startsWith('day.')) continue;
      const date = key.slice(4);
      const choice = z.enum(PLAN_CHOICES).safeParse(value);
      if (!isIsoDate(date) || !choice.success) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'unknown day or choice' });
        return z.NEVER;
      }
      choices.push({ date, choice: choice.data });
    }
    if (choices.length > 31) {
      ctx.addIssue({ code: 'custom', path: ['day'], message: 'too many days' });
      return z.NEVER;
    }
    return { weekStart: raw.weekStart, choices: choices.sort((a, b) => a.date.localeCompare(b.date)) };
  });

export const delegationSetData = z.object({ deputy: id, from: isoDate, to: isoDate });
export const delegationRevokeData = z.object({ delegationId: id });

const weekdays = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map(String) : v.split(',')).map((s) => Number(s.trim())))
  .pipe(z.array(z.number().int().min(1).max(7)).min(1, { message: 'choose at least one weekday' }));

const half = z
  .enum(['whole', 'full', 'morning', 'afternoon'])
  .optional()
  .transform((h) => (h === 'morning' || h === 'afternoon' ? h : undefined));

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** The request form: one day, a range, or a recurring pattern (a standing agreement). */
export const requestFormData = z
  .object({
    kind: z.enum(['single', 'dates', 'range', 'recurring']).default('single'),
    date: z.preprocess(emptyToUndefined, isoDate.optional()),
    /** kind 'dates' (the preview of a typed request): single days, comma-separated. */
    dates: z.preprocess(emptyToUndefined, csvDates.optional()),
    from: z.preprocess(emptyToUndefined, isoDate.optional()),
    to: z.preprocess(emptyToUndefined, isoDate.optional()),
    until: z.preprocess(emptyToUndefined, isoDate.optional()),
    weekdays: z.preprocess(emptyToUndefined, weekdays.optional()),
    half: z.preprocess(emptyToUndefined, half),
    comment,
    atHome: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  })
  .transform((f, ctx): { spec: ProposalSpec; comment?: string; atHome?: boolean } | typeof z.NEVER => {
    const atHome = f.atHome === undefined ? undefined : f.atHome === 'true';
    if (f.kind === 'single') {
      const date = f.date ?? f.from;
      if (!date) {
        ctx.addIssue({ code: 'custom', path: ['date'], message: 'date missing' });
        return z.NEVER;
      }
      return { spec: { type: 'dates', dates: [date], half: f.half }, comment: f.comment, atHome };
    }
    if (f.kind === 'dates') {
      if (!f.dates || f.dates.length > 400) {
        ctx.addIssue({ code: 'custom', path: ['dates'], message: 'dates missing' });
        return z.NEVER;
      }
      return { spec: { type: 'dates', dates: f.dates, half: f.half }, comment: f.comment, atHome };
    }
    if (f.kind === 'range') {
      if (!f.from || !f.to) {
        ctx.addIssue({ code: 'custom', path: [f.from ? 'to' : 'from'], message: 'from and to are needed' });
        return z.NEVER;
      }
      return { spec: { type: 'range', from: f.from, to: f.to, half: f.half }, comment: f.comment, atHome };
    }
    const from = f.from ?? f.date;
    if (!from || !f.until || !f.weekdays) {
      ctx.addIssue({ code: 'custom', path: [!f.weekdays ? 'weekdays' : !from ? 'from' : 'until'], message: 'weekdays, start and end are needed' });
      return z.NEVER;
    }
    return {
      spec: { type: 'recurring', weekdays: f.weekdays as Weekday[], from, until: f.until, half: f.half },
      comment: f.comment,
      atHome,
    };
  });
