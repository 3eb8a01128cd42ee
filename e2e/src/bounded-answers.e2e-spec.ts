import { MAX_PAGE_DEPTH, MAX_PAGE_SIZE } from '@yiti/contracts';
import { bearer, login, residentId, startPlatform, type RunningPlatform } from '@yiti/testing';

const LIUHE = '320585102';

interface Parameter {
  name: string;
  in: string;
  schema?: { maximum?: number };
}

/** Every answer is bounded: lists and deadlines page, with their caps in the OpenAPI document. */
describe('bounded answers through the gateway', () => {
  let platform: RunningPlatform;
  let clerk: string;

  beforeAll(async () => {
    platform = await startPlatform();
    clerk = await login(platform, 'liuhe.clerk');
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('documents the page caps of every paged list and of the deadlines in the OpenAPI document', async () => {
    const doc = await platform.http().get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paged = Object.entries(doc.body.paths as Record<string, { get?: { parameters?: Parameter[]; responses: Record<string, unknown> } }>).filter(
      ([, operations]) => JSON.stringify(operations.get?.responses?.['200'] ?? {}).includes('#/components/schemas/PageMeta'),
    );
    expect(paged.map(([path]) => path)).toEqual(expect.arrayContaining(['/api/v1/applications', '/api/v1/users', '/api/v1/organisations', '/api/v1/jurisdictions', '/api/v1/delegations']));
    for (const path of [...paged.map(([p]) => p), '/api/v1/application-deadlines']) {
      const parameters = (doc.body.paths[path].get.parameters as Parameter[]).filter((p) => p.in === 'query');
      expect({ path, pageSize: parameters.find((p) => p.name === 'pageSize')?.schema?.maximum, page: parameters.find((p) => p.name === 'page')?.schema?.maximum }).toEqual({ path, pageSize: MAX_PAGE_SIZE, page: MAX_PAGE_DEPTH });
    }
    expect(doc.body.components.schemas.PageMeta.required).toEqual(expect.arrayContaining(['total', 'totalExact']));
  });

  it('refuses a page past the first 10,000 rows, naming the page, and says whether a total is exact', async () => {
    const deep = await platform.http().get('/api/v1/applications').set(bearer(clerk)).query({ townCode: LIUHE, page: MAX_PAGE_DEPTH / MAX_PAGE_SIZE + 1, pageSize: MAX_PAGE_SIZE });
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'page' })] });
    const users = await platform.http().get('/api/v1/users').set(bearer(clerk)).query({ pageSize: 1 });
    expect(users.status).toBe(200);
    // Counted 10 pages ahead at most: more users than that reads "at least 10", not exact.
    expect(users.body).toMatchObject({ page: 1, pageSize: 1, total: 10, totalExact: false });
    expect(users.body.items).toHaveLength(1);
  });

  it('pages the deadlines, earliest due first, with the count of each list', async () => {
    const powers = await platform.http().get('/api/v1/town-powers').set(bearer(clerk)).query({ townCode: LIUHE });
    const itemId = (powers.body as { itemId: string; kind: string }[]).find((p) => p.kind === 'licensing')?.itemId as string;
    const item = await platform.http().get(`/api/v1/catalog-items/${itemId}`).set(bearer(clerk));
    const materials = (item.body.materials as { name: string; required: boolean }[]).filter((m) => m.required).map((m) => ({ name: m.name }));
    for (let n = 0; n < 3; n++) {
      const registered = await platform
        .http()
        .post('/api/v1/applications')
        .set(bearer(clerk))
        .send({ townCode: LIUHE, itemId, applicant: { kind: 'person', name: `张期限${n}`, idNumber: residentId(), phone: '13912345678' }, materials });
      expect(registered.status).toBe(201);
    }
    const deadlines = (page: number) => platform.http().get('/api/v1/application-deadlines').set(bearer(clerk)).query({ townCode: LIUHE, withinWorkingDays: 20, page, pageSize: 1 });
    const [first, second] = await Promise.all([deadlines(1), deadlines(2)]);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ townCode: LIUHE, page: 1, pageSize: 1 });
    expect(first.body.dueSoonTotal).toBeGreaterThanOrEqual(3);
    expect(first.body.dueSoon).toHaveLength(1);
    expect(second.body.dueSoon).toHaveLength(1);
    expect(second.body.dueSoon[0].applicationId).not.toBe(first.body.dueSoon[0].applicationId);
    expect(first.body.dueSoon[0].dueOn <= second.body.dueSoon[0].dueOn).toBe(true);
    expect(first.body.dueSoon[0].itemName).toEqual(expect.any(String));
    expect(first.body.dueSoon[0].itemName.length).toBeGreaterThan(0);
    expect(first.body.overdue.length).toBeLessThanOrEqual(1);
    const unpaged = await platform.http().get('/api/v1/application-deadlines').set(bearer(clerk)).query({ townCode: LIUHE, withinWorkingDays: 20 });
    expect(unpaged.body.pageSize).toBe(MAX_PAGE_SIZE);
  });
});
