import { join } from 'node:path';
import { generateFiles, names, updateJson, visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { migrationClasses, type MigrationClass } from '../../lint/migrations';

/** `npx nx g @yiti/tools:service <name>`: a service behind the gateway with the common skeleton, registered everywhere. */
export interface ServiceGeneratorOptions {
  /** kebab-case, e.g. grid or command-dispatch: the directory, the Nx project, the subjects' service token. */
  name: string;
  /** HTTP port for /health and /metrics; the next after the services' highest when not given. */
  port?: number;
}

export interface ServiceTemplateValues {
  name: string;
  className: string;
  constantName: string;
  propertyName: string;
  schema: string;
  port: number;
  /** Unix ms of the generation: the initial migration's name. */
  timestamp: number;
  tmpl: '';
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RESERVED = ['gateway', 'common', 'testing', 'platform', 'contracts', 'tools', 'e2e'];

export function templateValues(name: string, port: number, timestamp = Date.now()): ServiceTemplateValues {
  if (!SERVICE_NAME.test(name)) throw new Error(`service name "${name}" must be kebab-case (lower-case letters and digits, words joined by -), like grid or command-dispatch`);
  if (RESERVED.includes(name)) throw new Error(`"${name}" is taken by the workspace`);
  const n = names(name);
  return { name, className: n.className, constantName: n.constantName, propertyName: n.propertyName, schema: name.replace(/-/g, '_'), port, timestamp, tmpl: '' };
}

/** The next port after the highest HTTP_PORT default of the services' config classes. */
export function nextPort(tree: Tree): number {
  const ports = tree
    .children('services')
    .map((dir) => tree.read(`services/${dir}/src/config.ts`, 'utf8') ?? '')
    .flatMap((source) => [...source.matchAll(/HTTP_PORT = (\d+)/g)].map((match) => Number(match[1])));
  return Math.max(3100, ...ports) + 1;
}

function edit(tree: Tree, path: string, change: (source: string) => string): void {
  const source = tree.read(path, 'utf8');
  if (source === null) throw new Error(`${path} does not exist`);
  tree.write(path, change(source));
}

/** Replaces the one match of pattern, failing (naming the file) when the anchor is gone. */
function replaceOnce(path: string, source: string, pattern: RegExp, replacement: (match: string, ...groups: string[]) => string): string {
  if (!pattern.test(source)) throw new Error(`${path}: cannot find ${pattern} to register the new service; add it by hand`);
  return source.replace(pattern, replacement);
}

/** Adds an import after the file's last import line. */
export function addImport(path: string, source: string, line: string): string {
  return replaceOnce(path, source, /^((?:import[^;]*;\n)+)/m, (imports) => `${imports}${line}\n`);
}

export function registerInHarness(source: string, v: ServiceTemplateValues, path = 'libs/testing/src/services.ts'): string {
  const withImport = addImport(path, source, `import { ${v.constantName}_SERVICE } from '@yiti/${v.name}-service';`);
  return replaceOnce(path, withImport, /(export const BACKEND_SERVICES: ServiceDefinition\[\] = \[[^\]]*)\]/, (_m, list) => `${list}, ${v.constantName}_SERVICE]`);
}

/** The ops CLI's list (doctor, migrate, backup): one import and one entry at its end. */
export function registerInOps(source: string, v: ServiceTemplateValues, path = 'tools/ops/services.ts'): string {
  const withImport = addImport(path, source, `import { ${v.constantName}_SERVICE } from '@yiti/${v.name}-service';`);
  return replaceOnce(path, withImport, /(export const OPS_SERVICES: OpsService\[\] = \[\n(?: {2}[^\n]*\n)*)\];/, (_m, list) => `${list}  fromDefinition(${v.constantName}_SERVICE),\n];`);
}

/** The service's database role in compose: its URL anchor, its URL for `migrate-all`, and its block using it. */
export function registerInCompose(source: string, v: ServiceTemplateValues, path = 'docker-compose.yml'): string {
  const anchor = `x-${v.name}-database-url: &${v.name}-database-url postgres://yiti_${v.schema}:\${${v.constantName}_DB_PASSWORD:?set ${v.constantName}_DB_PASSWORD (URL-safe characters)}@postgres:5432/\${POSTGRES_DB:-yiti}`;
  const withAnchor = replaceOnce(path, source, /(\nx-[a-z0-9-]+-database-url: [^\n]+\n)(?!x-[a-z0-9-]+-database-url)/, (last) => `${last}${anchor}\n`);
  const withMigrate = replaceOnce(path, withAnchor, /(\n( +)[A-Z0-9_]+_DATABASE_URL: \*[a-z0-9-]+-database-url\n)(?!\2[A-Z0-9_]+_DATABASE_URL)/, (last, _m, indent: string) => `${last}${indent}${v.constantName}_DATABASE_URL: *${v.name}-database-url\n`);
  const block = ['', `  ${v.name}:`, '    <<: *service', '    environment:', '      <<: *base-env', `      DATABASE_URL: *${v.name}-database-url`, `      SERVICE: ${v.name}`, `      HTTP_PORT: "${v.port}"`, ''].join('\n');
  return replaceOnce(path, withMigrate, /\n(?=volumes:\n)/, () => `${block}\n`);
}

/** The role's password in deploy/.env.example, after the other roles'. */
export function registerInEnvExample(source: string, v: ServiceTemplateValues, path = 'deploy/.env.example'): string {
  return replaceOnce(path, source, /(\n[A-Z0-9_]+_DB_PASSWORD=\n)(?![A-Z0-9_]+_DB_PASSWORD=)/, (last) => `${last}${v.constantName}_DB_PASSWORD=\n`);
}

/** The role's URL in the Kubernetes example's Secret template, after the other roles'. */
export function registerInSecretsExample(source: string, v: ServiceTemplateValues, path = 'deploy/k8s/overlays/province-example/settings/secrets.env.example'): string {
  return replaceOnce(path, source, /(\n[A-Z0-9_]+_DATABASE_URL=postgres:\/\/yiti_[^\n]+\n)(?![A-Z0-9_]+_DATABASE_URL=)/, (last) =>
    `${last}${v.constantName}_DATABASE_URL=postgres://yiti_${v.schema}:CHANGE-ME@postgres.CHANGE-ME.invalid:5432/yiti\n`,
  );
}

/** The role's URL for the migrate Job (its `migrate` makes the role), after the other roles'. */
export function registerInMigrateJob(source: string, v: ServiceTemplateValues, path = 'deploy/k8s/migrate/migrate-job.yaml'): string {
  return replaceOnce(path, source, /(\n( +)- name: ([A-Z0-9_]+)_DATABASE_URL\n(?:\2 {2}.*\n){2})(?!\2- name: [A-Z0-9_]+_DATABASE_URL\n)/, (last, _m, indent: string) =>
    `${last}${indent}- name: ${v.constantName}_DATABASE_URL\n${indent}  valueFrom:\n${indent}    secretKeyRef: { name: yiti-secrets, key: ${v.constantName}_DATABASE_URL }\n`,
  );
}

export function registerInKustomization(source: string, v: ServiceTemplateValues, path = 'deploy/k8s/base/kustomization.yaml'): string {
  return replaceOnce(path, source, /(resources:\n(?:\s+- .*\n?)+)/, (list) => `${list.replace(/\n?$/, '\n')}  - ${v.name}.yaml\n`);
}

export function registerInGateway(source: string, v: ServiceTemplateValues, path = 'services/gateway/src/gateway.module.ts'): string {
  const withImport = addImport(path, source, `import { ${v.className}StatusController } from './${v.name}/${v.name}-status.controller';`);
  return replaceOnce(path, withImport, /(export const GATEWAY_CONTROLLERS = \[[^\]]*?),?\n\];/, (_m, list) => `${list},\n  ${v.className}StatusController,\n];`);
}

