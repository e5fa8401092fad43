/**
 * The `retention` block of the policy file: how many months each kind of record is kept
 * (src/domain/retention-periods.ts). Every key optional; what is left out takes the default.
 *
 * ```yaml
 * retention:          # Monate
 *   mobileWork: 13    # Anträge und Tage mobiler Arbeit
 *   deskBookings: 13
 *   checkIns: 3
 *   vpnTickets: 13
 *   vpnTicketTexts: 3
 *   delegations: 13
 *   conversations: 13
 *   absences: 3
 *   outboxJobs: 1
 *   logs: 3           # nur dokumentiert: die Protokolle speichert die Betriebsumgebung
 *   audit: 24
 *   statistics: 24    # anonymisierte Datensätze für die Berichte
 * ```
 *
 * Personal kinds: 1 to 24 months (the issue's "at most 2 years"); `audit` and `statistics`: 1 to
 * 120. `statistics` must be at least as long as `mobileWork`, `deskBookings` and `vpnTickets`
 * (else anonymised records would be deleted before personal ones). Unknown keys are an error.
 */
import { z } from 'zod';
import {
  DEFAULT_RETENTION,
  MAX_OTHER_MONTHS,
  MAX_PERSONAL_MONTHS,
  NON_PERSONAL_KINDS,
  RETENTION_KINDS,
  type RetentionKind,
  type RetentionPolicy,
} from '../domain/retention-periods.js';

const months = (max: number) =>
  z
    .number({ error: (iss) => `must be a whole number of months (got ${JSON.stringify(iss.input)})` })
    .int(`must be a whole number of months`)
    .min(1, 'must be at least 1 month')
    .max(max, `must be at most ${max} months`);

const shape = Object.fromEntries(
  RETENTION_KINDS.map((k) => [k, months(NON_PERSONAL_KINDS.includes(k) ? MAX_OTHER_MONTHS : MAX_PERSONAL_MONTHS).optional()]),
) as Record<RetentionKind, z.ZodOptional<z.ZodNumber>>;

export const retentionFileSchema = z.strictObject(shape).superRefine((r, ctx) => {
  const statistics = r.statistics ?? DEFAULT_RETENTION.statistics;
  for (const k of ['mobileWork', 'deskBookings', 'vpnTickets'] as const) {
    const value = r[k] ?? DEFAULT_RETENTION[k];
    if (statistics < value) {
      ctx.addIssue({
        code: 'custom',
        path: ['statistics'],
        message: `must be at least ${k} (${value} months): anonymised records are kept at least as long as the personal ones (got ${statistics})`,
      });
    }
  }
});

export type RetentionFile = z.output<typeof retentionFileSchema>;

export function toRetention(file: RetentionFile | undefined): RetentionPolicy {
  const out = { ...DEFAULT_RETENTION };
  for (const k of RETENTION_KINDS) {
    const v = file?.[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}
