/**
 * Turns zod issues into short, human problems ("must be at most 1 (got 1.5)") with a readable
 * path ("versions[0].rules.quota.maxShareOfHours"). Shared by the policy, directory and
 * environment validation so that every configuration error reads the same way.
 */
import type { z } from 'zod';

export type PathSegment = PropertyKey;

/** `['versions', 0, 'rules']` → `versions[0].rules` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      out += /^[A-Za-z_$][\w$-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** A short rendering of a value for a message; never more than ~60 characters. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return show(value);
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/**
 * Error map for `safeParse(data, { error: problemMessage })`. Messages given on a schema
 * (`{ error: '...' }`, refinements) take precedence over this one.
 */
export const problemMessage: z.core.$ZodErrorMap = (iss) => {
  const got = 'input' in iss ? iss.input : undefined;
  switch (iss.code) {
    case 'invalid_type':
      if (got === undefined) return 'is required';
      return `must be ${EXPECTED[iss.expected] ?? iss.expected} (got ${typeName(got)})`;
    case 'too_big': {
      const incl = iss.inclusive !== false;
      if (iss.origin === 'array') return `must have at most ${String(iss.maximum)} entries`;
      if (iss.origin === 'string') return `must be at most ${String(iss.maximum)} characters long`;
      return `must be ${incl ? 'at most' : 'less than'} ${String(iss.maximum)} (got ${show(got)})`;
    }
    case 'too_small': {
      const incl = iss.inclusive !== false;
      if (iss.origin === 'array') return `must have at least ${String(iss.minimum)} entr${iss.minimum === 1 ? 'y' : 'ies'}`;
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? 'must not be empty' : `must be at least ${String(iss.minimum)} characters long`;
      return `must be ${incl ? 'at least' : 'more than'} ${String(iss.minimum)} (got ${show(got)})`;
    }
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => String(v)).join(', ')} (got ${show(got)})`;
    case 'invalid_format':
      return `must be ${iss.format === 'regex' ? 'in the expected format' : `a valid ${iss.format}`} (got ${show(got)})`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)} (got ${show(got)})`;
    case 'unrecognized_keys':
      return `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.join(', ')}`;
    case 'invalid_union':
      return `is not valid here (got ${show(got)})`;
    default:
      return undefined;
  }
};

export interface IssueProblem {
  path: PathSegment[];
  problem: string;
}

/** One problem per issue; an unknown-keys issue becomes one problem per key, at that key. */
export function issueProblems(issues: readonly z.core.$ZodIssue[]): IssueProblem[] {
  const out: IssueProblem[] = [];
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys) out.push({ path: [...iss.path, key], problem: 'unknown key (check the spelling)' });
    } else {
      out.push({ path: [...iss.path], problem: iss.message });
    }
  }
  return out;
}
