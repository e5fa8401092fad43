/**
 * Desk-sharing phrases in chat messages: floors ("2. OG", "2nd floor", "Erdgeschoss"), the booking
 * slot ("vormittags", "ganztags"), check-in ("ich bin da") and "who is on site" questions.
 * All input is folded text (see normalize.ts).
 */
import type { BookingSlot } from '../domain/desk-model.js';
import { findHalf } from './date-words.js';
import { blankOut } from './dotted-dates.js';

export interface FloorHint {
  /** Canonical German form, as floors are named in the inventory: "2. OG", "EG", "1. UG". */
  hint: string;
  start: number;
  end: number;
}

const UPPER = String.raw`og|obergeschoss|etage|stock|stockwerk`;
const LOWER = String.raw`ug|untergeschoss|kellergeschoss`;
const ORDINAL_EN = String.raw`(\d{1,2})(?:st|nd|rd|th)?\s+floor|floor\s+(\d{1,2})`;
const FLOOR_PATTERNS: Array<[RegExp, (m: RegExpExecArray) => string | undefined]> = [
  [new RegExp(String.raw`\b(\d{1,2})\s*\.?\s*(?:${UPPER})\b`), (m) => `${Number(m[1])}. OG`],
  [new RegExp(String.raw`\b(?:etage|stock|floor)\s+(\d{1,2})\b`), (m) => `${Number(m[1])}. OG`],
  [new RegExp(String.raw`\b(\d{1,2})\s*\.?\s*(?:${LOWER})\b`), (m) => `${Number(m[1])}. UG`],
  [new RegExp(String.raw`\b(?:${ORDINAL_EN})\b`), (m) => `${Number(m[1] ?? m[2])}. OG`],
  [/\b(?:eg|erdgeschoss|parterre|ground\s+floor)\b/, () => 'EG'],
  [new RegExp(String.raw`\b(?:${LOWER}|basement)\b`), () => 'UG'],
];

/**
 * The floor named in the text. Numbered floors above ground are "N. OG" ("2nd floor" is read the
 * German/British way: the 2nd floor is two above the ground floor, "2. OG").
 */
export function findFloorHint(text: string): FloorHint | undefined {
  for (const [re, build] of FLOOR_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const hint = build(m);
    if (hint && !hint.startsWith('0.')) return { hint: hint === '0. OG' ? 'EG' : hint, start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}

const WHOLE_DAY = /\b(?:ganztags?|ganztaegig|(?:den\s+)?ganzen\s+tag|ganzer\s+tag|(?:the\s+)?(?:whole|full|all)[\s-]day)\b/;

/** The slot asked for, with its words blanked out; no slot when none (or both halves) are named. */
export function findSlot(text: string): { slot?: BookingSlot; rest: string } {
  const whole = WHOLE_DAY.exec(text);
  if (whole) return { slot: 'day', rest: blankOut(text, whole.index, whole.index + whole[0].length) };
  const half = findHalf(text);
  return half.half ? { slot: half.half, rest: half.rest } : { rest: half.rest };
}

/** "ich bin da", "bin im Büro", "einchecken", "check in", "I'm here". */
export const CHECK_IN =
  /^(?:(?:so|ok|okay|hallo|hi|moin)\s*,?\s*)?(?:ich\s+)?bin\s+(?:jetzt\s+|nun\s+|schon\s+)?(?:da|hier|angekommen|im\s+buero)\b|\beinchecken\b|\beingecheckt\b|\bcheck(?:ed)?[\s-]*in\b|\bi\s*['’]?\s*a?m\s+here\b|\bi\s+have\s+arrived\b/;

/**
 * "Wer ist am Donnerstag im Büro?", "wer ist morgen da", "who is in the office on friday",
 * "wer kommt morgen". Questions about who is *not* there are not answered (see NEGATION).
 */
export const WHO_ON_SITE =
  /^(?:wer|who)\s*(?:['’]\s*s|ist|sind|is|are|will\s+be|kommt|kommen|arbeitet|arbeiten|works?)\b(?:.*\b(?:buero|office|vor\s+ort|on[\s-]*site|da|hier|here|im\s+haus|in\s+the\s+building|anwesend|present)\b|\s+(?:(?:denn|am|on)\s+)?(?:heute|morgen|uebermorgen|today|tomorrow|montag|dienstag|mittwoch|donnerstag|freitag|monday|tuesday|wednesday|thursday|friday)\s*\??\s*$)/;

/** A question about who is away is never answered with a list of people. */
export const NEGATION = /\b(?:nicht|not|kein|keine|niemand|nobody|absent|abwesend|krank|sick|urlaub|vacation|away)\b/;
