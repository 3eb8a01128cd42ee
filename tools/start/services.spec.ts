import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverServices } from './services';

/** A built workspace with these services: each a main.js and a config.js exporting one config class with its HTTP_PORT default. */
function builtWorkspace(ports: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'yiti-start-'));
  for (const [name, port] of Object.entries(ports)) {
    const src = join(root, 'dist', 'services', name, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'main.js'), '');
    writeFileSync(join(src, 'config.js'), `class Config { constructor() { this.HTTP_PORT = ${port}; this.LOG_LEVEL = 'info'; } }\nexports.Config = Config;\nexports.helper = () => 1;\n`);
  }
  return root;
}

describe('npm start finds every built service and its port', () => {
  const roots: string[] = [];
  const workspace = (ports: Record<string, number>) => {
    const root = builtWorkspace(ports);
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it("runs a new service (no list to edit) on its config class's HTTP_PORT, unless <NAME>_PORT says otherwise", () => {
    const root = workspace({ gateway: 3000, identity: 3101, 'command-dispatch': 3105 });
    expect(discoverServices(root, {}).map(({ name, port }) => ({ name, port }))).toEqual([
      { name: 'command-dispatch', port: 3105 },
      { name: 'gateway', port: 3000 },
      { name: 'identity', port: 3101 },
    ]);
    expect(discoverServices(root, { COMMAND_DISPATCH_PORT: '4105', GATEWAY_PORT: '8080' }).map(({ name, port }) => ({ name, port }))).toEqual([
      { name: 'command-dispatch', port: 4105 },
      { name: 'gateway', port: 8080 },
      { name: 'identity', port: 3101 },
    ]);
  });

  it('fails naming the service whose config class has no port, and without a built gateway', () => {
    expect(() => discoverServices(workspace({ gateway: 3000, grid: 0 }), {})).toThrow('services/grid/src/config.ts has no config class with an HTTP_PORT default (set GRID_PORT)');
    expect(() => discoverServices(workspace({ identity: 3101 }), {})).toThrow(/run npm run build first/);
  });
});
