/**
 * Which rules of the service agreement apply to a day and a person's org unit.
 *
 * A policy has versions (a new Dienstvereinbarung from a date on); a version has organisation-wide
 * rules and per-org-unit overrides. An override of a parent unit applies to all its children; a
 * nearer unit's override wins over a more distant one.
 */
import type { IsoDate } from './dates.js';
import { deskRulesOf } from './desk-rules.js';
import type { Policy, PolicyOverride, PolicyRules, PolicyVersion } from './model.js';

/** The latest version whose validFrom is on or before `date`; undefined before the first one. */
export function policyVersionFor(policy: Policy, date: IsoDate): PolicyVersion | undefined {
  let found: PolicyVersion | undefined;
  for (const version of policy.versions) {
    if (version.validFrom <= date && (!found || version.validFrom >= found.validFrom)) found = version;
  }
  return found;
}

/** Copies the defined values of `patch` over `base` (an explicit `undefined` does not erase). */
function assignDefined<T extends object>(base: T, patch: Partial<T> | undefined): T {
  const out = { ...base };
  if (!patch) return out;
  for (const [key, value] of Object.entries(patch) as [keyof T, T[keyof T] | undefined][]) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function applyOverride(rules: PolicyRules, override: PolicyOverride): PolicyRules {
  const { quota, tracks, desks, ...flat } = override;
  const merged = assignDefined(rules, flat as Partial<PolicyRules>);
  merged.quota = assignDefined(rules.quota, quota);
  if (desks) merged.desks = assignDefined(deskRulesOf(rules), desks);
  merged.tracks = {
    standing: assignDefined(rules.tracks.standing, tracks?.standing),
    occasional: assignDefined(rules.tracks.occasional, tracks?.occasional),
  };
  return merged;
}

/**
 * The rules for a member of `orgUnitChain[0]`. The chain is [own unit, parent, grandparent, …];
 * overrides are applied from the most distant ancestor down to the own unit, so the nearest wins.
 * `quota`, `tracks` and `desks` are merged field by field; other fields (arrays included) are replaced.
 * Never mutates the version.
 */
export function effectiveRules(version: PolicyVersion, orgUnitChain: string[]): PolicyRules {
  let rules: PolicyRules = applyOverride(version.rules, {});
  for (let i = orgUnitChain.length - 1; i >= 0; i--) {
    const unitId = orgUnitChain[i];
    const override = unitId === undefined ? undefined : version.orgUnitOverrides[unitId];
    if (override) rules = applyOverride(rules, override);
  }
  return rules;
}

/** The agreement that governs a person's day: its version, the rules for their unit, and whether it is in force yet. */
export interface RulesInForce {
  version: PolicyVersion;
  rules: PolicyRules;
  /**
   * False for a day before the first version's validFrom: then `version` is that first version
   * (the agreement about to apply, shown to people planning ahead), but no request may be judged
   * by it (the quota engine refuses with NO_POLICY).
   */
  inForce: boolean;
}

/**
 * THE way to read the rules of the service agreement: for the person's unit (`orgUnitChain` =
 * [own unit, parent, …], [] for organisation-wide) on `date`. Every use case, card and job asks
 * this; nobody picks a version or falls back to a default of their own.
 */
export function rulesInForce(policy: Policy, orgUnitChain: readonly string[], date: IsoDate): RulesInForce {
  const found = policyVersionFor(policy, date);
  const version = found ?? earliestVersion(policy);
  return { version, rules: effectiveRules(version, [...orgUnitChain]), inForce: found !== undefined };
}

function earliestVersion(policy: Policy): PolicyVersion {
  const [first, ...rest] = policy.versions;
  if (!first) throw new Error('a policy has at least one version (policy-schema.ts)');
  return rest.reduce((a, v) => (v.validFrom < a.validFrom ? v : a), first);
}
