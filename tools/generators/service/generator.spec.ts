import { registerInCompose, registerInDeployExamples, registerInGateway, registerInHarness, registerInKustomization, templateValues } from './generator';

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
    const compose = [
      'x-a-database-url: &a-database-url postgres://yiti_a:${A_DB_PASSWORD:?set}@postgres:5432/yiti',
      'services:',
      '  migrate:',
      '    environment:',
      '      A_DATABASE_URL: *a-database-url',
      '  a:',
      '    image: x',
      '',
      'volumes:',
      '  pgdata:',
      '',
    ].join('\n');
    expect(registerInCompose(compose, grid)).toBe(
      [
        'x-a-database-url: &a-database-url postgres://yiti_a:${A_DB_PASSWORD:?set}@postgres:5432/yiti',
        'x-command-dispatch-database-url: &command-dispatch-database-url postgres://yiti_command_dispatch:${COMMAND_DISPATCH_DB_PASSWORD:?set COMMAND_DISPATCH_DB_PASSWORD (URL-safe characters)}@postgres:5432/${POSTGRES_DB:-yiti}',
        'services:',
        '  migrate:',
        '    environment:',
        '      A_DATABASE_URL: *a-database-url',
        '      COMMAND_DISPATCH_DATABASE_URL: *command-dispatch-database-url',
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
    expect(registerInDeployExamples('A_DB_PASSWORD=\nB_DB_PASSWORD=\n\nLOG_LEVEL=info\n', grid, 'deploy/.env.example')).toBe('A_DB_PASSWORD=\nB_DB_PASSWORD=\nCOMMAND_DISPATCH_DB_PASSWORD=\n\nLOG_LEVEL=info\n');
    expect(registerInDeployExamples('A_DATABASE_URL=postgres://a\nAUDIT_MAC_KEY=x\n', grid, 'settings/secrets.env.example')).toBe(
      'A_DATABASE_URL=postgres://a\nCOMMAND_DISPATCH_DATABASE_URL=postgres://yiti_command_dispatch:CHANGE-ME@postgres.CHANGE-ME.invalid:5432/yiti\nAUDIT_MAC_KEY=x\n',
    );
    const job = ['            - name: A_DATABASE_URL', '              valueFrom:', '                secretKeyRef: { name: yiti-secrets, key: A_DATABASE_URL }', '            - name: NATS_URL', ''].join('\n');
    expect(registerInDeployExamples(job, grid, 'deploy/k8s/migrate/migrate-job.yaml')).toBe(
      [
        '            - name: A_DATABASE_URL',
        '              valueFrom:',
        '                secretKeyRef: { name: yiti-secrets, key: A_DATABASE_URL }',
        '            - name: COMMAND_DISPATCH_DATABASE_URL',
        '              valueFrom:',
        '                secretKeyRef: { name: yiti-secrets, key: COMMAND_DISPATCH_DATABASE_URL }',
        '            - name: NATS_URL',
        '',
      ].join('\n'),
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
