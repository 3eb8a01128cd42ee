import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import {
  CONFIG_CLASSES,
  OPERATOR_VALUES,
  ROOT,
  SCRIPT_VARIABLES,
  SHARED_VARIABLES,
  buildOf,
  environment,
  interpolate,
  COMPOSE_ONLY_VARIABLES,
  isSecretVariable,
  propertiesOf,
  resolvedEnvironment,
  service,
  serviceDirs,
  stage,
  tryLoad,
  unusableDefaults,
} from './deploy-config';

/**
 * Keeps the Kubernetes manifests (deploy/k8s) consistent with the services, their config classes,
 * the image and docker-compose.yml. Reads files only; needs no cluster and no kustomize: the base
 * manifests are written out in full (no label or name transformers), so what is read here is what
 * an overlay applies, except for the overlay's own patches, which are checked against their targets.
 */

const K8S = join(ROOT, 'deploy/k8s');
const BASE = join(K8S, 'base');
const MIGRATE_DIR = join(K8S, 'migrate');
const OVERLAY = join(K8S, 'overlays/province-example');
const SETTINGS = join(OVERLAY, 'settings');
const CONFIG_MAP = 'yiti-config';
const SECRET = 'yiti-secrets';
const IMAGE = 'yiti/app';
const HEALTH = { live: '/health/live', ready: '/health/ready', metrics: '/metrics' };

// ---------------------------------------------------------------- reading

type Obj = Record<string, unknown>;
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Obj;
  [key: string]: unknown;
}
interface Kustomization {
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  configMapGenerator?: { name: string; envs?: string[]; literals?: string[] }[];
  secretGenerator?: { name: string; envs?: string[]; literals?: string[] }[];
  patches?: { path?: string; patch?: string; target?: { group?: string; version?: string; kind?: string; name?: string } }[];
}

const rel = (path: string) => relative(ROOT, path);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

function documents(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { uniqueKeys: true })
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${rel(file)}: ${doc.errors.map((e) => e.message).join('; ')}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((doc): doc is Manifest => doc !== null);
}

const kustomizationAt = (dir: string) => parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization;

/** The objects a kustomization lists (resources and components, followed), before patches and generators. */
function objectsOf(dir: string): Manifest[] {
  const k = kustomizationAt(dir);
  return [...(k.resources ?? []), ...(k.components ?? [])].flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? objectsOf(path) : documents(path);
  });
}

/** Every generator and patch of a kustomization and what it includes. */
function kustomizationsOf(dir: string): { dir: string; k: Kustomization }[] {
  const k = kustomizationAt(dir);
  const nested = [...(k.resources ?? []), ...(k.components ?? [])].filter((entry) => statSync(join(dir, entry)).isDirectory());
  return [{ dir, k }, ...nested.flatMap((entry) => kustomizationsOf(join(dir, entry)))];
}

/** KEY=value lines of a kustomize env file. */
function envFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const base = objectsOf(BASE);
const migrateObjects = objectsOf(MIGRATE_DIR);
const find = (objects: Manifest[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const ofKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string; optional?: boolean }; secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; privileged?: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[]; add?: string[] } };
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number; fsGroup?: number; seccompProfile?: { type?: string } };
  volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  topologySpreadConstraints?: { topologyKey: string; whenUnsatisfiable: string; labelSelector?: { matchLabels?: Record<string, string> } }[];
  restartPolicy?: string;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

