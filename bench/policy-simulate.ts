/**
 * The simulator over one year of requests (target: "one year of data in seconds").
 *
 *   node --import tsx bench/policy-simulate.ts [people=1000]
 *
 * Generates `people` staff in 100 org units with a standing request (Mon) and occasional ones
 * (Wed, Thu) in every week of 2026, approved, made on the Thursday before; then replays the year
 * twice: against the one-cap policy alone (policies/kitzingen-like.yaml as current and draft:
 * the baseline) and against that policy and the four-cap draft
 * (policies/landkreis-mehrere-grenzen-like.yaml). Prints wall and CPU time of each and the ratio
 * several caps / one cap (target ≤ 3x), and the CPU time per replayed day. Pure: no store is read
 * (the store reads are the reports' read-only readers). Not part of `npm test`.
 */
import { performance } from 'node:perf_hooks';
import { addDays } from '../src/domain/dates.js';
import type { MobileWorkRequest, Person } from '../src/domain/model.js';
import { loadPolicyFile } from '../src/policy/load-policy.js';
import { simulate, type SimulationInput } from '../src/policy/policy-simulation.js';

const PEOPLE = Number(process.argv[2] ?? 1000);
const UNITS = 100;

const oneCap = await loadPolicyFile('policies/kitzingen-like.yaml');
const fourCaps = await loadPolicyFile('policies/landkreis-mehrere-grenzen-like.yaml');
const people = new Map<string, Person>();
const requests: MobileWorkRequest[] = [];
for (let i = 0; i < PEOPLE; i++) {
  const id = `p${i}`;
  const unit = `u${i % UNITS}`;
  people.set(id, { id, displayName: id, orgUnitId: unit, weeklyHours: 39, hoursByWeekday: { mon: 7.8, tue: 7.8, wed: 7.8, thu: 7.8, fri: 7.8, sat: 0, sun: 0 }, startDate: '2015-01-01' });
  for (let w = 0; w < 52; w++) {
    const monday = addDays('2026-01-05', 7 * w);
    const at = `${addDays(monday, -4)}T08:00:00.000Z`;
    const base = { number: 'MA', personId: id, orgUnitId: unit, approvalMode: 'required' as const, status: 'approved' as const, policyVersion: '2023-01-01', createdAt: at, updatedAt: at, cards: [], version: 0 };
    requests.push({ ...base, id: `${id}-${w}-s`, track: 'standing', days: [{ date: monday, portion: 1, status: 'approved' }] });
    requests.push({ ...base, id: `${id}-${w}-o`, track: 'occasional', days: [2, 3].map((k) => ({ date: addDays(monday, k), portion: 1 as const, status: 'approved' as const })) });
  }
}
const chains = new Map<string, string[]>();
const unitSizes = new Map<string, number>();
for (let u = 0; u < UNITS; u++) {
  chains.set(`u${u}`, [`u${u}`]);
  unitSizes.set(`u${u}`, PEOPLE / UNITS);
}
const base: Omit<SimulationInput, 'current' | 'draft'> = { requests, people, chains, unitSizes, from: '2026-01-05', to: '2026-12-31', localDate: (iso) => iso.slice(0, 10) };
const days = requests.reduce((s, r) => s + r.days.length, 0);

function run(label: string, input: SimulationInput): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const rows = simulate(input);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  console.log(`${label}: ${rows.length} rows, ${(wall / 1000).toFixed(1)} s wall, ${(cpu / 1000).toFixed(1)} s CPU, ${((cpu * 1000) / (2 * days)).toFixed(1)} µs CPU per replayed day`);
  return cpu;
}

console.log(`${PEOPLE} people, ${requests.length} requests, ${days} days in one year`);
const one = run('one cap (baseline)', { ...base, current: oneCap, draft: oneCap });
const four = run('one cap + four-cap draft', { ...base, current: oneCap, draft: fourCaps });
console.log(`ratio several caps / one cap: ${(four / one).toFixed(2)}x (target ≤ 3x)`);
