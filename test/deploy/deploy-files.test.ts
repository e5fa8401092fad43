/**
 * The files an operator runs the bot with: compose.yaml (PostgreSQL, two bots, a reverse proxy)
 * and the Kubernetes manifests in deploy/kubernetes. Validated offline against published schemas
 * (the Compose Specification's JSON schema as shipped by `dclint`; the Kubernetes API schemas as
 * compiled into `kubernetes-models`), and checked for what the docs promise: two instances on
 * PostgreSQL, health checks on /readyz, a PodDisruptionBudget, secrets from a Secret, only known
 * variables. Where the machine has Docker Compose, `docker compose config` checks it too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { VARIABLE_NAMES } from '../../src/config/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const K8S_DIR = join(ROOT, 'deploy/kubernetes');
const require = createRequire(import.meta.url);

/**
 * Variables the deploy files may set: the bot's own, plus HOST (the listen address; added to
 * src/config by the edge-hardening work — until then the bot ignores it and listens on all interfaces).
 */
const KNOWN_VARIABLES = new Set<string>([...VARIABLE_NAMES, 'HOST']);

type Doc = Record<string, unknown> & { apiVersion?: string; kind?: string; metadata?: { name?: string } };

const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Record<string, unknown>>;
};

function k8sDocs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(join(K8S_DIR, file), 'utf8')).map((d) => {
    assert.equal(d.errors.length, 0, `${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return d.toJS() as Doc;
  });
}

const manifestFiles = readdirSync(K8S_DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const all: Array<{ file: string; doc: Doc }> = manifestFiles.flatMap((file) => k8sDocs(file).map((doc) => ({ file, doc })));
const find = (kind: string): Doc => {
  const hit = all.find((x) => x.doc.kind === kind);
  assert.ok(hit, `no ${kind} in deploy/kubernetes`);
  return hit.doc;
};

describe('compose.yaml', () => {
  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(readFileSync(join(require.resolve('dclint/package.json'), '..', 'schemas/compose.schema.json'), 'utf8')) as Record<string, unknown>;
    // It names draft-07 as "https://json-schema.org/draft-07/schema", which Ajv (draft-07 by default) knows under its http:// id.
    assert.match(String(schema['$schema']), /draft-07/);
    delete schema['$schema'];
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const raw = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as unknown;
    assert.ok(validate(raw), ajv.errorsText(validate.errors, { separator: '\n' }));
  });

  it('runs PostgreSQL, two bot instances on it with health checks on /readyz, and a proxy that waits for them', () => {
    const { services } = compose;
    const bots = Object.keys(services).filter((n) => n.startsWith('bot-'));
    assert.deepEqual(bots.sort(), ['bot-1', 'bot-2']);
    for (const name of bots) {
      const bot = services[name] as { environment: Record<string, string>; healthcheck: { test: string[] }; depends_on: Record<string, { condition: string }> };
      assert.equal(bot.environment['STORE'], 'postgres');
      assert.match(bot.environment['DATABASE_URL'] ?? '', /^postgres:\/\/mobile_work:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/mobile_work$/, 'a user in the URL and no password in the file');
      assert.ok(bot.healthcheck.test.join(' ').includes('/readyz'));
      assert.equal(bot.depends_on['postgres']?.condition, 'service_healthy');
      for (const name of Object.keys(bot.environment)) assert.ok(KNOWN_VARIABLES.has(name), `${name} is not a variable of the bot`);
    }
    assert.ok(services['postgres']?.['healthcheck'], 'postgres has a health check');
    const proxy = services['proxy'] as { depends_on: Record<string, { condition: string }>; ports: string[]; volumes: string[] };
    assert.deepEqual(Object.keys(proxy.depends_on).sort(), ['bot-1', 'bot-2']);
    assert.ok(proxy.ports.every((p) => p.startsWith('${PROXY_BIND:-127.0.0.1}:')), 'the proxy is bound to localhost unless the operator says otherwise');
    const conf = readFileSync(join(ROOT, 'deploy/compose/nginx.conf'), 'utf8');
    assert.match(conf, /server bot-1:3978/);
    assert.match(conf, /server bot-2:3978/);
    assert.match(conf, /location = \/api\/messages/);
    assert.doesNotMatch(conf, /location [=~^ ]*\/(healthz|readyz)/, 'the probes are not published');
  });

  const composeAvailable = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  (composeAvailable ? it : it.skip)('is accepted by docker compose config (where Docker Compose is installed)', () => {
    const res = spawnSync('docker', ['compose', '-f', 'compose.yaml', 'config', '--quiet'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, POSTGRES_PASSWORD: 'validation-only' },
    });
    assert.equal(res.status, 0, res.stderr);
  });
});

describe('Kubernetes manifests (deploy/kubernetes)', () => {
  it('every resource is valid against the Kubernetes API schema of its kind', async () => {
    for (const { file, doc } of all) {
      assert.ok(doc.apiVersion && doc.kind, `${file}: apiVersion and kind`);
      if (doc.apiVersion === 'postgresql.cnpg.io/v1') continue; // a CRD of the CloudNativePG operator: checked below
      const models = (await import(`kubernetes-models/${doc.apiVersion}`)) as Record<string, new (d: unknown) => { validate(): void }>;
      const Model = models[doc.kind];
      assert.ok(Model, `${file}: unknown kind ${doc.kind} in ${doc.apiVersion}`);
      assert.doesNotThrow(() => new Model(doc).validate(), `${file}: ${doc.kind} ${doc.metadata?.name ?? ''}`);
    }
  });

  it('the kustomization lists every manifest except the examples', () => {
    const kustomization = parse(readFileSync(join(K8S_DIR, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    assert.deepEqual([...kustomization.resources].sort(), manifestFiles.filter((f) => !f.includes('.example.')).sort());
    for (const f of kustomization.resources) assert.ok(existsSync(join(K8S_DIR, f)), f);
  });

  it('runs two replicas on PostgreSQL, ready on /readyz, secrets from Secrets, and a PodDisruptionBudget that keeps one', () => {
    const deployment = find('Deployment') as Doc & {
      spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<Record<string, unknown>> } } };
    };
    assert.equal(deployment.spec.replicas, 2);
    const [container] = deployment.spec.template.spec.containers as Array<{
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      envFrom: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
      env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
    }>;
    assert.ok(container);
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.ok(container.envFrom.some((e) => e.secretRef?.name === 'mobile-work-bot'));
    const dbUrl = container.env.find((e) => e.name === 'DATABASE_URL');
    assert.ok(dbUrl?.valueFrom?.secretKeyRef, 'DATABASE_URL comes from a Secret, never a plain value');

    const configMap = find('ConfigMap') as Doc & { data: Record<string, string> };
    assert.equal(configMap.data['STORE'], 'postgres');
    for (const name of [...Object.keys(configMap.data), ...container.env.map((e) => e.name)]) {
      assert.ok(KNOWN_VARIABLES.has(name), `${name} is not a variable of the bot`);
    }
    const secretNames = ['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET', 'ZAMMAD_TOKEN', 'ITSM_WEBHOOK_SECRET', 'DATABASE_URL'];
    for (const s of secretNames) assert.ok(!(s in configMap.data), `${s} is a secret and must not be in the ConfigMap`);

    const pdb = find('PodDisruptionBudget') as Doc & { spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } };
    assert.equal(pdb.spec.minAvailable, 1);
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(podLabels[k], v, 'the PDB selects the bot pods');
    const service = find('Service') as Doc & { spec: { selector: Record<string, string> } };
    for (const [k, v] of Object.entries(service.spec.selector)) assert.equal(podLabels[k], v, 'the Service selects the bot pods');

    const ingress = find('Ingress') as Doc & { spec: { rules: Array<{ http: { paths: Array<{ path: string }> } }> } };
    assert.deepEqual(ingress.spec.rules.flatMap((r) => r.http.paths.map((p) => p.path)), ['/api/messages'], 'only /api/messages is published');
  });

  it('the CloudNativePG example creates the Secret the Deployment reads DATABASE_URL from', () => {
    const cluster = all.find((x) => x.doc.kind === 'Cluster')?.doc as (Doc & { spec: { instances: number } }) | undefined;
    assert.ok(cluster, 'cloudnativepg-cluster.example.yaml');
    assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
    const deployment = find('Deployment') as Doc & { spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }> }> } } } };
    const ref = deployment.spec.template.spec.containers[0]?.env.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
    // CloudNativePG writes the application user's credentials to "<cluster>-app", with the key "uri".
    assert.deepEqual(ref, { name: `${cluster.metadata?.name}-app`, key: 'uri' });
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  (kubectl ? it : it.skip)('kubectl kustomize renders it (where kubectl is installed)', () => {
    const res = spawnSync('kubectl', ['kustomize', K8S_DIR], { encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /image: registry\.example\.de\/mobile-work-bot:0\.1\.0/);
  });
});
