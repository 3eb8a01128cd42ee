import { registerDatabaseSettings, registerInCompose, registerInGateway, registerInHarness, registerInKustomization, templateValues } from './generator';

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

  it('adds the compose service before the volumes, the manifest to the base resources and the controller to the gateway', () => {
    const compose = 'x-gateway-database-url: &gateway-database-url g\nservices:\n  migrate:\n    environment:\n      GATEWAY_DATABASE_URL: *gateway-database-url\n\nvolumes:\n  pgdata:\n';
    expect(registerInCompose(compose, grid)).toBe(
      'x-command-dispatch-database-url: &command-dispatch-database-url postgres://yiti_command_dispatch:${COMMAND_DISPATCH_DB_PASSWORD:?set COMMAND_DISPATCH_DB_PASSWORD (URL-safe characters)}@postgres:5432/${POSTGRES_DB:-yiti}\n' +
        'x-gateway-database-url: &gateway-database-url g\nservices:\n  migrate:\n    environment:\n      COMMAND_DISPATCH_DATABASE_URL: *command-dispatch-database-url\n      GATEWAY_DATABASE_URL: *gateway-database-url\n\n' +
        '  command-dispatch:\n    <<: *service\n    environment:\n      <<: *base-env\n      DATABASE_URL: *command-dispatch-database-url\n      SERVICE: command-dispatch\n      HTTP_PORT: "3105"\n\nvolumes:\n  pgdata:\n',
    );
    const database = registerDatabaseSettings(grid);
    expect(database.envExample('A_DB_PASSWORD=\nGATEWAY_DB_PASSWORD=\n')).toBe('A_DB_PASSWORD=\nCOMMAND_DISPATCH_DB_PASSWORD=\nGATEWAY_DB_PASSWORD=\n');
    expect(database.secretsExample('GATEWAY_DATABASE_URL=x\n')).toBe('COMMAND_DISPATCH_DATABASE_URL=postgres://yiti_command_dispatch:CHANGE-ME@postgres.CHANGE-ME.invalid:5432/yiti\nGATEWAY_DATABASE_URL=x\n');
    expect(database.migrateJob('          env:\n            - name: GATEWAY_DATABASE_URL\n')).toBe(
      '          env:\n            - name: COMMAND_DISPATCH_DATABASE_URL\n              valueFrom:\n                secretKeyRef: { name: yiti-secrets, key: COMMAND_DISPATCH_DATABASE_URL }\n            - name: GATEWAY_DATABASE_URL\n',
    );
    expect(registerInKustomization('namespace: yiti\nresources:\n  - common\n  - a.yaml\n', grid)).toBe('namespace: yiti\nresources:\n  - common\n  - a.yaml\n  - command-dispatch.yaml\n');
    expect(registerInGateway("import { A } from './a';\n\n@Module({ controllers: [A, B] })\n", grid)).toBe(
      "import { A } from './a';\nimport { CommandDispatchStatusController } from './command-dispatch/command-dispatch-status.controller';\n\n@Module({ controllers: [A, B, CommandDispatchStatusController] })\n",
    );
  });

  it('fails naming the file when a registration point has changed shape, instead of skipping it', () => {
    expect(() => registerInHarness("import x from 'y';\nexport const SERVICES = [];\n", grid)).toThrow('libs/testing/src/services.ts: cannot find');
    expect(() => registerInCompose('services: {}\n', grid)).toThrow('docker-compose.yml: cannot find');
  });
});
