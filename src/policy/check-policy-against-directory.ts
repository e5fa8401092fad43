/**
 * Cross-check of the two configuration files at start: every org unit named in a policy
 * version's `orgUnitOverrides` must exist in the staff directory. A typo in an override
 * (`bauamt` for `bauaufsicht`) would otherwise be silently ignored and the exception of the
 * Dienstvereinbarung would never apply.
 *
 * Pure: takes the loaded policy and the ids the directory knows, returns the problems (empty =
 * fine). The caller turns them into a `ConfigFileError` for the policy file.
 *
 * Where a problem is reported: in the domain `Policy` a version that does not state
 * `orgUnitOverrides` carries the previous version's overrides object itself (see `toPolicy` in
 * `policy-schema.ts`). Such an inherited object is not reported again, so the path points to the
 * version where the id is written in the file (`versions[1].orgUnitOverrides.bauamt`). A version
 * that restates the id in its own overrides is reported too.
 */
import type { FileProblem } from '../config/config-file-error.js';
import { formatPath, type PathSegment } from '../config/zod-problems.js';
import type { Policy } from '../domain/model.js';

/** How many known ids a message lists before it shortens the list. */
const MAX_LISTED = 20;

export function checkPolicyAgainstDirectory(
  policy: Policy,
  knownOrgUnitIds: Iterable<string>,
  /** Line of a path in the policy file, when the source is at hand (for the message). */
  locate?: (path: readonly PathSegment[]) => { line: number } | undefined,
): FileProblem[] {
  const known = new Set(knownOrgUnitIds);
  const problems: FileProblem[] = [];
  policy.versions.forEach((version, i) => {
    const overrides = version.orgUnitOverrides;
    if (i > 0 && overrides === policy.versions[i - 1]?.orgUnitOverrides) return; // inherited, reported where written
    for (const unitId of Object.keys(overrides)) {
      if (known.has(unitId)) continue;
      const path = ['versions', i, 'orgUnitOverrides', unitId];
      const pos = locate?.(path);
      problems.push({ path: formatPath(path), problem: unknownUnitProblem(unitId, known), ...(pos ? { line: pos.line } : {}) });
    }
    // The scope of a cap (`caps[k].orgUnits`), stated in the version's own rules.
    if (i > 0 && version.rules.caps === policy.versions[i - 1]?.rules.caps) return; // inherited
    (version.rules.caps ?? []).forEach((cap, k) => {
      (cap.orgUnits ?? []).forEach((unitId, u) => {
        if (known.has(unitId)) return;
        const path = ['versions', i, 'rules', 'caps', k, 'orgUnits', u];
        const pos = locate?.(path);
        problems.push({ path: formatPath(path), problem: unknownUnitProblem(unitId, known), ...(pos ? { line: pos.line } : {}) });
      });
    });
  });
  return problems;
}

function unknownUnitProblem(unitId: string, known: ReadonlySet<string>): string {
  if (known.size === 0) return 'unknown org unit; the directory has no org units';
  const ids = [...known];
  const sameButCase = ids.find((id) => id.toLowerCase() === unitId.toLowerCase());
  const hint = sameButCase === undefined ? '' : ` (did you mean "${sameButCase}"? ids are case-sensitive)`;
  const listed = ids.slice(0, MAX_LISTED).join(', ');
  const more = ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : '';
  return `unknown org unit${hint}; known: ${listed}${more}`;
}
