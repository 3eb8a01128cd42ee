import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MINIMUM_FOR_SYNC_ALWAYS } from '../tools/start/infrastructure';
import { ROOT, VERSIONS, parseNatsConf, serviceDirs } from './deploy-config';

/**
 * Renders deploy/k8s with kustomize (kubectl's built-in `kubectl kustomize`, the kubectl of this
 * machine's Debian package) and validates every object against the Kubernetes JSON schemas that
 * kubernetes-models ships (and @kubernetes-models/prometheus-operator for the operator's kinds);
 * CloudNativePG's Cluster, whose schema no kept npm package ships, gets a structural check here.
 */

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown>; data?: Record<string, string> };

const work = mkdtempSync(join(tmpdir(), 'yiti-k8s-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
cpSync(join(ROOT, 'deploy/k8s'), join(work, 'k8s'), { recursive: true });
const settings = join(work, 'k8s/overlays/province-example/settings');
writeFileSync(join(settings, 'secrets.env'), readFileSync(join(settings, 'secrets.env.example')));
// The example overlay with the optional Prometheus Operator component, as its comment says to add it.
writeFileSync(
  join(work, 'k8s/with-operator.yaml'),
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [overlays/province-example]\ncomponents: [components/prometheus-operator]\n',
);
cpSync(join(work, 'k8s/with-operator.yaml'), join(work, 'k8s/kustomization.yaml'));

function render(dir: string): Obj[] {
  const out = execFileSync('kubectl', ['kustomize', join(work, 'k8s', dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(out).map((doc) => doc.toJS() as Obj);
}

const builds: Record<string, Obj[]> = {
  'overlays/province-example + prometheus-operator': render('.'),
  'overlays/province-example/migrate': render('overlays/province-example/migrate'),
  nats: render('nats'),
  'postgres-cnpg': render('postgres-cnpg'),
};
const all = Object.entries(builds).flatMap(([build, objects]) => objects.map((object) => ({ build, object })));
const app = builds['overlays/province-example + prometheus-operator'];
const find = (objects: Obj[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

/** The model class for an object's kind, from kubernetes-models or its Prometheus Operator package. */
function modelOf(object: Obj): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const module = group === 'monitoring.coreos.com' ? `@kubernetes-models/prometheus-operator/${group}/${version}` : `kubernetes-models/${group ? `${group}/` : ''}${version}`;
  try {
    return (require(module) as Record<string, new (data: unknown) => { validate(): void }>)[object.kind];
  } catch {
    return undefined;
  }
}

function cnpgProblems(cluster: Obj): string[] {
  const spec = (cluster.spec ?? {}) as { instances?: number; imageName?: string; storage?: { size?: string }; bootstrap?: { initdb?: { database?: string; owner?: string } }; minSyncReplicas?: number; maxSyncReplicas?: number };
  const problems: string[] = [];
  if (cluster.apiVersion !== 'postgresql.cnpg.io/v1') problems.push(`apiVersion ${cluster.apiVersion}`);
  if (!Number.isInteger(spec.instances) || (spec.instances ?? 0) < 3) problems.push('spec.instances must be an integer, at least 3');
  if (!/^[\w.-]+(\/[\w.-]+)+:\d+/.test(spec.imageName ?? '')) problems.push(`spec.imageName "${spec.imageName}" is not an image with a version tag`);
  if (!/^\d+(Mi|Gi|Ti)$/.test(spec.storage?.size ?? '')) problems.push('spec.storage.size must be a quantity');
  if (!spec.bootstrap?.initdb?.database || !spec.bootstrap.initdb.owner) problems.push('spec.bootstrap.initdb needs database and owner');
  if ((spec.minSyncReplicas ?? 0) > (spec.maxSyncReplicas ?? 0) || (spec.maxSyncReplicas ?? 0) >= (spec.instances ?? 0)) problems.push('0 <= minSyncReplicas <= maxSyncReplicas < instances');
  const known = ['instances', 'imageName', 'primaryUpdateStrategy', 'minSyncReplicas', 'maxSyncReplicas', 'postgresql', 'bootstrap', 'storage', 'affinity', 'monitoring', 'description', 'resources', 'backup'];
  for (const key of Object.keys(spec)) if (!known.includes(key)) problems.push(`spec.${key} is not a Cluster field this spec knows`);
  return problems;
}

describe('deploy/k8s rendered with kustomize', () => {
  it('renders every build, and every object is valid against its schema', () => {
    const problems: string[] = [];
    for (const { build, object } of all) {
      const where = `${build}: ${object.kind}/${object.metadata?.name}`;
      if (object.kind === 'Cluster' && object.apiVersion.startsWith('postgresql.cnpg.io/')) {
        problems.push(...cnpgProblems(object).map((p) => `${where}: ${p}`));
        continue;
      }
      const Model = modelOf(object);
      if (!Model) {
        problems.push(`${where}: no schema for ${object.apiVersion}`);
        continue;
      }
      // kustomize wraps a Secret's long base64 values over lines, which the API server decodes as one.
      const normalised = object.kind === 'Secret' && object.data ? { ...object, data: Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s+/g, '')])) } : object;
      try {
        new Model(normalised).validate();
      } catch (error) {
        problems.push(`${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(all.length).toBeGreaterThan(20);
  });

  it('validates for real: a broken Deployment and a broken CNPG Cluster are refused', () => {
    const deployment = structuredClone(find(app, 'Deployment', 'gateway') as Obj);
    (deployment.spec as { replicas?: unknown }).replicas = 'three';
    const Model = modelOf(deployment);
    expect(() => new (Model as NonNullable<typeof Model>)(deployment).validate()).toThrow();
    const cluster = structuredClone(find(builds['postgres-cnpg'], 'Cluster', 'yiti-postgres') as Obj);
    (cluster.spec as { instances?: number }).instances = 1;
    expect(cnpgProblems(cluster)).toEqual(['spec.instances must be an integer, at least 3', '0 <= minSyncReplicas <= maxSyncReplicas < instances']);
  });

  it('runs NATS as a three-node JetStream cluster on file storage, fsyncing every write, at the version of deploy/versions.json', () => {
    const nats = builds.nats;
    const set = find(nats, 'StatefulSet', 'nats') as Obj;
    const spec = set.spec as { replicas: number; serviceName: string; volumeClaimTemplates: { metadata: { name: string } }[]; template: { spec: { containers: { image: string; args: string[] }[] } } };
    expect(spec.replicas).toBe(3);
    expect(spec.volumeClaimTemplates.map((v) => v.metadata.name)).toEqual(['data']);
    expect(spec.template.spec.containers[0].image).toBe(VERSIONS.nats.image);
    const config = Object.values((nats.find((o) => o.kind === 'ConfigMap') as Obj).data ?? {})[0];
    const conf = parseNatsConf(config);
    expect(conf.jetstream).toEqual(expect.objectContaining({ store_dir: '/data', sync_interval: 'always' }));
    const routes = (conf.cluster as { routes: string[] }).routes;
    expect(routes).toEqual([0, 1, 2].map((i) => `nats://nats-${i}.${spec.serviceName}.nats.svc.cluster.local:6222`));
    expect(find(nats, 'PodDisruptionBudget', 'nats')).toBeDefined();
    // The services create the event stream with three replicas, and connect to this cluster.
    const configMap = app.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('yiti-config')) as Obj;
    expect(configMap.data?.EVENT_STREAM_REPLICAS).toBe('3');
    expect(configMap.data?.NATS_URL).toMatch(/^nats:\/\/nats\.nats\.svc\.cluster\.local:4222$/);
  });

  it('gives every service a Deployment reading EVENT_STREAM_REPLICAS, an HPA and a PDB, and the migrations a Job in their own build', () => {
    for (const name of serviceDirs) {
      const deployment = find(app, 'Deployment', name) as Obj;
      const env = (deployment.spec as { template: { spec: { containers: { env: { name: string }[] }[] } } }).template.spec.containers[0].env.map((e) => e.name);
      const hpa = find(app, 'HorizontalPodAutoscaler', name) as Obj;
      expect({ name, replicas: env.includes('EVENT_STREAM_REPLICAS'), hpa: (hpa?.spec as { scaleTargetRef?: { name: string } })?.scaleTargetRef?.name, pdb: Boolean(find(app, 'PodDisruptionBudget', name)) }).toEqual({
        name,
        replicas: true,
        hpa: name,
        pdb: true,
      });
    }
    expect(builds['overlays/province-example/migrate'].filter((o) => o.kind === 'Job')).toHaveLength(1);
    expect(app.filter((o) => o.kind === 'Job')).toEqual([]);
  });

  it('names PostgreSQL’s and NATS’s versions once: deploy/versions.json, which compose, CloudNativePG, npm start and the README follow', () => {
    const cluster = find(builds['postgres-cnpg'], 'Cluster', 'yiti-postgres') as Obj;
    expect((cluster.spec as { imageName: string }).imageName).toMatch(new RegExp(`:${VERSIONS.postgres.major}(\\.|$)`));
    expect(MINIMUM_FOR_SYNC_ALWAYS).toBe(VERSIONS.nats.minimumForSyncAlways);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const image of [VERSIONS.postgres.image, VERSIONS.nats.image]) expect({ image, inReadme: readme.includes(image) }).toEqual({ image, inReadme: true });
    // No other PostgreSQL or NATS major named in the README's deployment text.
    const named = [...readme.matchAll(/\b(?:postgres|nats):(\d+(?:\.\d+)?)/g)].map((m) => m[0]);
    expect([...new Set(named)].sort()).toEqual([VERSIONS.nats.image.replace(/-alpine$/, ''), VERSIONS.postgres.image].sort());
  });

  it('alerts on every latency histogram and backlog the services export, and the Grafana dashboard shows each', () => {
    const rules = find(app, 'PrometheusRule', 'yiti') as Obj;
    const exprs = (rules.spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules.map((r) => r.expr)).join('\n');
    const dashboard = JSON.stringify(JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/yiti-dashboard.json'), 'utf8')));
    const source = ['metrics.ts', 'backlog-metrics.ts', 'timer-backlog.ts'].map((f) => readFileSync(join(ROOT, 'libs/platform/src/metrics', f), 'utf8')).join('\n');
    const metrics = [
      'yiti_http_request_duration_seconds',
      'yiti_rpc_duration_seconds',
      'yiti_event_handler_duration_seconds',
      'yiti_inbox_lag_seconds',
      'yiti_outbox_oldest_pending_seconds',
      'yiti_dead_letters',
      'yiti_timer_oldest_overdue_seconds',
      'yiti_audit_oldest_unsealed_seconds',
    ];
    for (const metric of metrics) {
      expect({ metric, exported: source.includes(`'${metric}'`), alerted: exprs.includes(metric), onDashboard: dashboard.includes(metric) }).toEqual({ metric, exported: true, alerted: true, onDashboard: true });
    }
  });
});
