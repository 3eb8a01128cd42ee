import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@yiti/platform';
import {
  CONFIG_CLASSES,
  DOCKERFILE,
  ROOT,
  SCRIPT_VARIABLES,
  SHARED_VARIABLES,
  buildOf,
  commandOf,
  compose,
  composeServices as services,
  environment,
  interpolate,
  isSecretVariable,
  propertiesOf,
  resolvedEnvironment,
  service,
  serviceDirs,
  stage,
  stages,
  tryLoad,
  unusableDefaults,
  type ComposeService,
  type Stage,
  DATABASE_PASSWORDS,
  VERSIONS,
  gatewaySettings,
  loadedValue,
  natsConfigOf,
} from './deploy-config';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';

/**
 * Keeps docker-compose.yml, deploy/Dockerfile and the image's scripts consistent with the services
 * and their config classes. Reads files only; needs no Docker. What it shares with
 * deploy/kubernetes.spec.ts (config classes, Dockerfile and compose reading) is in deploy/deploy-config.ts.
 */

/** The one-shot service that runs every service's migrations (entrypoint.sh `migrate-all`). */
const MIGRATE = 'migrate';

function dependsOn(svc: ComposeService): Record<string, string> {
  const deps = svc.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition ?? 'service_started']));
}

/** The compose services that run the app image. */
const APP_IMAGE = services[serviceDirs[0]]?.image;
const appImageServices = Object.keys(services).filter((name) => services[name].build !== undefined || (APP_IMAGE !== undefined && services[name].image === APP_IMAGE));

// ---------------------------------------------------------------- Dockerfile

/** The stage the app services run, as compose builds it. */
function runtimeStage(): Stage {
  const targets = new Set(appImageServices.map((name) => buildOf(services[name])?.target));
  expect({ 'build targets of the app image': [...targets] }).toEqual({ 'build targets of the app image': [expect.any(String)] });
  return stage([...targets][0] as string);
}

/** Sources of `COPY` (not `--from`) instructions: paths in the build context. */
function copiedSources(s: Stage): string[] {
  return s.instructions
    .filter((i) => i.keyword === 'COPY' && !/--from=/.test(i.args))
    .flatMap((i) => {
      const parts = i.args.split(/\s+/).filter((part) => !part.startsWith('--'));
      return parts.slice(0, -1);
    });
}

