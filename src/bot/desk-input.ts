/** zod schemas for the data of the desk-sharing verbs (card inputs arrive as strings). */
import { z } from 'zod';
import { DESK_ATTRIBUTES, type DeskAttribute } from '../domain/desk-model.js';
import { isoDate } from './action-input.js';

const id = z.string().trim().min(1).max(100);
const empty = (v: unknown) => (v === '' || v === null ? undefined : v);
const slot = z.preprocess(empty, z.enum(['day', 'morning', 'afternoon']).default('day'));
const flag = z.preprocess(empty, z.enum(['true', 'false']).optional()).transform((v) => v === 'true');

const attributes = z.preprocess(
  empty,
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(DESK_ATTRIBUTES as [DeskAttribute, ...DeskAttribute[]])).max(DESK_ATTRIBUTES.length))
    .optional(),
);

export const deskSearchData = z.object({ date: z.preprocess(empty, isoDate.optional()) });

export const deskFindData = z.object({
  date: isoDate,
  slot,
  site: z.preprocess(empty, id.optional()),
  floor: z.preprocess(empty, id.optional()),
  attributes,
  nearTeam: flag,
});

export const deskBookData = z.object({ deskId: id, date: isoDate, slot });

export const deskRepeatData = z.object({
  bookingId: id,
  until: isoDate,
});

export const bookingIdData = z.object({ bookingId: id });
export const optionalBookingIdData = z.object({ bookingId: z.preprocess(empty, id.optional()) });
export const teamDayData = z.object({ date: z.preprocess(empty, isoDate.optional()) });

export const switchToOfficeData = z.object({ deskId: id, date: isoDate, slot });
/** The days to request as mobile work once their desk bookings are released ("a,b,c"). */
export const switchToMobileData = z.object({
  dates: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(isoDate).min(1).max(400)),
  half: z.preprocess(empty, z.enum(['morning', 'afternoon']).optional()),
});

export const settingsSaveData = z.object({
  visibility: z.enum(['name', 'hidden']),
  needsAccessibleDesk: flag,
});
