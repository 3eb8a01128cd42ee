import { createTree } from '@nx/devkit/testing';
import { refuseTakenTimestamp, registerInOps, registerInCompose, registerInEnvExample, registerInGateway, registerInHarness, registerInKustomization, registerInMigrateJob, registerInSecretsExample, templateValues } from './generator';

describe('the service generator', () => {
  const grid = templateValues('command-dispatch', 3105, 1764979200000);

  it('derives every name from one kebab-case name', () => {
    expect(grid).toEqual({ name: 'command-dispatch', className: 'CommandDispatch', constantName: 'COMMAND_DISPATCH', propertyName: 'commandDispatch', schema: 'command_dispatch', port: 3105, timestamp: 1764979200000, tmpl: '' });
  });

  it('refuses a name that is not kebab-case or is taken by the workspace, saying why', () => {
    expect(() => templateValues('Grid', 3103)).toThrow('service name "Grid" must be kebab-case');
    expect(() => templateValues('grid_service', 3103)).toThrow('must be kebab-case');
    expect(() => templateValues('gateway', 3103)).toThrow('"gateway" is taken by the workspace');
  });

  it('adds one import and one entry to the harness list', () => {
    const source = "import type { ServiceDefinition } from '@yiti/platform';\nimport { A_SERVICE } from '@yiti/a-service';\n\nexport const BACKEND_SERVICES: ServiceDefinition[] = [A_SERVICE];\n";
    expect(registerInHarness(source, grid)).toBe(
      "import type { ServiceDefinition } from '@yiti/platform';\nimport { A_SERVICE } from '@yiti/a-service';\nimport { COMMAND_DISPATCH_SERVICE } from '@yiti/command-dispatch-service';\n\nexport const BACKEND_SERVICES: ServiceDefinition[] = [A_SERVICE, COMMAND_DISPATCH_SERVICE];\n",
    );
  });

  it('adds one import and one entry to the ops CLI\'s services', () => {
    const source = "import { A_SERVICE } from '@yiti/a-service';\n\nexport const OPS_SERVICES: OpsService[] = [\n  { name: 'gateway' },\n  fromDefinition(A_SERVICE),\n];\n";
    expect(registerInOps(source, grid)).toBe(
      "import { A_SERVICE } from '@yiti/a-service';\nimport { COMMAND_DISPATCH_SERVICE } from '@yiti/command-dispatch-service';\n\nexport const OPS_SERVICES: OpsService[] = [\n  { name: 'gateway' },\n  fromDefinition(A_SERVICE),\n  fromDefinition(COMMAND_DISPATCH_SERVICE),\n];\n",
    );
  });

  it('adds the compose service before the volumes, the manifest to the base resources and the controller to the gateway', () => {
    const compose = [
      'x-owner-database-url: &owner-database-url postgres://o',
      'x-a-database-url: &a-database-url postgres://yiti_a:${A_DB_PASSWORD:?set}@postgres:5432/y',
      '',
      'services:',
      '  migrate:',
      '    environment:',
      '      A_DATABASE_URL: *a-database-url',
      '      SEED_DEMO: x',
      '  a:',
      '    image: x',
      '',
      'volumes:',
      '  pgdata:',
      '',
    ].join('\n');
    expect(registerInCompose(compose, grid)).toBe(
      [
        'x-owner-database-url: &owner-database-url postgres://o',
        'x-a-database-url: &a-database-url postgres://yiti_a:${A_DB_PASSWORD:?set}@postgres:5432/y',
        'x-command-dispatch-database-url: &command-dispatch-database-url postgres://yiti_command_dispatch:${COMMAND_DISPATCH_DB_PASSWORD:?set COMMAND_DISPATCH_DB_PASSWORD (URL-safe characters)}@postgres:5432/${POSTGRES_DB:-yiti}',
        '',
        'services:',
        '  migrate:',
        '    environment:',
        '      A_DATABASE_URL: *a-database-url',
        '      COMMAND_DISPATCH_DATABASE_URL: *command-dispatch-database-url',
        '      SEED_DEMO: x',
        '  a:',
        '    image: x',
        '',
        '  command-dispatch:',
        '    <<: *service',
        '    environment:',
        '      <<: *base-env',
        '      DATABASE_URL: *command-dispatch-database-url',
        '      SERVICE: command-dispatch',
        '      HTTP_PORT: "3105"',
        '',
        'volumes:',
        '  pgdata:',
        '',
      ].join('\n'),
    );
    expect(registerInEnvExample('POSTGRES_DB=yiti\nA_DB_PASSWORD=\nB_DB_PASSWORD=\n\nLOG_LEVEL=info\n', grid)).toBe('POSTGRES_DB=yiti\nA_DB_PASSWORD=\nB_DB_PASSWORD=\nCOMMAND_DISPATCH_DB_PASSWORD=\n\nLOG_LEVEL=info\n');
    expect(registerInSecretsExample('# x\nA_DATABASE_URL=postgres://yiti_a:CHANGE-ME@h:5432/yiti\n# y\n', grid)).toBe(
      '# x\nA_DATABASE_URL=postgres://yiti_a:CHANGE-ME@h:5432/yiti\nCOMMAND_DISPATCH_DATABASE_URL=postgres://yiti_command_dispatch:CHANGE-ME@postgres.CHANGE-ME.invalid:5432/yiti\n# y\n',
    );
    const job = '          env:\n            - name: A_DATABASE_URL\n              valueFrom:\n                secretKeyRef: { name: yiti-secrets, key: A_DATABASE_URL }\n            - name: AUDIT_MAC_KEY\n';
    expect(registerInMigrateJob(job, grid)).toBe(
      '          env:\n            - name: A_DATABASE_URL\n              valueFrom:\n                secretKeyRef: { name: yiti-secrets, key: A_DATABASE_URL }\n            - name: COMMAND_DISPATCH_DATABASE_URL\n              valueFrom:\n                secretKeyRef: { name: yiti-secrets, key: COMMAND_DISPATCH_DATABASE_URL }\n            - name: AUDIT_MAC_KEY\n',
    );
    expect(registerInKustomization('namespace: yiti\nresources:\n  - common\n  - a.yaml\n', grid)).toBe('namespace: yiti\nresources:\n  - common\n  - a.yaml\n  - command-dispatch.yaml\n');
    expect(registerInGateway("import { A } from './a';\n\nexport const GATEWAY_CONTROLLERS = [\n  A,\n  B,\n];\n", grid)).toBe(
      "import { A } from './a';\nimport { CommandDispatchStatusController } from './command-dispatch/command-dispatch-status.controller';\n\nexport const GATEWAY_CONTROLLERS = [\n  A,\n  B,\n  CommandDispatchStatusController,\n];\n",
    );
  });

  it('fails naming the file when a registration point has changed shape, instead of skipping it', () => {
    expect(() => registerInHarness("import x from 'y';\nexport const SERVICES = [];\n", grid)).toThrow('libs/testing/src/services.ts: cannot find');
    expect(() => registerInCompose('services: {}\n', grid)).toThrow('docker-compose.yml: cannot find');
  });

  it('refuses an initial migration timestamp that a migration of the repository has already', () => {
    const tree = createTree();
    tree.write('services/grid/src/migrations/1796600000000-patrols.ts', "export class Patrols1796600000000 implements MigrationInterface {\n  name = 'Patrols1796600000000';\n}\n");
    tree.write('libs/platform/src/database/tables.migration.ts', "export class PlatformTables1764115200000 implements MigrationInterface {\n  name = 'PlatformTables1764115200000';\n}\n");
    expect(() => refuseTakenTimestamp(tree, 1796600000000)).toThrow('migration timestamp 1796600000000 is taken by Patrols1796600000000 (services/grid/src/migrations/1796600000000-patrols.ts): run the generator again');
    expect(() => refuseTakenTimestamp(tree, 1764115200000)).toThrow(/taken by PlatformTables1764115200000/);
    expect(() => refuseTakenTimestamp(tree, 1796600000001)).not.toThrow();
  });
});
