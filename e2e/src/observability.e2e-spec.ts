import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Metrics, flushTracing, stopTracing } from '@yiti/platform';
import { bearer, freshCounty, pollUntil, startPlatform, type FreshCounty, type RunningPlatform } from '@yiti/testing';

/**
 * Item 5 of issue 16, against the real PostgreSQL and NATS: latency histograms per route and subject
 * after a request, the gateway's /metrics and /health on METRICS_PORT only, and OpenTelemetry
 * traces gateway → NATS → service → PostgreSQL sent to an OTLP/HTTP receiver (a stand-in for a
 * collector, outside our control) started here.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string } }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('observability: metrics, the ops port and traces', () => {
  let platform: RunningPlatform;
  let county: FreshCounty;
  let receiver: Server;
  const spans: OtlpSpan[] = [];
  const exportPaths: string[] = [];
  let metricsPort: number;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        exportPaths.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    metricsPort = await freePort();
    platform = await startPlatform({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`, METRICS_PORT: String(metricsPort) });
    county = await freshCounty(platform);
  });

  afterAll(async () => {
    await platform?.close();
    await stopTracing();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('serves /metrics and /health on METRICS_PORT only, and the API on HTTP_PORT only', async () => {
    expect((await platform.http().get('/metrics')).status).toBe(404);
    expect((await platform.http().get('/health/live')).status).toBe(404);
    const live = await fetch(`http://127.0.0.1:${metricsPort}/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await fetch(`http://127.0.0.1:${metricsPort}/health/ready`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/jurisdictions`)).status).toBe(404);
    expect((await platform.http().get('/api/v1/jurisdictions').set(bearer(county.adminToken))).status).toBe(200);
  });

  it('records the request by route at the gateway and the handling by subject in the service', async () => {
    const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'OBS-1', name: '观测测试中心', kind: 'service_centre', jurisdictionCode: county.townA });
    expect(org.status).toBe(201);
    const gateway = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(gateway).toMatch(/^yiti_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/organisations",status="201"\} [1-9]\d*$/m);
    const identity = await platform.services.identity.get(Metrics).registry.metrics();
    expect(identity).toMatch(/^yiti_rpc_duration_seconds_count\{subject="[^"]*organisation[^"]*",outcome="ok"\} [1-9]\d*$/m);
    for (const gauge of ['yiti_outbox_oldest_pending_seconds', 'yiti_dead_letters', 'yiti_audit_oldest_unsealed_seconds']) expect(identity).toMatch(new RegExp(`^${gauge} \\d+(\\.\\d+)?$`, 'm'));
    expect(identity).toContain('# TYPE yiti_event_handler_duration_seconds histogram');
    expect(identity).toContain('# TYPE yiti_inbox_lag_seconds histogram');
  });

  it('exports one trace from the gateway request through NATS to the service and its PostgreSQL queries', async () => {
    const org = await platform.http().post('/api/v1/organisations').set(bearer(county.adminToken)).send({ code: 'OBS-2', name: '追踪测试中心', kind: 'service_centre', jurisdictionCode: county.townB });
    expect(org.status).toBe(201);
    const root = (await pollUntil(
      async () => {
        await flushTracing();
        return spans.find((s) => s.kind === 2 && s.name === 'POST /api/v1/organisations' && spans.some((c) => c.traceId === s.traceId && c.name.startsWith('pg ')));
      },
      (found) => found !== undefined,
      { what: 'the request’s trace at the receiver' },
    )) as OtlpSpan;
    const trace = spans.filter((s) => s.traceId === root.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const request = trace.find((s) => s.kind === 3 && s.name.endsWith(' request') && s.parentSpanId === root.spanId);
    const handling = trace.find((s) => s.kind === 2 && s.name.endsWith(' process') && s.parentSpanId === request?.spanId);
    const queries = trace.filter((s) => s.name.startsWith('pg ') && s.kind === 3);
    expect({ request: request?.name, handling: handling?.name }).toEqual({ request: expect.stringMatching(/organisation/), handling: expect.stringMatching(/organisation/) });
    // Each PostgreSQL span descends from the service's handling span, and carries no parameter values.
    const descendsFromHandling = (span: OtlpSpan): boolean => span.parentSpanId === handling?.spanId || (span.parentSpanId !== undefined && byId.has(span.parentSpanId) && descendsFromHandling(byId.get(span.parentSpanId) as OtlpSpan));
    const inserts = queries.filter((q) => descendsFromHandling(q) && /INSERT/i.test(q.attributes.find((a) => a.key === 'db.statement')?.value.stringValue ?? ''));
    expect(inserts.length).toBeGreaterThan(0);
    expect(JSON.stringify(trace)).not.toContain('追踪测试中心');
    expect(exportPaths[0]).toMatch(/^POST \/v1\/traces application\/json/);
  });
});
