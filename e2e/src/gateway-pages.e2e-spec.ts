import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatform, type RunningPlatform } from '@yiti/testing';

interface Operation {
  operationId: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
}

/** The gateway's own pages: the address npm start prints, Swagger UI over plain HTTP, the OpenAPI document. */
describe('gateway pages', () => {
  let platform: RunningPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('redirects / to the API documentation', async () => {
    const root = await platform.http().get('/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/docs');
  });

  it('serves Swagger UI with a CSP that keeps its scripts on plain HTTP', async () => {
    const page = await platform.http().get('/docs/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger-ui');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('documents every error response as problem+json on every operation, no security on login, refresh and the public 双随机 results, the licence and version', async () => {
    const doc = (await platform.http().get('/docs/openapi.json')).body as { info: { version: string; license?: { name: string } }; security?: unknown[]; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string; license: string };
    expect(doc.info.version).toBe(pkg.version);
    expect(doc.info.license?.name).toBe(pkg.license);
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.components.schemas.Problem).toBeDefined();

    const operations = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThan(50);
    const undocumented = operations.flatMap(({ route, op }) =>
      ['401', '403', '404', '409', '413', '422', '429', '503']
        .filter((status) => op.responses[status]?.content?.['application/problem+json']?.schema.$ref !== '#/components/schemas/Problem')
        .map((status) => `${route} ${status}`),
    );
    expect(undocumented).toEqual([]);

    const unsecured = operations.filter(({ op }) => op.security !== undefined && op.security.length === 0).map(({ route }) => route);
    expect(unsecured.sort()).toEqual([
      'GET /api/v1/public/random-checks/draws',
      'GET /api/v1/public/random-checks/draws/{drawId}/verify',
      'GET /api/v1/public/random-checks/results',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
    ]);
  });
});
