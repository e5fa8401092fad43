/**
 * The app harness with Microsoft Graph configured against a local fake Graph: GRAPH_BASE_URL is
 * the fake's http:// URL, so the Graph SDK sends no token and no test talks to Entra ID.
 */
import { JOB } from '../../src/app/job-types.js';
import type { OutboxJob } from '../../src/store/store.js';
import { FakeGraph } from '../fakes/fake-graph.js';
import { startHarness, type Harness } from '../support/app-harness.js';

export interface CalendarHarness {
  h: Harness;
  graph: FakeGraph;
  /** Calendar jobs (any status) of a type. */
  jobs(type?: string): Promise<OutboxJob[]>;
  close(): Promise<void>;
}

export const GRAPH_ENV = {
  GRAPH_TENANT_ID: 'contoso.onmicrosoft.com',
  GRAPH_CLIENT_ID: '00000000-0000-0000-0000-0000000000aa',
  GRAPH_CLIENT_SECRET: 'never-sent-to-http-hosts',
  // Our events are marked mwb:test:… (another deployment's mwb:<other>:… are never touched).
  GRAPH_DEPLOYMENT_ID: 'test',
};

export async function startCalendarHarness(env: Record<string, string> = {}): Promise<CalendarHarness> {
  const graph = new FakeGraph();
  const url = await graph.start();
  const h = await startHarness({ GRAPH_BASE_URL: url, ...GRAPH_ENV, ...env }, { graphOptions: { timeoutMs: 400 } });
  return {
    h,
    graph,
    jobs: (type) =>
      h.app.store.read(async (r) => (await r.listJobs(type ? { type } : {})).filter((j) => j.type.startsWith('calendar.'))),
    async close() {
      await h.close();
      await graph.stop();
    },
  };
}

export { JOB };