/** .dockerignore semantics, simplified: globs against the path or a parent; the last match wins. */
function dockerIgnored(path: string): boolean {
  const rules = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const candidates = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const glob = (negated ? rule.slice(1) : rule).replace(/^\/+|\/+$/g, '');
    const source = glob
      .split('/')
      .map((segment) => (segment === '**' ? '(?:.*)' : segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
      .join('/')
      .replace(/\(\?:\.\*\)\//g, '(?:.*/)?');
    const regex = new RegExp(`^${source}$`);
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negated;
  }
  return ignored;
}

/** The variables loadConfig refuses with this environment ([] when it loads). */
function refusedVariables(cls: new () => object, env: Record<string, string>): string[] {
  try {
    loadConfig(cls, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.variables;
    throw error;
  }
}

// ---------------------------------------------------------------- the specs

describe('docker-compose.yml', () => {
  it('has a compose service, and a config class in this spec, for every directory under services/', () => {
    expect(serviceDirs.length).toBeGreaterThan(0);
    const missing = serviceDirs.filter((name) => !services[name]).map((name) => `services/${name} has no "${name}" service in docker-compose.yml`);
    const unregistered = serviceDirs.filter((name) => !CONFIG_CLASSES[name]).map((name) => `services/${name}: add its definition to BACKEND_SERVICES in libs/testing/src/services.ts (npx nx g @yiti/tools:service adds it)`);
    expect([...missing, ...unregistered]).toEqual([]);
  });

  it('builds every app-image service from deploy/Dockerfile, one image, at a stage that exists', () => {
    expect(appImageServices).toEqual(expect.arrayContaining([...serviceDirs, MIGRATE]));
    const problems: string[] = [];
    for (const name of appImageServices) {
      const svc = services[name];
      const build = buildOf(svc);
      if (build?.dockerfile !== DOCKERFILE) problems.push(`${name}: build.dockerfile is ${build?.dockerfile}, expected ${DOCKERFILE}`);
      if ((build?.context ?? '.') !== '.') problems.push(`${name}: build.context is ${build?.context}, expected . (the repository root)`);
      if (!build?.target) problems.push(`${name}: build.target is not set`);
      else if (!stages.some((s) => s.name === build.target)) problems.push(`${name}: build.target "${build.target}" is not a stage of ${DOCKERFILE} (${stages.map((s) => s.name).join(', ')})`);
      if (svc.image !== APP_IMAGE) problems.push(`${name}: image is ${svc.image}, expected the shared app image ${APP_IMAGE}`);
    }
    expect(problems).toEqual([]);
    expect(APP_IMAGE).toEqual(expect.any(String));
  });

  it('starts every service after postgres and nats are healthy and the migrations completed', () => {
    const expected = { postgres: 'service_healthy', nats: 'service_healthy', [MIGRATE]: 'service_completed_successfully' };
    for (const name of serviceDirs) {
      expect({ service: name, depends_on: dependsOn(service(name)) }).toEqual({ service: name, depends_on: expect.objectContaining(expected) });
    }
    expect({ service: MIGRATE, depends_on: dependsOn(service(MIGRATE)) }).toEqual({
      service: MIGRATE,
      depends_on: expect.objectContaining({ postgres: 'service_healthy', nats: 'service_healthy' }),
    });
  });

  it('runs every long-running service with restart unless-stopped and the migrations once', () => {
    for (const name of serviceDirs) expect({ service: name, restart: service(name).restart }).toEqual({ service: name, restart: 'unless-stopped' });
    const migrate = service(MIGRATE);
    expect({ command: commandOf(migrate), restart: migrate.restart ?? 'no' }).toEqual({ command: ['migrate-all'], restart: 'no' });
  });

  it('sets, for every service, only variables its config class (or the image scripts) reads', () => {
    const problems: string[] = [];
    for (const name of serviceDirs) {
      const known = new Set([...propertiesOf(CONFIG_CLASSES[name]), ...SCRIPT_VARIABLES.service]);
      for (const key of Object.keys(environment(service(name)))) {
        if (!known.has(key)) problems.push(`${name}: ${key} is not a property of ${CONFIG_CLASSES[name].name}`);
      }
      const selected = environment(service(name)).SERVICE;
      if (selected !== name) problems.push(`${name}: SERVICE is ${selected}, expected ${name} (the image runs dist/services/$SERVICE)`);
    }
    // migrate-all loads every service's config class in turn.
    const anyConfig = new Set([...serviceDirs.flatMap((name) => propertiesOf(CONFIG_CLASSES[name])), ...SCRIPT_VARIABLES.migrateAll]);
    for (const key of Object.keys(environment(service(MIGRATE)))) {
      if (!anyConfig.has(key)) problems.push(`${MIGRATE}: ${key} is read by no service's config class`);
    }
    expect(problems).toEqual([]);
  });

  it('sets every config property that has no usable default (for migrate: every service’s)', () => {
    const missing: string[] = [];
    for (const name of serviceDirs) {
      const unusable = unusableDefaults(CONFIG_CLASSES[name]);
      expect(unusable).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL']));
      for (const key of unusable) {
        if (!(key in environment(service(name)))) missing.push(`${name}: ${key} must be set (${CONFIG_CLASSES[name].name}'s default is not usable in a container)`);
        if (!(key in environment(service(MIGRATE)))) missing.push(`${MIGRATE}: ${key} must be set (\`${name} migrate\` loads ${CONFIG_CLASSES[name].name})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives values every config class accepts', () => {
    for (const name of serviceDirs) {
      expect({ service: name, error: tryLoad(CONFIG_CLASSES[name], resolvedEnvironment(name)) }).toEqual({ service: name, error: undefined });
      expect({ service: MIGRATE, runs: `${name} migrate`, error: tryLoad(CONFIG_CLASSES[name], resolvedEnvironment(MIGRATE)) }).toEqual({
        service: MIGRATE,
        runs: `${name} migrate`,
        error: undefined,
      });
    }
  });

  it('takes secrets from the operator, never from a default in the file', () => {
    const problems: string[] = [];
    for (const name of [...serviceDirs, MIGRATE]) {
      for (const [key, value] of Object.entries(environment(service(name)))) {
        // An optional secret (S3_SECRET_ACCESS_KEY with the directory store) may be empty: ${KEY:-}, never a value.
        const optional = value === `\${${key}:-}` && name !== MIGRATE && CONFIG_CLASSES[name] && tryLoad(CONFIG_CLASSES[name], { ...resolvedEnvironment(name), [key]: '' }) === undefined;
        if (/(SECRET|PASSWORD|TOKEN|_KEY)$/.test(key) && !optional && !/^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]*\}$/.test(value)) {
          problems.push(`${name}: ${key} must be exactly \${${key}:?message}, not "${value}"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('takes every secret compose interpolates (the database password in DATABASE_URL too) as required, never with a default', () => {
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    const defaulted = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)[^}]+\}/g)].map((m) => m[1] as string).filter(isSecretVariable);
    expect(defaulted).toEqual([]);
    expect(text).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
  });

  it('in production (the image sets NODE_ENV=production), starts no service with a published or weak secret, naming each', () => {
    const strong = { JWT_SECRET: randomBytes(48).toString('base64'), PERSONAL_DATA_KEY: randomBytes(48).toString('base64'), AUDIT_MAC_KEY: randomBytes(48).toString('base64') };
    const withPassword = (url: string, password: string) => Object.assign(new URL(url), { password }).toString();
    for (const name of [...serviceDirs, MIGRATE]) {
      const env = resolvedEnvironment(name);
      const secrets = Object.keys(strong).filter((key) => key in env);
      const classes = name === MIGRATE ? serviceDirs.map((dir) => CONFIG_CLASSES[dir]) : [CONFIG_CLASSES[name]];
      for (const cls of classes) {
        const operator = { ...env, ...Object.fromEntries(secrets.map((key) => [key, strong[key as keyof typeof strong]])), NODE_ENV: 'production' };
        const refused = (overrides: Record<string, string>) => refusedVariables(cls, { ...operator, ...overrides });
        // The values this spec (and deploy/.env.example, change-me) gives: every one refused.
        expect({ service: name, config: cls.name, refused: refused({ ...env, NODE_ENV: 'production' }) }).toEqual({
          service: name,
          config: cls.name,
          refused: expect.arrayContaining(['DATABASE_URL', ...secrets.filter((key) => key in new cls())]),
        });
        for (const password of ['yiti', 'postgres', 'aaaaaaaaaaaaaaaa']) {
          expect({ service: name, password, refused: refused({ DATABASE_URL: withPassword(env.DATABASE_URL, password) }) }).toEqual({ service: name, password, refused: ['DATABASE_URL'] });
        }
        expect({ service: name, config: cls.name, refused: refused({ DATABASE_URL: withPassword(env.DATABASE_URL, randomBytes(24).toString('hex')) }) }).toEqual({ service: name, config: cls.name, refused: [] });
      }
    }
  });

  it('gives every service the same value for shared variables (JWT secret, token TTL, database, NATS, subject prefix)', () => {
    for (const key of SHARED_VARIABLES) {
      const values = Object.fromEntries(
        serviceDirs
          .filter((name) => key in new CONFIG_CLASSES[name]())
          .map((name) => [name, (loadConfig(CONFIG_CLASSES[name], resolvedEnvironment(name)) as Record<string, unknown>)[key]]),
      );
      expect({ variable: key, distinct: [...new Set(Object.values(values))].length, values }).toEqual({ variable: key, distinct: 1, values });
    }
  });

  it('points DATABASE_URL and NATS_URL at the compose postgres and nats services', () => {
    for (const name of [...serviceDirs, MIGRATE]) {
      const env = resolvedEnvironment(name);
      const database = new URL(env.DATABASE_URL);
      expect({ service: name, DATABASE_URL: `${database.protocol}//${database.hostname}:${database.port}` }).toEqual({ service: name, DATABASE_URL: 'postgres://postgres:5432' });
      const pg = environment(service('postgres'));
      // The migrations connect as the owner; each service as its own role (yiti_<service>), with its own password.
      const role = name === MIGRATE ? undefined : name.replace(/-/g, '_');
      expect({ service: name, user: decodeURIComponent(database.username), password: decodeURIComponent(database.password), db: database.pathname.slice(1) }).toEqual({
        service: name,
        user: role ? `yiti_${role}` : interpolate(pg.POSTGRES_USER, 'postgres.POSTGRES_USER'),
        password: role ? DATABASE_PASSWORDS[`${role.toUpperCase()}_DB_PASSWORD`] : interpolate(pg.POSTGRES_PASSWORD, 'postgres.POSTGRES_PASSWORD'),
        db: interpolate(pg.POSTGRES_DB, 'postgres.POSTGRES_DB'),
      });
      expect({ service: name, NATS_URL: env.NATS_URL }).toEqual({ service: name, NATS_URL: 'nats://nats:4222' });
    }
  });

  it('sets HTTP_PORT for every service, equal to its published container ports and any healthcheck port', () => {
    const problems: string[] = [];
    for (const name of serviceDirs) {
      const svc = service(name);
      const port = resolvedEnvironment(name).HTTP_PORT;
      if (!port || !/^[1-9]\d*$/.test(port)) {
        problems.push(`${name}: HTTP_PORT must be set to a fixed port (the image's healthcheck and published ports use it), is "${port}"`);
        continue;
      }
      const metricsPort = resolvedEnvironment(name).METRICS_PORT;
      for (const entry of svc.ports ?? []) {
        const parts = typeof entry === 'object' ? [String(entry.target)] : interpolate(String(entry), `${name}.ports`).split('/')[0].split(':');
        const target = parts.at(-1);
        // The METRICS_PORT (/metrics, /health/*) is published to this host only: 127.0.0.1:<host port>:<METRICS_PORT>.
        if (metricsPort && target === metricsPort) {
          if (parts.length !== 3 || parts[0] !== '127.0.0.1') problems.push(`${name}: publishes METRICS_PORT ${metricsPort} as "${parts.join(':')}", not bound to 127.0.0.1`);
        } else if (target !== port) problems.push(`${name}: publishes container port ${target}, but HTTP_PORT is ${port}`);
      }
      const test = svc.healthcheck?.test;
      if (test && !svc.healthcheck?.disable) {
        const text = Array.isArray(test) ? test.join(' ') : test;
        if (!text.includes('HTTP_PORT') && !new RegExp(`\\b${port}\\b`).test(text)) problems.push(`${name}: healthcheck "${text}" does not use HTTP_PORT ${port}`);
      }
    }
    if ((service('gateway').ports ?? []).length === 0) problems.push('gateway: must publish its HTTP port (it is the only HTTP entry)');
    expect(problems).toEqual([]);
  });

  it('gives postgres and nats healthchecks and named volumes, and runs NATS with JetStream on file storage', () => {
    for (const name of ['postgres', 'nats']) {
      const svc = service(name);
      expect({ service: name, healthcheck: Boolean(svc.healthcheck?.test) && !svc.healthcheck?.disable }).toEqual({ service: name, healthcheck: true });
    }
    expect(service('postgres').image).toBe(VERSIONS.postgres.image);
    expect(service('nats').image).toBe(VERSIONS.nats.image);

    const volumeAt = (name: string, target: string) =>
      (service(name).volumes ?? []).map((v) => (typeof v === 'string' ? { source: v.split(':')[0], target: v.split(':')[1] } : v)).find((v) => v.target === target)?.source;
    const pgdata = volumeAt('postgres', '/var/lib/postgresql/data');
    const natsdata = volumeAt('nats', '/data');
    expect({ postgresVolume: pgdata, natsVolume: natsdata }).toEqual({ postgresVolume: expect.any(String), natsVolume: expect.any(String) });
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining([pgdata, natsdata]));

    const nats = commandOf(service('nats'));
    const conf = natsConfigOf(service('nats'));
    expect(conf.jetstream?.store_dir).toBe('/data');
    const healthcheck = ([] as string[]).concat(service('nats').healthcheck?.test ?? []).join(' ');
    const monitor = String(conf.http_port ?? nats[nats.indexOf('-m') + 1]);
    expect({ monitorPort: monitor, healthcheckUsesIt: healthcheck.includes(`:${monitor}/`) }).toEqual({ monitorPort: expect.stringMatching(/^\d+$/), healthcheckUsesIt: true });
  });
});

describe('docker-compose.yml: Compose v2 and Debian’s docker-compose 1.29', () => {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

  it('is valid against the schema docker-compose 1.29.2 validates with (deploy/schemas, from Debian’s package)', () => {
    // As docker-compose reads it: YAML merge keys (<<) resolved, before interpolation.
    const file = parse(text, { merge: true }) as Record<string, unknown>;
    const schema = JSON.parse(readFileSync(join(ROOT, 'deploy/schemas/docker-compose-1.29.json'), 'utf8')) as Record<string, unknown>;
    // Written for draft 4's `id` (docker-compose validates with jsonschema's Draft4Validator): drop the ids.
    const withoutIds = (node: unknown): unknown =>
      Array.isArray(node) ? node.map(withoutIds) : node && typeof node === 'object' ? Object.fromEntries(Object.entries(node).filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema').map(([key, value]) => [key, withoutIds(value)])) : node;
    const validate = new Ajv2019({ strict: false, validateFormats: false, allErrors: true }).compile(withoutIds(schema) as object);
    validate(file);
    expect((validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
    // What 1.29 refused in the file before: a top-level name.
    expect(validate({ ...file, name: 'yiti' })).toBe(false);
  });

  it('has no top-level name (1.29 refuses it) and no version (Compose v2 warns it is obsolete); only keys both read', () => {
    const file = parse(text, { merge: true }) as Record<string, unknown>;
    const topLevel = Object.keys(file).filter((key) => !key.startsWith('x-'));
    expect(topLevel.filter((key) => !['services', 'volumes', 'networks', 'secrets', 'configs'].includes(key))).toEqual([]);
    // Conditions 1.29 knows (service_completed_successfully since 1.29.0); Compose v2-only keys absent.
    const v2Only = ['develop', 'include', 'pull_policy', 'post_start', 'pre_stop', 'models', 'provider', 'gpus', 'use_api_socket'];
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(svc))) {
        expect({ service: name, dep, condition }).toEqual({ service: name, dep, condition: expect.stringMatching(/^service_(started|healthy|completed_successfully)$/) });
      }
      expect({ service: name, v2Only: Object.keys(svc).filter((key) => v2Only.includes(key)) }).toEqual({ service: name, v2Only: [] });
    }
    // `!reset` / `!override` tags and `${VAR?}` without a colon-form message are Compose v2 only.
    expect(text).not.toMatch(/!reset|!override/);
  });

  it('passes every gateway setting through, each defaulting to the config class’s value', () => {
    const env = environment(service('gateway'));
    const missing = gatewaySettings().filter((key) => !(key in env));
    expect({ missing }).toEqual({ missing: [] });
    const fixed = new Set(['HTTP_PORT', 'METRICS_PORT', 'ATTACHMENT_DIR']);
    const resolved = resolvedEnvironment('gateway');
    const differing = gatewaySettings()
      .filter((key) => !fixed.has(key) && !/^\$\{[A-Za-z_0-9]+:\?/.test(env[key]))
      .filter((key) => JSON.stringify(loadedValue(CONFIG_CLASSES.gateway, resolved, key)) !== JSON.stringify((new CONFIG_CLASSES.gateway() as Record<string, unknown>)[key]));
    expect({ differing }).toEqual({ differing: [] });
  });

  it('publishes the gateway’s API to the LAN and its /metrics and /health only to 127.0.0.1 (METRICS_PORT)', () => {
    const env = resolvedEnvironment('gateway');
    expect(env.METRICS_PORT).toMatch(/^[1-9]\d*$/);
    expect(env.METRICS_PORT).not.toBe(env.HTTP_PORT);
    const published = (service('gateway').ports ?? []).map((p) => interpolate(String(p), 'gateway.ports').split(':'));
    expect(published).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/^\d+$/), env.HTTP_PORT],
        ['127.0.0.1', expect.stringMatching(/^\d+$/), env.METRICS_PORT],
      ]),
    );
    expect(published).toHaveLength(2);
    // Docker's healthcheck (deploy/docker/healthcheck.js) asks the METRICS_PORT when it is set.
    expect(readFileSync(join(ROOT, 'deploy/docker/healthcheck.js'), 'utf8')).toContain('METRICS_PORT');
  });

  it('runs NATS from deploy/nats/nats-server.conf with JetStream fsyncing every write before acknowledging it', () => {
    const conf = natsConfigOf(service('nats'));
    expect(conf.jetstream).toEqual(expect.objectContaining({ store_dir: '/data', sync_interval: 'always' }));
    expect(service('nats').image).toBe(VERSIONS.nats.image);
  });
});

