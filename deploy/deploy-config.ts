import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BaseServiceConfig, ConfigError, DEMO_SECRETS, loadConfig } from '@yiti/platform';
import { GATEWAY_SERVICE_NAME, GatewayConfig } from '@yiti/gateway-service';
import { BACKEND_SERVICES } from '@yiti/testing';

/**
 * What the deployment specs (deploy/compose.spec.ts, deploy/kubernetes.spec.ts) share: the services
 * and their config classes, the variables the image's scripts read, deploy/Dockerfile and
 * docker-compose.yml as read from disk. Reads files only; needs no Docker and no cluster.
 */

export const ROOT = join(__dirname, '..');

/** Each service's config class, as its main.ts loads it: the gateway's and those of BACKEND_SERVICES (libs/testing). */
export const CONFIG_CLASSES: Record<string, new () => object> = {
  [GATEWAY_SERVICE_NAME]: GatewayConfig,
  ...Object.fromEntries(BACKEND_SERVICES.map((service) => [service.name, service.configClass])),
};

/** The directories under services/ with a main.ts: one deployable service each (services/console is static files the gateway serves). */
export const serviceDirs = readdirSync(join(ROOT, 'services'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'services', entry.name, 'src', 'main.ts')))
  .map((entry) => entry.name)
  .sort();

/** Variables the image's scripts read, not the config classes: for a service, for `migrate-all`. */
export const SCRIPT_VARIABLES = {
  service: ['SERVICE'],
  // migrate-all: each service's own database URL (its role), e.g. IDENTITY_DATABASE_URL.
  migrateAll: ['SEED_DEMO', ...serviceDirs.map((name) => `${name.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`)],
};

/** Test values for the secrets an operator must provide (each long enough for its config class). */
export const OPERATOR_VALUES: Record<string, string> = {
  JWT_SECRET: DEMO_SECRETS.deployJwtSecret,
  PERSONAL_DATA_KEY: DEMO_SECRETS.deployPersonalDataKey,
  AUDIT_MAC_KEY: DEMO_SECRETS.deployAuditMacKey,
  POSTGRES_PASSWORD: DEMO_SECRETS.exampleDatabasePassword,
};

/**
 * The database passwords compose requires (the owner's and each service role's: <SERVICE>_DB_PASSWORD),
 * as deploy/.env.example's placeholder: production refuses every one.
 */
export const DATABASE_PASSWORDS: Record<string, string> = {
  POSTGRES_PASSWORD: DEMO_SECRETS.exampleDatabasePassword,
  ...Object.fromEntries(serviceDirs.map((name) => [`${name.toUpperCase().replace(/-/g, '_')}_DB_PASSWORD`, DEMO_SECRETS.exampleDatabasePassword])),
};

/** Operator values of compose's own variables, read by no config class (the postgres container's). */
export const COMPOSE_ONLY_VARIABLES = ['POSTGRES_PASSWORD'];

/** Variables that must be the same for every service that sets or defaults them. */
export const SHARED_VARIABLES = ['JWT_SECRET', 'PERSONAL_DATA_KEY', 'PERSONAL_DATA_SUITE', 'AUDIT_MAC_KEY', 'ACCESS_TOKEN_TTL_SECONDS', 'NATS_URL', 'NATS_SUBJECT_PREFIX'];

/** Variables whose values are secrets: never a literal in a deployment file. */
export const isSecretVariable = (name: string) => /(SECRET|SECRETS|PASSWORD|TOKEN|_KEY|_KEYS|DATABASE_URL|DATABASE_OWNER_URL)$/.test(name);

// ---------------------------------------------------------------- config classes

export function propertiesOf(cls: new () => object): string[] {
  return Object.keys(new cls());
}

/** Properties whose default does not work in a container: fails validation, or points at this host. */
export function unusableDefaults(cls: new () => object): string[] {
  const failing = new Set<string>();
  try {
    loadConfig(cls, {});
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    error.variables.forEach((variable) => failing.add(variable));
  }
  for (const [key, value] of Object.entries(new cls())) {
    if (typeof value === 'string' && /\/\/([^/@]*@)?(127\.0\.0\.1|localhost)\b/.test(value)) failing.add(key);
  }
  return [...failing].sort();
}

/** undefined when the class accepts the environment, else the error message. */
export function tryLoad(cls: new () => object, env: Record<string, string>): string | undefined {
  try {
    loadConfig(cls, env);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The value a service runs with for one property: the environment's, or the class's default. */
export function loadedValue(cls: new () => object, env: Record<string, string>, key: string): unknown {
  return (loadConfig(cls, env) as Record<string, unknown>)[key];
}

// ---------------------------------------------------------------- deploy/Dockerfile

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name: string;
  instructions: Instruction[];
}

export function dockerfileStages(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`deploy/Dockerfile: cannot read "FROM ${args}"`);
      stages.push({ image: match[1], name: match[2] ?? String(stages.length), instructions: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

export const DOCKERFILE = 'deploy/Dockerfile';
export const stages = dockerfileStages(readFileSync(join(ROOT, DOCKERFILE), 'utf8'));

export function stage(name: string): Stage {
  const found = stages.find((s) => s.name === name);
  if (!found) throw new Error(`${DOCKERFILE} has no stage "${name}" (it has: ${stages.map((s) => s.name).join(', ')})`);
  return found;
}

// ---------------------------------------------------------------- docker-compose.yml

export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: unknown };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { target?: number | string; published?: number | string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { source?: string; target?: string })[];
  restart?: string;
  stop_grace_period?: string;
}

export interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true, uniqueKeys: true }) as ComposeFile;
export const composeServices = compose.services ?? {};