const deployment = (name: string) => {
  const found = find(base, 'Deployment', name);
  if (!found) throw new Error(`deploy/k8s/base has no Deployment "${name}"`);
  return found;
};
const templateOf = (workload: Manifest) => (workload.spec as { template: PodTemplate }).template;
const containerOf = (workload: Manifest) => templateOf(workload).spec.containers[0];
const selectorOf = (workload: Manifest) => (workload.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels;
const envOf = (container: Container) => Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
const job = () => {
  const jobs = ofKind(migrateObjects, 'Job');
  expect(jobs.map((j) => j.metadata.name)).toEqual([expect.any(String)]);
  return jobs[0];
};

/** The port number a probe, Service or policy names: a number, or a container port's name. */
function portNumber(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

const configValues = envFile(join(SETTINGS, 'config.env'));
const secretTemplate = envFile(join(SETTINGS, 'secrets.env.example'));

/** A container's environment as the example overlay gives it, the secrets replaced by test values. */
function exampleEnvironment(container: Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (cm && configValues[cm.key] !== undefined) env[e.name] = configValues[cm.key];
    if (sec && secretTemplate[sec.key] !== undefined) env[e.name] = OPERATOR_VALUES[sec.key] ?? secretTemplate[sec.key];
  }
  return env;
}

/** Kubernetes quantities, enough for cpu (m) and memory (Ki/Mi/Gi). */
function quantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`cannot read quantity "${value}"`);
  const factor = { m: 0.001, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

const workloads = () => [...serviceDirs.map((name) => ({ name, workload: deployment(name) })), { name: 'migrate Job', workload: job() }];

// ---------------------------------------------------------------- the specs

describe('deploy/k8s: layout', () => {
  it('parses every YAML file, and every kustomization names files and directories that exist', () => {
    const problems: string[] = [];
    for (const file of yamlFiles(K8S)) {
      try {
        documents(file);
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    for (const file of yamlFiles(K8S).filter((f) => f.endsWith('kustomization.yaml'))) {
      const dir = dirname(file);
      const k = kustomizationAt(dir);
      for (const entry of [...(k.resources ?? []), ...(k.components ?? [])]) {
        const path = join(dir, entry);
        if (!existsSync(path)) problems.push(`${rel(file)}: ${entry} does not exist`);
        else if (statSync(path).isDirectory() && !existsSync(join(path, 'kustomization.yaml'))) problems.push(`${rel(file)}: ${entry} has no kustomization.yaml`);
      }
      for (const entry of k.components ?? []) {
        if (existsSync(join(dir, entry, 'kustomization.yaml')) && kustomizationAt(join(dir, entry)).kind !== 'Component') problems.push(`${rel(file)}: component ${entry} is not kind: Component`);
      }
      for (const entry of k.resources ?? []) {
        const path = join(dir, entry);
        if (existsSync(path) && statSync(path).isDirectory() && kustomizationAt(path).kind === 'Component') problems.push(`${rel(file)}: ${entry} is a Component, list it under components`);
      }
      for (const gen of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
        for (const env of gen.envs ?? []) {
          // secrets.env is the operator's (git-ignored); its template is committed.
          if (!existsSync(join(dir, env)) && !existsSync(join(dir, `${env}.example`))) problems.push(`${rel(file)}: ${env} (or ${env}.example) does not exist`);
        }
      }
      for (const patch of k.patches ?? []) if (patch.path && !existsSync(join(dir, patch.path))) problems.push(`${rel(file)}: patch ${patch.path} does not exist`);
    }
    expect(problems).toEqual([]);
  });

  it('has a Deployment and a Service for every directory under services/, and a config class for each', () => {
    const problems = serviceDirs.flatMap((name) => [
      ...(find(base, 'Deployment', name) ? [] : [`services/${name}: deploy/k8s/base has no Deployment "${name}"`]),
      ...(find(base, 'Service', name) ? [] : [`services/${name}: deploy/k8s/base has no Service "${name}"`]),
      ...(CONFIG_CLASSES[name] ? [] : [`services/${name}: add its definition to BACKEND_SERVICES in libs/testing/src/services.ts (npx nx g @yiti/tools:service adds it)`]),
    ]);
    expect(problems).toEqual([]);
    expect(ofKind(base, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(serviceDirs);
  });

  it('puts everything in one namespace, which the base creates; no manifest names another', () => {
    const namespaces = ofKind(base, 'Namespace').map((n) => n.metadata.name);
    expect(namespaces).toHaveLength(1);
    for (const { dir, k } of [...kustomizationsOf(OVERLAY), ...kustomizationsOf(join(OVERLAY, 'migrate'))]) {
      if (k.kind !== 'Component') expect({ kustomization: rel(dir), namespace: k.namespace }).toEqual({ kustomization: rel(dir), namespace: namespaces[0] });
    }
    for (const o of [...base, ...migrateObjects]) expect({ object: `${o.kind}/${o.metadata.name}`, namespace: o.metadata.namespace ?? namespaces[0] }).toEqual({ object: `${o.kind}/${o.metadata.name}`, namespace: namespaces[0] });
  });

  it('keeps the migrations Job out of the services’ build, and gives both builds the same settings component', () => {
    expect(ofKind(base, 'Job')).toEqual([]);
    expect(ofKind(objectsOf(OVERLAY), 'Job')).toEqual([]);
    const app = kustomizationAt(OVERLAY);
    const migrate = kustomizationAt(join(OVERLAY, 'migrate'));
    expect((app.components ?? []).map((c) => join(OVERLAY, c))).toContain(SETTINGS);
    expect((migrate.components ?? []).map((c) => join(OVERLAY, 'migrate', c))).toContain(SETTINGS);
    expect((migrate.resources ?? []).map((r) => join(OVERLAY, 'migrate', r))).toContain(MIGRATE_DIR);
    expect((app.resources ?? []).map((r) => join(OVERLAY, r))).toContain(BASE);
    // The shared objects come from one place (base/common) in both builds.
    for (const kind of ['Namespace', 'ServiceAccount', 'NetworkPolicy']) {
      expect({ kind, migrate: ofKind(migrateObjects, kind).map((o) => o.metadata.name).sort() }).toEqual({ kind, migrate: ofKind(base, kind).map((o) => o.metadata.name).sort() });
    }
  });
});

describe('deploy/k8s: the services', () => {
  it('runs the image compose builds, through its entrypoint: serve with SERVICE set, migrate-all in the Job', () => {
    const composeImage = interpolate(service(serviceDirs[0]).image ?? '', 'image');
    expect(composeImage.split(':')[0]).toBe(IMAGE);
    for (const { name, workload } of workloads()) {
      const spec = templateOf(workload).spec;
      expect({ workload: name, containers: spec.containers.length, initContainers: spec.initContainers ?? [] }).toEqual({ workload: name, containers: 1, initContainers: [] });
      const container = spec.containers[0];
      expect({ workload: name, image: container.image, command: container.command }).toEqual({ workload: name, image: composeImage, command: undefined });
    }
    for (const name of serviceDirs) {
      const container = containerOf(deployment(name));
      expect({ service: name, args: container.args, SERVICE: envOf(container).SERVICE?.value }).toEqual({ service: name, args: ['serve'], SERVICE: name });
    }
    expect(containerOf(job()).args).toEqual(['migrate-all']);
    expect(templateOf(job()).spec.restartPolicy).toBe('Never');
  });

  it('gives every container only variables its config class (or the image scripts) reads, by name, no envFrom', () => {
    const problems: string[] = [];
    for (const name of serviceDirs) {
      const container = containerOf(deployment(name));
      const known = new Set([...propertiesOf(CONFIG_CLASSES[name]), ...SCRIPT_VARIABLES.service]);
      if (container.envFrom) problems.push(`${name}: envFrom gives every key of a ConfigMap or Secret; name each variable`);
      for (const e of container.env ?? []) if (!known.has(e.name)) problems.push(`${name}: ${e.name} is not a property of ${CONFIG_CLASSES[name].name}`);
    }
    const anyConfig = new Set([...serviceDirs.flatMap((name) => propertiesOf(CONFIG_CLASSES[name])), ...SCRIPT_VARIABLES.migrateAll]);
    for (const e of containerOf(job()).env ?? []) if (!anyConfig.has(e.name)) problems.push(`migrate Job: ${e.name} is read by no service's config class`);
    expect(problems).toEqual([]);
  });

  it('provides every variable without a usable default from the ConfigMap or the Secret (for the Job: every service’s)', () => {
    const problems: string[] = [];
    const check = (who: string, container: Container, key: string) => {
      const e = envOf(container)[key];
      const ref = e?.valueFrom?.configMapKeyRef ?? e?.valueFrom?.secretKeyRef;
      if (!e) problems.push(`${who}: ${key} must be set (its default is not usable in a cluster)`);
      else if (!ref || ref.optional) problems.push(`${who}: ${key} must come from the ${CONFIG_MAP} ConfigMap or the ${SECRET} Secret, not optional`);
    };
    for (const name of serviceDirs) {
      const unusable = unusableDefaults(CONFIG_CLASSES[name]);
      expect(unusable).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL']));
      for (const key of unusable) {
        check(name, containerOf(deployment(name)), key);
        check(`migrate Job (${name} migrate)`, containerOf(job()), key);
      }
    }
    expect(problems).toEqual([]);
  });

  it('takes secrets from the Secret only, everything else from the ConfigMap or the manifest; every key exists in the example', () => {
    const problems: string[] = [];
    for (const { name, workload } of workloads()) {
      for (const e of containerOf(workload).env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const sec = e.valueFrom?.secretKeyRef;
        if (isSecretVariable(e.name) && !sec) problems.push(`${name}: ${e.name} is a secret: take it from the ${SECRET} Secret`);
        if (sec && !isSecretVariable(e.name)) problems.push(`${name}: ${e.name} is not a secret: take it from the ${CONFIG_MAP} ConfigMap`);
        if (cm && (cm.name !== CONFIG_MAP || !(cm.key in configValues))) problems.push(`${name}: ${e.name} refers to ${cm.name}/${cm.key}, not a key of settings/config.env (${CONFIG_MAP})`);
        if (sec && (sec.name !== SECRET || !(sec.key in secretTemplate))) problems.push(`${name}: ${e.name} refers to ${sec.name}/${sec.key}, not a key of settings/secrets.env.example (${SECRET})`);
        // DATABASE_URL is each workload's own role: <SERVICE>_DATABASE_URL, or the owner's for the Job.
        const ownDatabase = e.name === 'DATABASE_URL' && sec !== undefined && /^([A-Z_]+_DATABASE_URL|DATABASE_OWNER_URL)$/.test(sec.key);
        if ((cm ?? sec) && (cm ?? sec)?.key !== e.name && !ownDatabase) problems.push(`${name}: ${e.name} is read from key ${(cm ?? sec)?.key}; use the variable's name`);
      }
    }
    const anyConfig = new Set([...serviceDirs.flatMap((name) => propertiesOf(CONFIG_CLASSES[name])), ...SCRIPT_VARIABLES.migrateAll]);
    for (const key of [...Object.keys(configValues), ...Object.keys(secretTemplate)]) if (!anyConfig.has(key)) problems.push(`settings: ${key} is read by no service`);
    for (const key of Object.keys(secretTemplate)) if (!isSecretVariable(key)) problems.push(`settings/secrets.env.example: ${key} is not a secret, put it in config.env`);
    for (const key of Object.keys(configValues)) if (isSecretVariable(key)) problems.push(`settings/config.env: ${key} is a secret, put it in secrets.env.example`);
    expect(problems).toEqual([]);
  });

  it('gives values every config class accepts (the example’s settings, the secrets filled in)', () => {
    for (const name of serviceDirs) {
      expect({ service: name, error: tryLoad(CONFIG_CLASSES[name], exampleEnvironment(containerOf(deployment(name)))) }).toEqual({ service: name, error: undefined });
      expect({ job: `${name} migrate`, error: tryLoad(CONFIG_CLASSES[name], exampleEnvironment(containerOf(job()))) }).toEqual({ job: `${name} migrate`, error: undefined });
    }
    expect(configValues.MIGRATE_ON_START).toBe('false');
    expect(envOf(containerOf(job())).SEED_DEMO?.value).toBe('false');
  });

  it('ships a Secret template nobody can run with: placeholders only, the keys refused as they are', () => {
    for (const [key, value] of Object.entries(secretTemplate)) expect({ key, placeholder: value === '' || value.includes('CHANGE-ME') }).toEqual({ key, placeholder: true });
    for (const key of Object.keys(OPERATOR_VALUES).filter((name) => !COMPOSE_ONLY_VARIABLES.includes(name))) {
      const owners = serviceDirs.filter((name) => propertiesOf(CONFIG_CLASSES[name]).includes(key));
      expect(owners.length).toBeGreaterThan(0);
      for (const name of owners) expect({ key, service: name, refused: tryLoad(CONFIG_CLASSES[name], { [key]: secretTemplate[key] }) !== undefined }).toEqual({ key, service: name, refused: true });
    }
    const ignore = readFileSync(join(ROOT, 'deploy/.gitignore'), 'utf8');
    expect(ignore).toMatch(/^k8s\/\*\*\/secrets\.env$/m);
  });

  it('gives every service the same source for shared variables (JWT secret, token TTL, database, NATS, subject prefix)', () => {
    const problems: string[] = [];
    for (const key of SHARED_VARIABLES) {
      const sources = new Set<string>();
      for (const { workload } of workloads()) {
        const e = envOf(containerOf(workload))[key];
        if (!e) continue;
        const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
        sources.add(ref ? `${ref.name}/${ref.key}` : `literal ${e.value}`);
      }
      if (sources.size > 1) problems.push(`${key} comes from ${[...sources].join(' and ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('listens on HTTP_PORT (the config class’s default and compose’s), and probes and scrapes it at the real paths', () => {
    // The paths, from the code: the platform's health and metrics controllers, outside the gateway's /api/v1 prefix.
    const health = readFileSync(join(ROOT, 'libs/platform/src/health/health.controller.ts'), 'utf8');
    expect([/@Controller\('health'\)/.test(health), /@Get\('live'\)/.test(health), /@Get\('ready'\)/.test(health)]).toEqual([true, true, true]);
    expect(readFileSync(join(ROOT, 'libs/platform/src/metrics/metrics.ts'), 'utf8')).toMatch(/@Controller\('metrics'\)/);
    const gatewayApp = readFileSync(join(ROOT, 'services/gateway/src/app.ts'), 'utf8');
    expect(/setGlobalPrefix\([^)]*exclude: \[([^\]]*)\]/.exec(gatewayApp)?.[1]).toEqual(expect.stringMatching(/'health\/live'.*'health\/ready'.*'metrics'/));

    const problems: string[] = [];
    for (const name of serviceDirs) {
      const workload = deployment(name);
      const container = containerOf(workload);
      const port = envOf(container).HTTP_PORT?.value;
      const defaultPort = String((new CONFIG_CLASSES[name]() as { HTTP_PORT?: number }).HTTP_PORT);
      if (port !== defaultPort) problems.push(`${name}: HTTP_PORT is ${port}, ${CONFIG_CLASSES[name].name}'s default is ${defaultPort}`);
      if (port !== resolvedEnvironment(name).HTTP_PORT) problems.push(`${name}: HTTP_PORT is ${port}, docker-compose.yml's is ${resolvedEnvironment(name).HTTP_PORT}`);
      const ports = (container.ports ?? []).map((p) => String(p.containerPort));
      if (ports.join() !== port) problems.push(`${name}: container ports ${ports.join()} are not HTTP_PORT ${port}`);
      const probes = { startupProbe: HEALTH.live, livenessProbe: HEALTH.live, readinessProbe: HEALTH.ready } as const;
      for (const [probe, path] of Object.entries(probes) as [keyof typeof probes, string][]) {
        const get = container[probe]?.httpGet;
        if (!get) problems.push(`${name}: no ${probe} (httpGet)`);
        else {
          if (get.path !== path) problems.push(`${name}: ${probe} path is ${get.path}, expected ${path}`);
          if (String(portNumber(container, get.port)) !== port) problems.push(`${name}: ${probe} port ${get.port} is not HTTP_PORT ${port}`);
        }
      }
      const annotations = templateOf(workload).metadata?.annotations ?? {};
      const scrape = { scrape: annotations['prometheus.io/scrape'], port: annotations['prometheus.io/port'], path: annotations['prometheus.io/path'] };
      if (JSON.stringify(scrape) !== JSON.stringify({ scrape: 'true', port, path: HEALTH.metrics })) problems.push(`${name}: prometheus.io annotations ${JSON.stringify(scrape)}, expected port ${port} and path ${HEALTH.metrics}`);
      const svc = find(base, 'Service', name) as Manifest;
      for (const p of (svc.spec as { ports: { port: number; targetPort?: number | string }[] }).ports) {
        if (String(portNumber(container, p.targetPort ?? p.port)) !== port) problems.push(`${name}: Service targetPort ${p.targetPort} is not HTTP_PORT ${port}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('matches labels and selectors between each Deployment and its Service, PodDisruptionBudget and HorizontalPodAutoscaler', () => {
    const problems: string[] = [];
    for (const name of serviceDirs) {
      const workload = deployment(name);
      const selector = selectorOf(workload) ?? {};
      const labels = templateOf(workload).metadata?.labels ?? {};
      if (selector['app.kubernetes.io/name'] !== name) problems.push(`${name}: the selector must include app.kubernetes.io/name: ${name}`);
      for (const [key, value] of Object.entries(selector)) if (labels[key] !== value) problems.push(`${name}: pod template lacks selector label ${key}=${value}`);
      const svc = find(base, 'Service', name);
      if (JSON.stringify((svc?.spec as { selector?: unknown })?.selector) !== JSON.stringify(selector)) problems.push(`${name}: Service selector differs from the Deployment's`);
      const pdb = find(base, 'PodDisruptionBudget', name);
      if (!pdb) problems.push(`${name}: no PodDisruptionBudget`);
      else if (JSON.stringify(selectorOf(pdb)) !== JSON.stringify(selector)) problems.push(`${name}: PodDisruptionBudget selector differs from the Deployment's`);
      const hpa = find(base, 'HorizontalPodAutoscaler', name);
      const target = (hpa?.spec as { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number } | undefined);
      if (!hpa) problems.push(`${name}: no HorizontalPodAutoscaler`);
      else if (target?.scaleTargetRef?.kind !== 'Deployment' || target.scaleTargetRef.name !== name) problems.push(`${name}: HorizontalPodAutoscaler scales ${JSON.stringify(target?.scaleTargetRef)}`);
      else {
        if ((workload.spec as { replicas?: number }).replicas !== undefined) problems.push(`${name}: remove spec.replicas, the HorizontalPodAutoscaler owns it (apply would reset it)`);
        if ((target.minReplicas ?? 1) < 2) problems.push(`${name}: minReplicas must be at least 2 (one pod may be down for the PodDisruptionBudget)`);
      }
      for (const spread of templateOf(workload).spec.topologySpreadConstraints ?? []) {
        if (JSON.stringify(spread.labelSelector?.matchLabels) !== JSON.stringify(selector)) problems.push(`${name}: topology spread over ${spread.topologyKey} selects other pods than the Deployment`);
      }
      if (!(templateOf(workload).spec.topologySpreadConstraints ?? []).some((s) => s.topologyKey === 'kubernetes.io/hostname' && s.whenUnsatisfiable === 'DoNotSchedule')) {
        problems.push(`${name}: spread the replicas over nodes (topologySpreadConstraints on kubernetes.io/hostname, DoNotSchedule)`);
      }
      const strategy = (workload.spec as { strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } } }).strategy;
      if (strategy?.type !== 'RollingUpdate' || String(strategy.rollingUpdate?.maxUnavailable) !== '0') problems.push(`${name}: roll with RollingUpdate, maxUnavailable 0`);
    }
    // The example overlay's HorizontalPodAutoscaler bounds.
    for (const patch of kustomizationAt(OVERLAY).patches ?? []) {
      if (patch.target?.kind !== 'HorizontalPodAutoscaler') continue;
      const ops = parse(patch.patch ?? '[]') as { op: string; path: string; value: number }[];
      const min = ops.find((o) => o.path === '/spec/minReplicas')?.value;
      if (min !== undefined && min < 2) problems.push(`overlay: ${patch.target.name} minReplicas ${min} < 2`);
    }
    expect(problems).toEqual([]);
  });

  it('runs every pod as the image’s non-root user, read-only, without privileges, capabilities or an API token', () => {
    const runtime = stage(buildOf(service(serviceDirs[0]))?.target ?? 'runtime');
    const user = runtime.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args ?? '';
    const [uid, gid] = user.split(':').map(Number);
    expect({ USER: user, uid }).toEqual({ USER: user, uid: expect.any(Number) });
    expect(uid).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const { name, workload } of workloads()) {
      const pod = templateOf(workload).spec;
      // A pod writing to a persistent volume (the gateway's attachments) owns it through the image's group.
      const writesVolume = (pod.volumes ?? []).some((volume) => volume.persistentVolumeClaim !== undefined);
      const group = Number.isNaN(gid) ? undefined : gid;
      const expected = { runAsNonRoot: true, runAsUser: uid, runAsGroup: group, ...(writesVolume ? { fsGroup: group } : {}), seccompProfile: { type: 'RuntimeDefault' } };
      if (JSON.stringify(pod.securityContext) !== JSON.stringify(expected)) problems.push(`${name}: pod securityContext ${JSON.stringify(pod.securityContext)}, expected ${JSON.stringify(expected)}`);
      if (pod.automountServiceAccountToken !== false) problems.push(`${name}: automountServiceAccountToken must be false`);
      const sa = pod.serviceAccountName ? find(base, 'ServiceAccount', pod.serviceAccountName) : undefined;
      if (!sa || sa.automountServiceAccountToken !== false) problems.push(`${name}: use the base's ServiceAccount, which mounts no token`);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const sc = container.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}/${container.name}: allowPrivilegeEscalation must be false`);
        if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}/${container.name}: readOnlyRootFilesystem must be true (the services write nothing)`);
        if (sc.privileged === true) problems.push(`${name}/${container.name}: privileged`);
        if (!(sc.capabilities?.drop ?? []).includes('ALL') || (sc.capabilities?.add ?? []).length > 0) problems.push(`${name}/${container.name}: drop ALL capabilities, add none`);
        const { requests = {}, limits = {} } = container.resources ?? {};
        for (const resource of ['cpu', 'memory']) {
          if (!requests[resource] || !limits[resource]) problems.push(`${name}/${container.name}: set requests and limits of ${resource}`);
          else if (quantity(limits[resource]) < quantity(requests[resource])) problems.push(`${name}/${container.name}: ${resource} limit below its request`);
        }
      }
    }
    const namespace = ofKind(base, 'Namespace')[0];
    expect(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(problems).toEqual([]);
  });

  it('gives the shutdown as long as compose does, after a preStop pause', () => {
    const seconds = (text: string | undefined) => {
      const match = /^(\d+)s$/.exec(text ?? '');
      if (!match) throw new Error(`cannot read duration "${text}"`);
      return Number(match[1]);
    };
    for (const name of serviceDirs) {
      const pod = templateOf(deployment(name)).spec;
      const preStop = pod.containers[0].lifecycle?.preStop?.exec?.command ?? [];
      const pause = preStop[0] === 'sleep' ? Number(preStop[1]) : 0;
      expect({ service: name, preStopPause: pause > 0 }).toEqual({ service: name, preStopPause: true });
      expect({ service: name, terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds }).toEqual({
        service: name,
        terminationGracePeriodSeconds: pause + seconds(service(name).stop_grace_period),
      });
    }
  });
});

describe('deploy/k8s: network, ingress, overlay', () => {
  interface Peer {
    podSelector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: { matchLabels?: Record<string, string> };
    ipBlock?: { cidr: string };
  }
  interface Rule {
    from?: Peer[];
    to?: Peer[];
    ports?: { protocol?: string; port?: number | string }[];
  }
  interface PolicySpec {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: string[];
    ingress?: Rule[];
    egress?: Rule[];
  }
  const policies = () => ofKind(base, 'NetworkPolicy').map((p) => ({ name: p.metadata.name, spec: p.spec as unknown as PolicySpec }));
  /** Does a policy's pod selector select the pods of this Deployment (or the Job)? */
  const selects = (spec: PolicySpec, labels: Record<string, string>) => Object.entries(spec.podSelector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

  it('denies everything by default; lets in the gateway from the ingress controller and /metrics from Prometheus only', () => {
    const all = policies();
    expect(all.some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length === 0 && !p.spec.ingress && !p.spec.egress && ['Ingress', 'Egress'].every((t) => p.spec.policyTypes.includes(t)))).toBe(true);
    const problems: string[] = [];
    for (const name of serviceDirs) {
      const labels = templateOf(deployment(name)).metadata?.labels ?? {};
      const container = containerOf(deployment(name));
      const port = Number(envOf(container).HTTP_PORT?.value);
      for (const p of all.filter((policy) => selects(policy.spec, labels))) {
        for (const rule of p.spec.ingress ?? []) {
          for (const rulePort of rule.ports ?? [{}]) if (portNumber(container, rulePort.port) !== port) problems.push(`${p.name}: lets into ${name} a port other than HTTP_PORT ${port}`);
          for (const peer of rule.from ?? [{}]) {
            const ns = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
            const fromIngress = p.name === 'gateway-from-ingress' && name === 'gateway';
            const fromPrometheus = p.name === 'metrics-from-prometheus';
            if (!ns || peer.ipBlock || !(fromIngress || fromPrometheus)) problems.push(`${p.name}: lets into ${name} traffic from ${JSON.stringify(peer)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    const gatewayIngress = all.find((p) => p.name === 'gateway-from-ingress');
    expect(gatewayIngress && selects(gatewayIngress.spec, templateOf(deployment('gateway')).metadata?.labels ?? {})).toBe(true);
  });

  it('lets the services and the Job out to DNS, PostgreSQL and NATS only', () => {
    const allowed = new Set([53, 5432, 4222]);
    const problems: string[] = [];
    for (const p of policies()) {
      for (const rule of p.spec.egress ?? []) {
        if (!rule.ports || rule.ports.length === 0) problems.push(`${p.name}: an egress rule without ports allows every port`);
        for (const rulePort of rule.ports ?? []) if (!allowed.has(Number(rulePort.port))) problems.push(`${p.name}: egress to port ${rulePort.port}`);
        if (!rule.to || rule.to.length === 0) problems.push(`${p.name}: an egress rule without destinations allows every address`);
      }
    }
    for (const port of allowed) {
      for (const { name, workload } of workloads()) {
        const labels = templateOf(workload).metadata?.labels ?? {};
        const open = policies().some((p) => selects(p.spec, labels) && (p.spec.egress ?? []).some((rule) => (rule.ports ?? []).some((r) => Number(r.port) === port)));
        expect({ workload: name, port, open }).toEqual({ workload: name, port, open: true });
      }
    }
    expect(problems).toEqual([]);
  });

  it('patches only objects the base has, in the overlay and its settings component', () => {
    const objects = [...base, ...migrateObjects];
    const problems: string[] = [];
    for (const { dir, k } of [...kustomizationsOf(OVERLAY), ...kustomizationsOf(join(OVERLAY, 'migrate'))]) {
      for (const patch of k.patches ?? []) {
        const target = patch.target;
        if (!target?.kind || !target.name) continue;
        const found = find(objects, target.kind, target.name);
        if (!found) problems.push(`${rel(dir)}: patch target ${target.kind}/${target.name} is not in the base`);
        else if (target.version && !found.apiVersion.endsWith(target.version)) problems.push(`${rel(dir)}: patch target ${target.kind}/${target.name} is ${found.apiVersion}, not ${target.version}`);
        else {
          for (const op of parse(patch.patch ?? '[]') as { op: string; path: string }[]) {
            const parent = op.path.split('/').slice(1, op.op === 'add' ? -1 : undefined).reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], found);
            if (parent === undefined) problems.push(`${rel(dir)}: ${target.kind}/${target.name} has no ${op.path}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('sets one image, at a fixed tag, for the services and the Job', () => {
    const settings = kustomizationAt(SETTINGS);
    const images = (settings.images ?? []).filter((i) => i.name === IMAGE);
    expect(images).toHaveLength(1);
    expect({ tag: images[0].newTag ?? images[0].digest }).toEqual({ tag: expect.stringMatching(/^(?!latest$|local$)\S+$/) });
    expect(settings.configMapGenerator?.map((g) => g.name)).toEqual([CONFIG_MAP]);
    expect(settings.secretGenerator?.map((g) => g.name)).toEqual([SECRET]);
  });

  it('publishes the gateway’s API and docs through the example Ingress, not /health or /metrics, and trusts the proxy', () => {
    const ingresses = ofKind(objectsOf(OVERLAY), 'Ingress');
    expect(ingresses).toHaveLength(1);
    const gatewaySvc = find(base, 'Service', 'gateway') as Manifest;
    const svcPorts = (gatewaySvc.spec as { ports: { name?: string; port: number }[] }).ports;
    const problems: string[] = [];
    type Path = { path: string; backend: { service: { name: string; port: { name?: string; number?: number } } } };
    const rules = (ingresses[0].spec as { rules: { http: { paths: Path[] } }[] }).rules;
    for (const path of rules.flatMap((r) => r.http.paths)) {
      const backend = path.backend.service;
      if (backend.name !== 'gateway') problems.push(`Ingress ${path.path}: backend ${backend.name}, only the gateway is published`);
      if (!svcPorts.some((p) => p.name === backend.port.name || p.port === backend.port.number)) problems.push(`Ingress ${path.path}: the gateway Service has no port ${JSON.stringify(backend.port)}`);
      if (!/^\/(api\/v1|docs)\b/.test(path.path)) problems.push(`Ingress publishes ${path.path}: only /api/v1 and /docs`);
    }
    expect(problems).toEqual([]);
    expect({ TRUST_PROXY: configValues.TRUST_PROXY }).toEqual({ TRUST_PROXY: expect.not.stringMatching(/^(loopback)?$/) });
  });

  it('uses the same settings names as docker-compose.yml for what compose sets', () => {
    // Compose's environment of each service is the reference; Kubernetes may set more (from the ConfigMap).
    for (const name of serviceDirs) {
      const k8s = new Set((containerOf(deployment(name)).env ?? []).map((e) => e.name));
      const missing = Object.keys(environment(service(name))).filter((key) => !k8s.has(key));
      expect({ service: name, missing }).toEqual({ service: name, missing: [] });
    }
  });
});