describe('deploy/Dockerfile', () => {
  it('runs on Node 22, as a non-root user', () => {
    const runtime = runtimeStage();
    expect({ stage: runtime.name, image: runtime.image }).toEqual({ stage: runtime.name, image: expect.stringMatching(/^node:22([-.@]|$)/) });
    const users = runtime.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect({ stage: runtime.name, USER: users.at(-1) }).toEqual({ stage: runtime.name, USER: expect.stringMatching(/^(?!(root|0)(:|$))\S+$/) });
    for (const s of stages) expect({ stage: s.name, image: s.image }).toEqual({ stage: s.name, image: expect.stringMatching(/^node:22([-.@]|$)/) });
  });

  it('sets NODE_ENV=production, SERVICE from a build argument, tini as init, and a node healthcheck of /health/live', () => {
    const runtime = runtimeStage();
    const args = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
    expect(args('ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    expect(args('ARG')).toEqual(expect.arrayContaining([expect.stringMatching(/^SERVICE\b/)]));
    expect(args('ENV')).toEqual(expect.arrayContaining([expect.stringMatching(/^SERVICE=\$\{?SERVICE\}?$/)]));
    expect(args('ENTRYPOINT').at(-1)).toMatch(/tini/);

    const healthcheck = args('HEALTHCHECK').at(-1) ?? '';
    expect(healthcheck).toMatch(/CMD \[?"?node"?/);
    const script = /\/app\/deploy\/([\w.-]+\.js)/.exec(healthcheck)?.[1];
    expect({ healthcheckScript: script }).toEqual({ healthcheckScript: expect.any(String) });
    expect(copiedSources(runtime)).toContain(`deploy/docker/${script}`);
    expect(readFileSync(join(ROOT, 'deploy/docker', script as string), 'utf8')).toContain("'/health/live'");
  });

  it('ships pg_dump and pg_restore of the PostgreSQL major of deploy/versions.json (named there only) for yiti-ops backup and restore', () => {
    const runtime = runtimeStage();
    expect(copiedSources(runtime)).toContain('deploy/versions.json');
    const install = runtime.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).find((args) => args.includes('postgresql-client-')) ?? '';
    expect(install).toMatch(/POSTGRES_MAJOR="\$\(node -p "require\('[^']*versions\.json'\)\.postgres\.major"\)"/);
    expect(install).toMatch(/apt-get install [^&]*"postgresql-client-\$\{POSTGRES_MAJOR\}"/);
    // No PostgreSQL major written into the Dockerfile itself.
    expect(readFileSync(join(ROOT, DOCKERFILE), 'utf8')).not.toMatch(new RegExp(`postgres(ql)?(-client)?[-:]?${VERSIONS.postgres.major}\\b`, 'i'));
  });

  it('copies from stages that exist, and every build input the build needs, none of it dockerignored', () => {
    for (const s of stages) {
      for (const i of s.instructions.filter((ins) => ins.keyword === 'COPY' && /--from=/.test(ins.args))) {
        const from = /--from=(\S+)/.exec(i.args)?.[1];
        expect({ stage: s.name, copyFrom: from, exists: stages.some((other) => other.name === from) }).toEqual({ stage: s.name, copyFrom: from, exists: true });
      }
    }
    // Every top-level directory tsconfig.build.json compiles is copied into the build stage.
    const buildStage = stages.find((s) => s.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('npm run build')));
    expect({ buildStage: buildStage?.name }).toEqual({ buildStage: expect.any(String) });
    const sources = copiedSources(buildStage as Stage);
    const tsconfigBuild = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[]; extends?: string };
    const roots = new Set(tsconfigBuild.include.map((glob) => glob.split('/')[0]));
    for (const root of roots) expect({ compiled: root, copied: sources.some((src) => src === root || src.startsWith(`${root}/`)) }).toEqual({ compiled: root, copied: true });
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.build.json', (tsconfigBuild.extends ?? 'tsconfig.build.json').replace(/^\.\//, '')]));

    const all = stages.flatMap(copiedSources);
    for (const src of all) {
      expect({ source: src, exists: existsSync(join(ROOT, src)) }).toEqual({ source: src, exists: true });
      expect({ source: src, dockerignored: dockerIgnored(src) }).toEqual({ source: src, dockerignored: false });
    }
    expect({ 'services/x/src/main.ts': dockerIgnored('services/x/src/main.ts'), 'x.spec.ts': dockerIgnored('services/x/src/x.spec.ts'), node_modules: dockerIgnored('node_modules'), '.env': dockerIgnored('.env') }).toEqual({
      'services/x/src/main.ts': false,
      'x.spec.ts': true,
      node_modules: true,
      '.env': true,
    });
  });

  it("starts dist/services/$SERVICE/src/main.js, where the build puts each service's main.ts", () => {
    const tsconfigBuild = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir?: string; rootDir?: string } };
    expect(tsconfigBuild.compilerOptions).toEqual(expect.objectContaining({ outDir: 'dist', rootDir: '.' }));
    for (const name of serviceDirs) expect({ service: name, main: existsSync(join(ROOT, 'services', name, 'src', 'main.ts')) }).toEqual({ service: name, main: true });

    const entrypoint = readFileSync(join(ROOT, 'deploy/docker/entrypoint.sh'), 'utf8');
    expect(entrypoint).toContain('services_dir=/app/dist/services');
    expect(entrypoint).toContain('main="$services_dir/$1/src/main.js"');
    expect(entrypoint).toMatch(/exec node "\$main" "\$@"/);
    expect(entrypoint).toMatch(/DATABASE_URL="\$\(database_url_of "\$name"\)" node "\$dir\/src\/main\.js" migrate/);
    expect(entrypoint).toMatch(/identity=\$\(main_of identity\)\n\s*DATABASE_URL="\$\(database_url_of identity\)" node "\$identity" seed-demo/);
    const runtime = runtimeStage();
    expect(runtime.instructions.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args).toBe('/app');
    expect(runtime.instructions.some((i) => i.keyword === 'COPY' && /--from=\S+\s+\/app\/dist\/services\s+\.\/dist\/services$/.test(i.args))).toBe(true);
  });
});
