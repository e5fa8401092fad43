/**
 * A small organisation for the report tests: four people whose ids and names must never show up
 * in a report, a two-floor inventory, and a data directory pre-filled through the real lowdb store.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BookingSlot, BookingStatus, DeskBooking } from '../../src/domain/desk-model.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/store/store.js';
import { cleanUp } from '../process/bot-process.js';

export const PEOPLE = [
  { id: '00000000-0000-0000-0000-0000000000a1', name: 'Anna Huber' },
  { id: '00000000-0000-0000-0000-0000000000b2', name: 'Ben Maier' },
  { id: '00000000-0000-0000-0000-0000000000c3', name: 'Carla Roth' },
  { id: '00000000-0000-0000-0000-0000000000d4', name: 'Dora Fink' },
] as const;

export const DIRECTORY_YAML = `orgUnits:
  - { id: lra, name: Landratsamt }
people:
${PEOPLE.map((p) => `  - { id: ${p.id}, name: ${p.name}, orgUnit: lra, weeklyHours: 40, startDate: 2020-01-01 }`).join('\n')}
`;

export const DESKS_YAML = `sites:
  - id: rh
    name: Rathaus
    buildings:
      - id: rh-a
        name: Altbau
        floors:
          - id: rh-a-1
            name: 1. OG
            rooms:
              - id: rh-a-1-101
                name: "101"
                desks: [{ id: d1 }, { id: d2 }]
          - id: rh-a-2
            name: 2. OG
            rooms:
              - id: rh-a-2-201
                name: "201"
                desks: [{ id: d3 }, { id: d4 }]
`;

let n = 0;
export function booking(deskId: string, personIndex: number, date: string, slot: BookingSlot, status: BookingStatus, extra: Partial<DeskBooking> = {}): DeskBooking {
  n += 1;
  return {
    id: `bk-${n}`,
    deskId,
    personId: PEOPLE[personIndex]!.id,
    date,
    slot,
    status,
    createdAt: '2026-10-20T08:00:00.000Z',
    updatedAt: '2026-10-20T08:00:00.000Z',
    version: 0,
    ...extra,
  };
}

/** Tuesday 3 November 2026 on both floors, plus one booking outside 2–6 November. */
export function novemberBookings(): DeskBooking[] {
  return [
    booking('d1', 0, '2026-11-03', 'day', 'checked-in', { checkedInAt: '2026-11-03T07:55:00.000Z' }),
    booking('d2', 1, '2026-11-03', 'morning', 'released', { releaseReason: 'no-show' }),
    booking('d3', 2, '2026-11-03', 'afternoon', 'booked'),
    booking('d4', 3, '2026-11-03', 'day', 'cancelled'),
    booking('d1', 0, '2026-11-09', 'day', 'booked'),
  ];
}

/** One transaction per booking, like the bot. */
export async function putAll(store: Store, bookings: readonly DeskBooking[]): Promise<void> {
  for (const b of bookings) await store.transact((tx) => tx.putBooking(b));
}

/** Writes the configuration files into `dir`; returns the environment of the report. */
export async function writeConfig(dir: string, dataDir: string): Promise<Record<string, string>> {
  await writeFile(join(dir, 'directory.yaml'), DIRECTORY_YAML);
  await writeFile(join(dir, 'desks.yaml'), DESKS_YAML);
  return {
    DATA_DIR: dataDir,
    DIRECTORY_FILE: join(dir, 'directory.yaml'),
    DESKS_FILE: join(dir, 'desks.yaml'),
    POLICY_FILE: 'policies/kitzingen-like.yaml', // Bayern
  };
}

/** Every file of a directory and its subdirectories (the store's partitions) with its bytes (to prove a reader changed nothing). */
export async function filesOf(dir: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // `audit/` is the audit trail the report appends its access to (src/privacy/audit-log.ts), not the store.
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name === 'audit' && prefix === '') continue;
    if (entry.isDirectory()) Object.assign(out, await filesOf(join(dir, entry.name), `${prefix}${entry.name}/`));
    else out[`${prefix}${entry.name}`] = (await readFile(join(dir, entry.name))).toString('base64');
  }
  return out;
}

/**
 * `openStore(dataDir, compactEvery?)` for the enclosing describe: every lowdb store it opens is
 * closed after each test, and the temporary directories are removed.
 */
export function lowdbStoresPerTest(): (dataDir: string, compactEvery?: number) => Promise<Store> {
  const open: Store[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close().catch(() => undefined)));
    await cleanUp();
  });
  return async (dataDir, compactEvery) => {
    const store = await openLowdbStore({ dataDir, ...(compactEvery !== undefined ? { compactEvery } : {}) });
    open.push(store);
    return store;
  };
}