export function service(name: string): ComposeService {
  const found = composeServices[name];
  if (!found) throw new Error(`docker-compose.yml has no "${name}" service`);
  return found;
}

export function environment(svc: ComposeService): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((item) => [item.split('=')[0], item.includes('=') ? item.slice(item.indexOf('=') + 1) : '']));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]));
}

export function buildOf(svc: ComposeService): { context?: string; dockerfile?: string; target?: string } | undefined {
  return typeof svc.build === 'string' ? { context: svc.build } : svc.build;
}

export function commandOf(svc: ComposeService): string[] {
  return typeof svc.command === 'string' ? svc.command.split(/\s+/) : (svc.command ?? []);
}

/**
 * Compose's variable interpolation, with the operator's environment empty except for
 * OPERATOR_VALUES: `${X:-default}` gives the default, `${X:?msg}` the operator's value.
 */
export function interpolate(value: string, where: string): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = (braced ?? bare) as string;
    const provided = OPERATOR_VALUES[name] ?? DATABASE_PASSWORDS[name];
    switch (op) {
      case ':-':
      case '-':
        return provided ?? arg ?? '';
      case ':?':
      case '?':
        if (provided === undefined) throw new Error(`${where}: \${${name}:?} is required but deploy/deploy-config.ts has no OPERATOR_VALUES entry for it`);
        return provided;
      case ':+':
      case '+':
        return provided === undefined ? '' : (arg ?? '');
      case undefined:
      default:
        return provided ?? '';
    }
  });
}

export function resolvedEnvironment(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(environment(service(name))).map(([key, value]) => [key, interpolate(value, `${name}.environment.${key}`)]));
}

// ---------------------------------------------------------------- deploy/versions.json, nats-server.conf

/** The infrastructure's versions, named once (deploy/versions.json). */
export const VERSIONS = JSON.parse(readFileSync(join(ROOT, 'deploy/versions.json'), 'utf8')) as {
  postgres: { major: string; image: string };
  nats: { minor: string; image: string; minimumForSyncAlways: string };
  node: { major: string };
};

export type NatsConf = Record<string, unknown> & { jetstream?: Record<string, unknown>; http_port?: number; cluster?: Record<string, unknown> };

/**
 * nats-server's configuration format, as far as this repository's files use it: `key: value` (or
 * `=`), blocks `{ }`, arrays `[ ]`, `#` comments, strings with a colon quoted. Values that are all
 * digits become numbers.
 */
export function parseNatsConf(text: string): NatsConf {
  const tokens = text.replace(/^\s*#.*$/gm, '').replace(/\s#.*$/gm, '').match(/"[^"]*"|[{}[\],]|[:=]|[^\s{}[\],:="]+/g) ?? [];
  let i = 0;
  const value = (): unknown => {
    const token = tokens[i++];
    if (token === '{') return block('}');
    if (token === '[') {
      const items: unknown[] = [];
      while (i < tokens.length && tokens[i] !== ']') {
        if (tokens[i] === ',') i++;
        else items.push(value());
      }
      i++;
      return items;
    }
    const raw = token.startsWith('"') ? token.slice(1, -1) : token;
    return /^\d+$/.test(raw) ? Number(raw) : raw;
  };
  const block = (end?: string): Record<string, unknown> => {
    const object: Record<string, unknown> = {};
    while (i < tokens.length && tokens[i] !== end) {
      const key = tokens[i++];
      if (tokens[i] === ':' || tokens[i] === '=') i++;
      object[key] = value();
      if (tokens[i] === ',') i++;
    }
    i++;
    return object;
  };
  return block() as NatsConf;
}

/** The configuration file a compose service's nats-server runs with (`-c`, bind-mounted from this repository). */
export function natsConfigOf(svc: ComposeService): NatsConf {
  const command = commandOf(svc);
  const inContainer = command[command.indexOf('-c') + 1];
  if (command.indexOf('-c') < 0 || !inContainer) throw new Error('nats: runs without a configuration file (-c)');
  const mount = (svc.volumes ?? [])
    .map((v) => (typeof v === 'string' ? v.split(':') : [String(v.source), String(v.target)]))
    .find((parts) => parts[1] === inContainer);
  if (!mount) throw new Error(`nats: ${inContainer} is not bind-mounted from this repository`);
  return parseNatsConf(readFileSync(join(ROOT, mount[0]), 'utf8'));
}

/** The properties of the gateway's own settings: GatewayConfig's, less the BaseServiceConfig's every service has. */
export function gatewaySettings(): string[] {
  const base = new Set(propertiesOf(BaseServiceConfig));
  return propertiesOf(GatewayConfig).filter((key) => !base.has(key) || key === 'HTTP_PORT');
}
