/**
 * Two bot instances (two running apps, each with its own PostgreSQL pool) on one schema, with the
 * real use cases over HTTP: however many clicks race for one desk and slot across both
 * instances, one booking is stored and everyone else is told it is taken; one person racing for
 * many desks through both instances holds at most one of them. No global lock: the database
 * decides what collides (src/store/postgres/).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { DeskBooking } from '../../src/domain/desk-model.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { startHarness, type Harness, type InvokeBody } from '../support/app-harness.js';
import { generatedDirectory } from '../support/generated-directory.js';
import { findPostgres, pgQuery } from '../support/postgres.js';

const DATE = '2026-12-03';
const DESK = 'A-2-210-1';
const PEOPLE_COUNT = 40;
const pgUrl = await findPostgres();

describe('two bot instances on one PostgreSQL schema: desk booking over HTTP', function () {
  if (!pgUrl) {
    it('needs a PostgreSQL server (skipped)', function () {
      this.skip();
    });
    return;
  }
  this.timeout(120_000);
  let schema: string;
  let a: Harness;
  let b: Harness;
  let ids: string[];

  beforeEach(async () => {
    schema = `two_apps_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const generated = generatedDirectory(PEOPLE_COUNT);
    ids = generated.ids;
    const open = () => openPostgresStore({ connectionString: pgUrl, schema, now: () => new Date('2026-11-25T09:00:00Z'), poolSize: 5 });
    a = await startHarness({}, { directory: generated.directory, store: await open() });
    b = await startHarness({}, { directory: generated.directory, store: await open() });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await pgQuery(pgUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const isActive = (x: DeskBooking): boolean => x.status === 'booked' || x.status === 'checked-in';
  const errors = (): unknown[] => [a, b].flatMap((h) => h.logger.lines.filter((l) => l.level === 'error' || l.event === 'action_failed'));

  it('when 40 people click the same desk and slot at once, half through each instance, then one booking is stored and 39 are told it is taken', async () => {
    const answers: InvokeBody[] = await Promise.all(ids.map((id, i) => (i % 2 ? a : b).click(id, 'desk.book', { deskId: DESK, date: DATE, slot: 'day' })));
    const stored = await b.app.store.read((r) => r.listBookingsOnDate(DATE));
    assert.equal(stored.length, 1, 'one booking stored');
    assert.ok(answers.every((x) => x.statusCode === 200), JSON.stringify(answers.find((x) => x.statusCode !== 200)?.value ?? '').slice(0, 300));
    assert.equal(answers.filter((x) => JSON.stringify(x.value).includes('Ihr Platz ist gebucht')).length, 1);
    assert.equal(answers.filter((x) => JSON.stringify(x.value).includes('Dieser Platz ist zu dieser Zeit schon gebucht')).length, PEOPLE_COUNT - 1);
    assert.deepEqual(errors(), [], 'no error logged');
  });

  it('when one person books ten desks for one slot at once through both instances, then exactly one is booked', async () => {
    const person = ids[0]!;
    const desks = ['A-2-210-1', 'A-2-210-2', 'A-2-210-3', 'A-2-210-4', 'A-2-211-1', 'A-2-211-2', 'A-2-211-3', 'A-2-214-1', 'A-2-214-2', 'A-2-214-3'];
    const answers = await Promise.all(desks.map((deskId, i) => (i % 2 ? a : b).click(person, 'desk.book', { deskId, date: DATE, slot: 'day' })));
    const stored = (await a.app.store.read((r) => r.listBookingsOfPerson(person))).filter(isActive);
    assert.equal(stored.length, 1, 'one desk per person per slot');
    assert.equal(answers.filter((x) => JSON.stringify(x.value).includes('Ihr Platz ist gebucht')).length, 1);
    assert.deepEqual(errors(), []);
  });
});
