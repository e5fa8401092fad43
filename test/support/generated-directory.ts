/**
 * A generated staff directory for load tests over HTTP: everything of samples/directory.yaml (so
 * the policy's org-unit overrides and the inventory's assigned desks still resolve) plus `count`
 * generated people in one org unit, parsed by the real file-directory parser.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseDirectory, type FileDirectory } from '../../src/directory/file-directory.js';

export const GENERATED_MANAGER = '00000000-0000-0000-0000-000000000001';

/** The Entra object id of generated person `i` (0-based): 10000000-0000-0000-0000-00000000iiii. */
export function generatedPersonId(i: number): string {
  return `10000000-0000-0000-0000-${String(i).padStart(12, '0')}`;
}

export function generatedDirectory(count: number, orgUnit = 'sg-21'): { directory: FileDirectory; ids: string[] } {
  const ids = Array.from({ length: count }, (_, i) => generatedPersonId(i));
  const sample = parse(readFileSync('samples/directory.yaml', 'utf8')) as { orgUnits: unknown[]; people: unknown[] };
  const data = {
    orgUnits: sample.orgUnits,
    people: [
      ...sample.people,
      ...ids.map((id, i) => ({
        id,
        name: `Person ${String(i).padStart(3, '0')}`,
        orgUnit,
        manager: GENERATED_MANAGER,
        weeklyHours: 39,
        startDate: '2020-01-01',
      })),
    ],
  };
  return { directory: parseDirectory(JSON.stringify(data), 'generated-directory.json'), ids };
}
