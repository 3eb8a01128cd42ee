import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { DataSource, EntityManager } from 'typeorm';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { EVENT_STREAM } from '@yiti/contracts';
import { endSpan, EventConsumer, flushTracing, on, OutboxRelay, SpanKind, startSpan, startTracingWithExporter, stopTracing, Transaction, withSpan } from '@yiti/platform';
import { eventBus, platformSchema, pollUntil, testEvent, type TestEventPayload } from '@yiti/testing';

/**
 * OpenTelemetry across the outbox, against the real PostgreSQL and NATS: the trace a request writes
 * an event in goes on in the relay's publish (after commit, in the relay's own loop) and in the
 * consumer that applies the event, down to the consumer's PostgreSQL queries. The spans are read from
 * the OpenTelemetry SDK's in-memory exporter.
 */

const SCHEMA = 'platform_trace';
const run = randomUUID().slice(0, 8);

describe('traces through the outbox, JetStream and the inbox', () => {
  const exporter = new InMemorySpanExporter();
  let ds: DataSource;
  let nc: NatsConnection;
  let consumer: EventConsumer | undefined;
  const durable = `trace-${run}`;

  beforeAll(async () => {
    startTracingWithExporter('trace-spec', exporter);
    ds = await platformSchema(SCHEMA);
    await ds.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.effect (event_id text PRIMARY KEY)`);
    nc = await eventBus('trace-spec');
  });

  afterAll(async () => {
    await consumer?.stop();
    await (await nc.jetstreamManager()).consumers.delete(EVENT_STREAM, durable).catch(() => undefined);
    await nc?.drain();
    await ds?.destroy();
    await stopTracing();
  });

  const id = (s: ReadableSpan) => s.spanContext().spanId;
  const traceOf = (s: ReadableSpan) => s.spanContext().traceId;

  it('continues the writing request\'s trace in the relay\'s publish and the consumer\'s handling and queries', async () => {
    const event = testEvent(`${run}.traced`);
    const applied: string[] = [];
    consumer = new EventConsumer(ds, nc, {
      schema: SCHEMA,
      name: durable,
      routes: [
        on(event, async (e, em: EntityManager) => {
          await em.query(`INSERT INTO ${SCHEMA}.effect (event_id) VALUES ($1)`, [e.id]);
          applied.push(e.id);
        }),
      ],
      ackWaitMs: 2000,
      inactiveThresholdMs: 60_000,
    });
    await consumer.start();

    // A request emits one event in a unit of work (what every service does), and one is written with no trace at all.
    const request = startSpan('POST /test', SpanKind.SERVER, {});
    const traced = await withSpan(request, () =>
      ds.transaction(async (em) => {
        const tx = new Transaction(em, SCHEMA);
        const envelope = tx.emit(event, { n: 1 } as TestEventPayload, '320585');
        await tx.flush();
        return envelope;
      }),
    );
    endSpan(request);
    const untraced = await ds.transaction(async (em) => {
      const tx = new Transaction(em, SCHEMA);
      const envelope = tx.emit(event, { n: 2 } as TestEventPayload, '320585');
      await tx.flush();
      return envelope;
    });

    const [row]: { headers: Record<string, string> }[] = await ds.query(`SELECT headers FROM ${SCHEMA}.outbox WHERE id = $1`, [traced.id]);
    expect(row?.headers.traceparent).toMatch(new RegExp(`^00-${request?.spanContext().traceId}-${request?.spanContext().spanId}-01$`));
    const [plain]: { headers: Record<string, string> }[] = await ds.query(`SELECT headers FROM ${SCHEMA}.outbox WHERE id = $1`, [untraced.id]);
    expect(plain?.headers).toEqual({});

    // The relay runs outside the request (as after commit in a service).
    await new OutboxRelay(ds, nc, { schema: SCHEMA }).drain();
    await pollUntil(async () => applied, (ids) => ids.includes(traced.id) && ids.includes(untraced.id), { what: 'both events applied', timeoutMs: 15_000 });

    const spans = (await pollUntil(
      async () => {
        await flushTracing();
        return exporter.getFinishedSpans();
      },
      (found) => found.filter((s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.consumer.group.name'] === durable).length >= 2,
      { what: 'the consumer spans exported' },
    )) as ReadableSpan[];

    const root = spans.find((s) => s.name === 'POST /test') as ReadableSpan;
    const publish = spans.find((s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === traced.id);
    const handling = spans.find((s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.message.id'] === traced.id);
    expect({ publish: publish?.name, trace: publish && traceOf(publish), parent: publish?.parentSpanContext?.spanId }).toEqual({ publish: `${event.subject} publish`, trace: traceOf(root), parent: id(root) });
    expect({ handling: handling?.name, trace: handling && traceOf(handling), parent: handling?.parentSpanContext?.spanId }).toEqual({
      handling: `${event.subject} process`,
      trace: traceOf(root),
      parent: publish && id(publish),
    });
    // The consumer's own queries (inbox row, the handler's insert) are in the same trace, under its span.
    const byId = new Map(spans.map((s) => [id(s), s]));
    const under = (s: ReadableSpan, ancestor: ReadableSpan): boolean => {
      const parent = s.parentSpanContext?.spanId;
      return parent === id(ancestor) || (parent !== undefined && byId.has(parent) && under(byId.get(parent) as ReadableSpan, ancestor));
    };
    const effect = spans.filter((s) => s.name === 'pg INSERT' && String(s.attributes['db.statement']).includes(`${SCHEMA}.effect`) && handling && under(s, handling));
    expect(effect).toHaveLength(1);
    expect(traceOf(effect[0] as ReadableSpan)).toBe(traceOf(root));

    // The event written outside any trace: no publish span, and its handling starts a trace of its own.
    expect(spans.some((s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.message.id'] === untraced.id)).toBe(false);
    const alone = spans.find((s) => s.kind === SpanKind.CONSUMER && s.attributes['messaging.message.id'] === untraced.id);
    expect({ parent: alone?.parentSpanContext?.spanId, sameTrace: alone ? traceOf(alone) === traceOf(root) : null }).toEqual({ parent: undefined, sameTrace: false });
  });
});
