/** The configuration of the Graph absence / presence / directory features (src/config/config.ts). */
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const GRAPH = {
  GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
  GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa',
  GRAPH_CLIENT_SECRET: 'secret',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems.map((p) => `${p.name}: ${p.reason}`);
  }
  return [];
}

describe('configuration of the Graph absences, presence and directory', () => {
  it('is all off by default', () => {
    const c = loadConfig({ ...GRAPH });
    assert.equal(c.graphNotificationUrl, undefined);
    assert.equal(c.graphPresence, false);
    assert.equal(c.graphStatusMessage, false);
    assert.equal(c.graphDirectory, false);
    assert.deepEqual(c.graphDepartmentMap, {});
  });

  it('reads the notification URL, the flags and the department map', () => {
    const c = loadConfig({
      ...GRAPH,
      GRAPH_NOTIFICATION_URL: 'https://bot.musterkreis.example/api/graph/notifications',
      GRAPH_PRESENCE: 'true',
      GRAPH_STATUS_MESSAGE: 'FALSE',
      GRAPH_DIRECTORY: '1',
      GRAPH_DEPARTMENT_MAP: 'Sachgebiet Bauaufsicht=sg-21, Bürgerbüro=buergerbuero',
    });
    assert.equal(c.graphNotificationUrl, 'https://bot.musterkreis.example/api/graph/notifications');
    assert.equal(c.graphPresence, true);
    assert.equal(c.graphStatusMessage, false);
    assert.equal(c.graphDirectory, true);
    assert.deepEqual(c.graphDepartmentMap, { 'Sachgebiet Bauaufsicht': 'sg-21', Bürgerbüro: 'buergerbuero' });
  });

  it('names each wrong variable', () => {
    const found = problems({
      ...GRAPH,
      GRAPH_NOTIFICATION_URL: 'http://bot.musterkreis.example/hook',
      GRAPH_PRESENCE: 'ja',
      GRAPH_DEPARTMENT_MAP: 'no-equals-sign',
    });
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found.join('\n'), /GRAPH_NOTIFICATION_URL: must be an https:\/\/ URL/);
    assert.match(found.join('\n'), /GRAPH_PRESENCE: must be true or false/);
    assert.match(found.join('\n'), /GRAPH_DEPARTMENT_MAP: entry 1 is not "Department=orgUnitId"/);
  });

  it('accepts plain http only for localhost (a local fake Graph)', () => {
    assert.equal(loadConfig({ ...GRAPH, GRAPH_NOTIFICATION_URL: 'http://127.0.0.1:3978/api/graph/notifications' }).graphNotificationUrl, 'http://127.0.0.1:3978/api/graph/notifications');
  });

  it('refuses the Graph features without the Graph credentials', () => {
    const found = problems({ GRAPH_NOTIFICATION_URL: 'https://bot.example/api/graph/notifications', GRAPH_PRESENCE: 'true', GRAPH_DIRECTORY: 'false' });
    assert.deepEqual(found.map((p) => p.split(':')[0]).sort(), ['GRAPH_NOTIFICATION_URL', 'GRAPH_PRESENCE']);
  });
});