/** Every migration class of the workspace's TypeScript (services and libraries), for the timestamp check. */
export function migrationsInTree(tree: Tree): MigrationClass[] {
  const found: MigrationClass[] = [];
  for (const root of ['libs', 'services']) {
    if (!tree.exists(root)) continue;
    visitNotIgnoredFiles(tree, root, (path) => {
      if (!path.endsWith('.ts') || /\.(integration-|e2e-)?spec\.ts$/.test(path)) return;
      const source = tree.read(path, 'utf8') ?? '';
      if (source.includes('MigrationInterface')) found.push(...migrationClasses(path, source));
    });
  }
  return found;
}

/** The initial migration's timestamp must be unique across the repository (the schema's migrations are ordered by it): fails naming the migration that has it. */
export function refuseTakenTimestamp(tree: Tree, timestamp: number): void {
  const taken = migrationsInTree(tree).filter((m) => m.timestamp === String(timestamp));
  if (taken.length > 0) throw new Error(`migration timestamp ${timestamp} is taken by ${taken.map((m) => `${m.className} (${m.path})`).join(', ')}: run the generator again`);
}

export default async function serviceGenerator(tree: Tree, options: ServiceGeneratorOptions): Promise<void> {
  const v = templateValues(options.name, options.port ?? nextPort(tree));
  if (tree.exists(`services/${v.name}`)) throw new Error(`services/${v.name} exists already`);
  refuseTakenTimestamp(tree, v.timestamp);
  const files = (part: string) => join(__dirname, 'files', part);

  generateFiles(tree, files('service'), `services/${v.name}`, v);
  generateFiles(tree, files('contracts'), `libs/contracts/src/${v.name}`, v);
  generateFiles(tree, files('k8s'), 'deploy/k8s/base', v);

  edit(tree, 'libs/contracts/src/index.ts', (source) => `${source.replace(/\n?$/, '\n')}export * from './${v.name}/subjects';\n`);
  updateJson(tree, 'tsconfig.base.json', (json: { compilerOptions: { paths: Record<string, string[]> } }) => {
    json.compilerOptions.paths[`@yiti/${v.name}-service`] = [`services/${v.name}/src/index.ts`];
    return json;
  });
  edit(tree, 'libs/testing/src/services.ts', (source) => registerInHarness(source, v));
  edit(tree, 'tools/ops/services.ts', (source) => registerInOps(source, v));
  edit(tree, 'docker-compose.yml', (source) => registerInCompose(source, v));
  edit(tree, 'deploy/.env.example', (source) => registerInEnvExample(source, v));
  edit(tree, 'deploy/k8s/overlays/province-example/settings/secrets.env.example', (source) => registerInSecretsExample(source, v));
  edit(tree, 'deploy/k8s/migrate/migrate-job.yaml', (source) => registerInMigrateJob(source, v));
  edit(tree, 'deploy/k8s/base/kustomization.yaml', (source) => registerInKustomization(source, v));
  // GET /api/v1/<name>/status: the chain gateway → NATS → service, which e2e/src/service-status.e2e-spec.ts proves for every service.
  generateFiles(tree, files('gateway'), `services/gateway/src/${v.name}`, v);
  edit(tree, 'services/gateway/src/gateway.module.ts', (source) => registerInGateway(source, v));
}
