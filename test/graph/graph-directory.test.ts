/**
 * The Graph directory over the file directory, against the fake Graph: names, mail, department
 * and manager from Graph, hours and start date from the file, a 15-min cache, the file when Graph
 * is down.
 */
import assert from 'node:assert/strict';
import { loadDirectoryFile, type FileDirectory } from '../../src/directory/file-directory.js';
import { createGraphClient } from '../../src/graph/graph-client.js';
import { GraphDirectory } from '../../src/graph/graph-directory.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { installCalendarRoutes, type CalendarRoutes } from './subscription-fake-routes.js';

const MANAGER = '00000000-0000-0000-0000-000000000001';
const DEPUTY = '00000000-0000-0000-0000-000000000002';
const ANNA = '00000000-0000-0000-0000-000000000003';
const MARKUS = '00000000-0000-0000-0000-000000000004';
const ENTRA_ONLY = '00000000-0000-0000-0000-0000000000ff';

describe('Graph directory (over the file directory)', () => {
  let fake: FakeGraph;
  let routes: CalendarRoutes;
  let file: FileDirectory;
  let dir: GraphDirectory;
  let now = 0;

  beforeEach(async () => {
    fake = new FakeGraph();
    await fake.start();
    routes = installCalendarRoutes(fake);
    file = await loadDirectoryFile('samples/directory.yaml');
    now = 1_000_000;
    const graph = createGraphClient({ baseUrl: fake.url, tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-0000000000aa', clientSecret: 'x' });
    dir = new GraphDirectory(graph, file, { departmentMap: { 'Sachgebiet Bauaufsicht': 'sg-21' }, now: () => now });
    routes.users.set(MANAGER, { id: MANAGER, displayName: 'Dr. Katharina Vogt', mail: 'k.vogt@musterkreis.example', department: 'FB 2' });
    routes.users.set(DEPUTY, { id: DEPUTY, displayName: 'Thomas Brandl', department: 'FB 2' });
    routes.users.set(ANNA, { id: ANNA, displayName: 'Anna Huber-Meier', mail: 'anna.huber@musterkreis.example', department: 'Sachgebiet Bauaufsicht', managerId: DEPUTY });
    routes.users.set(MARKUS, { id: MARKUS, displayName: 'Markus Wimmer', department: 'Sachgebiet Bauaufsicht', managerId: MANAGER });
    routes.users.set(ENTRA_ONLY, { id: ENTRA_ONLY, displayName: 'Nur In Entra', department: 'Sachgebiet Bauaufsicht', managerId: MANAGER });
  });
  afterEach(() => fake.stop());

  const userCalls = () => fake.requests.filter((r) => r.path.startsWith('/users'));

  it('when a person is read, then name, mail, org unit (mapped department) and manager come from Graph, hours and start date from the file', async () => {
    const fromFile = await file.getPerson(ANNA);
    const p = await dir.getPerson(ANNA.toUpperCase());
    assert.equal(p?.displayName, 'Anna Huber-Meier');
    assert.equal(p?.email, 'anna.huber@musterkreis.example');
    assert.equal(p?.orgUnitId, 'sg-21');
    assert.equal(p?.managerId, DEPUTY);
    assert.deepEqual(p?.hoursByWeekday, fromFile?.hoursByWeekday);
    assert.equal(p?.weeklyHours, fromFile?.weeklyHours);
    assert.equal(p?.startDate, fromFile?.startDate);
  });

  it('when Graph has a preferred language, then it is the person\'s locale; without one, the file\'s (or none) stays', async () => {
    routes.users.set(MARKUS, { ...routes.users.get(MARKUS)!, preferredLanguage: 'en-US' });
    assert.equal((await dir.getPerson(MARKUS))?.preferredLocale, 'en');
    assert.equal((await dir.getPerson(ANNA))?.preferredLocale, undefined);
    routes.users.set(DEPUTY, { ...routes.users.get(DEPUTY)!, preferredLanguage: 'fr-FR' });
    assert.equal((await dir.getPerson(DEPUTY))?.preferredLocale, undefined, 'a language the cards do not speak is ignored');
  });

  it('when read again within 15 min, then the cache answers; after 15 min Graph is asked again', async () => {
    await dir.getPerson(ANNA);
    const first = userCalls().length;
    assert.equal(first, 2, 'the user and the manager');
    now += 14 * 60_000;
    await dir.getPerson(ANNA);
    assert.equal(userCalls().length, first);
    routes.users.set(ANNA, { ...routes.users.get(ANNA)!, displayName: 'Anna Meier' });
    now += 2 * 60_000;
    assert.equal((await dir.getPerson(ANNA))?.displayName, 'Anna Meier');
    assert.equal(userCalls().length, first + 2);
  });

  it('when a department is not mapped, then its name is the org unit id and the unit exists with that name', async () => {
    const p = await dir.getPerson(MANAGER);
    assert.equal(p?.orgUnitId, 'FB 2');
    assert.deepEqual(await dir.getOrgUnit('FB 2'), { id: 'FB 2', name: 'FB 2' });
    assert.equal((await dir.getOrgUnit('sg-21'))?.parentId, 'fb-2', 'file units keep their tree');
  });

  it('lists direct reports and org-unit members from Graph, only people the file knows (hours)', async () => {
    const reports = (await dir.listReports(MANAGER)).map((p) => p.id).sort();
    assert.deepEqual(reports, [MARKUS], 'Anna reports to the deputy in Entra; the Entra-only person has no hours');
    const members = (await dir.listOrgUnitMembers('sg-21')).map((p) => p.id).sort();
    assert.deepEqual(members, [ANNA, MARKUS]);
    assert.equal(await dir.getPerson(ENTRA_ONLY), undefined);
  });

  it('when Graph is down, then the file answers (or the stale cache), and nothing throws', async () => {
    fake.down(503);
    const p = await dir.getPerson(ANNA);
    assert.equal(p?.displayName, (await file.getPerson(ANNA))?.displayName);
    fake.up();
    now += 16 * 60_000;
    assert.equal((await dir.getPerson(ANNA))?.displayName, 'Anna Huber-Meier');
    fake.down(503);
    now += 16 * 60_000;
    assert.equal((await dir.getPerson(ANNA))?.displayName, 'Anna Huber-Meier', 'the stale answer beats the file');
  });
});
