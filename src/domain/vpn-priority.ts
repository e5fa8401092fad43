/**
 * Priority of a VPN ticket from its impact: how many are affected, then what is broken.
 *
 * | affected | no-connection | drops | slow | second-factor | one-application | certificate |
 * |----------|---------------|-------|------|---------------|-----------------|-------------|
 * | many     | P1            | P2    | P2   | P1            | P2              | P1          |
 * | my-team  | P2            | P2    | P2   | P2            | P2              | P2          |
 * | only-me  | P3            | P3    | P4   | P3            | P3              | P3          |
 *
 * Many people without any connection, without a second factor or with an expired certificate
 * cannot work at all (P1); many with a degraded connection or one unreachable application can
 * partly (P2).
 */
import type { AffectedScope, Priority, VpnReport, VpnSymptom } from './vpn-model.js';

export const VPN_PRIORITY_TABLE: Readonly<Record<AffectedScope, Readonly<Record<VpnSymptom, Priority>>>> = {
  many: { 'no-connection': 'P1', drops: 'P2', slow: 'P2', 'second-factor': 'P1', 'one-application': 'P2', certificate: 'P1' },
  'my-team': { 'no-connection': 'P2', drops: 'P2', slow: 'P2', 'second-factor': 'P2', 'one-application': 'P2', certificate: 'P2' },
  'only-me': { 'no-connection': 'P3', drops: 'P3', slow: 'P4', 'second-factor': 'P3', 'one-application': 'P3', certificate: 'P3' },
};

export function vpnPriority(report: Pick<VpnReport, 'affected' | 'symptom'>): Priority {
  return VPN_PRIORITY_TABLE[report.affected][report.symptom];
}
