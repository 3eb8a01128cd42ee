import { registerInCompose, registerInGateway, registerInHarness, registerInKustomization, templateValues } from './generator';

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
    expect(registerInCompose('services:\n  a:\n    image: x\n\nvolumes:\n  pgdata:\n', grid)).toBe(
      'services:\n  a:\n    image: x\n\n  command-dispatch:\n    <<: *service\n    environment:\n      <<: *base-env\n      SERVICE: command-dispatch\n      HTTP_PORT: "3105"\n\nvolumes:\n  pgdata:\n',
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
