import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { MsgHdrs } from 'nats';

/**
 * OpenTelemetry traces, gateway → NATS → service → PostgreSQL, when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set. Off by default: the SDK is then never loaded, and every hook below is one boolean test.
 * The trace context crosses NATS in the message headers (W3C `traceparent`, `tracestate`);
 * PostgreSQL spans carry the statement text, never its parameters (personal data).
 */

interface TracingState {
  tracer: Tracer;
  flush: () => Promise<void>;
  shutdown: () => Promise<void>;
}

let state: TracingState | null = null;
let starting: string | null = null;

/** True once startTracing has configured an exporter in this process. */
export function tracingEnabled(): boolean {
  return state !== null;
}

/**
 * Starts tracing for the process (once: later calls with the same endpoint do nothing; the specs
 * start several services in one process). `serviceName` names the process's resource (in such a
 * process, the first service's).
 */
export function startTracing(serviceName: string, endpoint: string): void {
  if (endpoint === '' || starting === endpoint) return;
  if (state) throw new Error(`tracing already exports to ${starting}; one endpoint per process`);
  // Loaded here, only when tracing is on.
  const { JsonTraceSerializer } = require('@opentelemetry/otlp-transformer') as typeof import('@opentelemetry/otlp-transformer');
  const exporter = otlpHttpJsonExporter(`${endpoint.replace(/\/$/, '')}/v1/traces`, (spans) => JsonTraceSerializer.serializeRequest(spans as never) ?? new Uint8Array());
  startTracingWithExporter(serviceName, exporter, endpoint);
}

/**
 * Starts tracing for the process with the given exporter (startTracing's OTLP one; a spec's
 * in-memory exporter). `label` names the destination for the one-endpoint-per-process check.
 */
export function startTracingWithExporter(serviceName: string, exporter: SpanExporter, label = 'an exporter of the process'): void {
  if (state) throw new Error(`tracing already exports to ${starting}; one endpoint per process`);
  starting = label;
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.namespace': 'yiti' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  instrumentPg();
  state = { tracer: trace.getTracer('yiti'), flush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}

/**
 * OTLP/HTTP with JSON bodies (the protocol's `http/json`), serialised by OpenTelemetry's own
 * otlp-transformer and sent with fetch. (The exporter package loads node:http with a dynamic
 * import(), which the specs' CommonJS runtime cannot run.) A failed export is dropped, as the SDK's
 * exporters do after their retries: tracing never holds the service back.
 */
/** ExportResultCode's values, without loading @opentelemetry/core while tracing is off. */
const SUCCESS = 0 as ExportResultCode;
const FAILED = 1 as ExportResultCode;

function otlpHttpJsonExporter(url: string, serialize: (spans: ReadableSpan[]) => Uint8Array): SpanExporter {
  const pending = new Set<Promise<unknown>>();
  return {
    export(spans, done) {
      const sent = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: serialize(spans), signal: AbortSignal.timeout(10_000) })
        .then(async (response) => {
          await response.arrayBuffer();
          done(response.ok ? { code: SUCCESS } : { code: FAILED, error: new Error(`OTLP endpoint answered ${response.status}`) });
        })
        .catch((error: unknown) => done({ code: FAILED, error: error instanceof Error ? error : new Error(String(error)) }));
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    },
    async forceFlush() {
      await Promise.all([...pending]);
    },
    async shutdown() {
      await Promise.all([...pending]);
    },
  };
}

const kTraced = Symbol.for('yiti.tracing.pg');
type QueryFn = (this: unknown, ...args: unknown[]) => unknown;

/**
 * A client span per PostgreSQL query (pg's Client.query, which TypeORM and pg-pool call), with the
 * statement text (parameters are never recorded). Patched once per loaded `pg`; a no-op while
 * tracing is off.
 */
function instrumentPg(): void {
  const proto = (require('pg') as { Client: { prototype: Record<string | symbol, unknown> } }).Client.prototype;
  if (proto[kTraced]) return;
  const original = proto.query as QueryFn;
  proto[kTraced] = true;
  proto.query = function tracedQuery(this: unknown, ...args: unknown[]): unknown {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    if (!state || typeof text !== 'string') return original.apply(this, args);
    const span = startSpan(`pg ${(/^\s*(\w+)/.exec(text)?.[1] ?? 'query').toUpperCase()}`, SpanKind.CLIENT, { 'db.system': 'postgresql', 'db.statement': text.slice(0, 4000) });
    const callback = args.findIndex((arg) => typeof arg === 'function');
    if (callback >= 0) {
      const done = args[callback] as (error: unknown, result: unknown) => unknown;
      args[callback] = (error: unknown, result: unknown) => {
        endSpan(span, error ?? undefined);
        return done(error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => endSpan(span),
        (error: unknown) => endSpan(span, error),
      );
    } else endSpan(span);
    return result;
  };
}

/** Sends the spans recorded so far (a spec, a shutdown). */
export async function flushTracing(): Promise<void> {
  await state?.flush();
}

/** Stops tracing (specs): flushes, then forgets the provider. */
export async function stopTracing(): Promise<void> {
  const current = state;
  state = null;
  starting = null;
  await current?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Starts a span (when tracing is on) as a child of `parent` or the active context. */
export function startSpan(name: string, kind: SpanKind, attributes: Record<string, string | number>, parent?: Context): Span | undefined {
  if (!state) return undefined;
  return state.tracer.startSpan(name, { kind, attributes }, parent ?? context.active());
}

/** Ends a span, marking it failed when `error` is given. */
export function endSpan(span: Span | undefined, error?: unknown): void {
  if (!span) return;
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : new Error(String(error)));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Runs `fn` with `span` active (its children's parent); without a span, just runs it. */
export function withSpan<T>(span: Span | undefined, fn: () => T): T {
  if (!span) return fn();
  return context.with(trace.setSpan(context.active(), span), fn);
}

const natsGetter = {
  keys: (carrier: MsgHdrs) => carrier.keys(),
  get: (carrier: MsgHdrs, key: string) => carrier.get(key) || undefined,
};
const natsSetter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };

/** Writes the span's trace context into NATS headers (`traceparent`, `tracestate`). */
export function injectTraceHeaders(headers: MsgHdrs, span: Span | undefined): void {
  if (!span) return;
  propagation.inject(trace.setSpan(context.active(), span), headers, natsSetter);
}

/** The trace context a NATS message carries (the active one when it has none). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return headers ? propagation.extract(context.active(), headers, natsGetter) : context.active();
}

/**
 * The active trace context as W3C headers (`traceparent`, `tracestate`), to be kept with an outbox
 * row so that the relay's publish and the consumers' handling continue the trace that wrote the
 * event; null when tracing is off or nothing is being traced.
 */
export function currentTraceHeaders(): Record<string, string> | null {
  if (!state) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'] ? carrier : null;
}

/** The trace context kept with an outbox row (currentTraceHeaders), or undefined when it has none. */
export function storedTraceContext(headers: Record<string, unknown> | null | undefined): Context | undefined {
  if (!state || !headers || typeof headers['traceparent'] !== 'string') return undefined;
  return propagation.extract(context.active(), headers as Record<string, string>);
}

export { SpanKind };
export type { Span } from '@opentelemetry/api';
