import { AsyncResource } from 'node:async_hooks';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseQueryString } from 'node:querystring';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { HEADER_CORRELATION_ID, type ErrorCode } from '@yiti/contracts';
import { DomainException, RawJson, SpanKind, acceptOrCreateCorrelationId, endSpan, logHttpRequest, runWithContext, startSpan, withSpan, type Metrics, type Span } from '@yiti/platform';
import type { GatewayConfig } from '../config';
import { assertNoHostileInput, parseJsonBody } from './hostile-input';
import { PROBLEM_CONTENT_TYPE, problemFor } from './problem.filter';
import { markParsedJson } from './validation-pipe';

/**
 * The gateway's HTTP server: Fastify behind Nest, set up to answer like the Express gateway did
 * (routing, bodies, proxies, helmet), with the request id, security headers, request context and
 * metrics as Fastify hooks rather than Nest middleware.
 */

const KB = 1024;
/** Express's urlencoded default; forms are not part of the API, but they were accepted. */
const FORM_BODY_LIMIT = 100 * KB;

export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(kb|mb)$/.exec(limit);
  if (!match) throw new Error(`BODY_LIMIT must look like 512kb or 1mb, not ${limit}`);
  return Number(match[1]) * (match[2] === 'mb' ? KB * KB : KB);
}

/**
 * Helmet's headers, with a CSP that lets Swagger UI (/docs) run. Without helmet's
 * `upgrade-insecure-requests`: a county LAN serves the gateway over plain HTTP, where it made the
 * browser fetch Swagger UI's scripts over https, which nothing serves (a blank page); TLS, where
 * there is some, is a reverse proxy's. Helmet's own middleware, built once: @fastify/helmet builds
 * it again for every request (about 4 % of the gateway's CPU).
 */
const helmetMiddleware = helmet({
  contentSecurityPolicy: {
    directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'script-src': ["'self'"], 'upgrade-insecure-requests': null },
  },
});

/** A header helmet sets (a value) or removes (null). */
type HeaderWrite = [name: string, value: string | number | readonly string[] | null];

/**
 * Helmet's writes, recorded once: with these static options (no directive computed per request)
 * every response gets the same headers, so its fourteen middlewares need not run for each request
 * (about 3 % of the gateway's CPU). null when helmet did not finish synchronously and cleanly; then
 * it runs per request as before.
 */
function recordHelmetWrites(): HeaderWrite[] | null {
  const writes: HeaderWrite[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => writes.push([name, value]),
    removeHeader: (name: string) => writes.push([name, null]),
  };
  let finished = false;
  helmetMiddleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    finished = err === undefined || err === null;
  });
  return finished ? writes : null;
}

const helmetWrites = recordHelmetWrites();

/**
 * Helmet's headers and `Cache-Control: no-store`: answers carry tokens and personal data, which no
 * browser or proxy cache may keep (static Swagger UI files set their own).
 */
export function securityHeaders(req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void {
  res.setHeader('Cache-Control', 'no-store');
  if (!helmetWrites) return helmetMiddleware(req, res, next);
  for (const [name, value] of helmetWrites) {
    if (value === null) res.removeHeader(name);
    else res.setHeader(name, value);
  }
  next();
}

/**
 * What Node's parser refused before there was a request (an over-long URL or header block: 431, a
 * timeout: 408, anything else: 400), answered as problem+json on the socket, as Fastify would in JSON.
 */
function answerClientError(this: unknown, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const code: ErrorCode = error.code === 'HPE_HEADER_OVERFLOW' ? 'REQUEST_HEADER_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
    const { instance: _, ...problem } = problemFor(code, '');
    const body = Buffer.from(JSON.stringify(problem));
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${body.length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n`,
    );
    socket.write(body);
  }
  socket.destroy(error);
}

const kRequestScope = Symbol('yiti.requestScope');
type ScopedRequest = { [kRequestScope]: AsyncResource | null };

export function createGatewayAdapter(config: GatewayConfig): FastifyAdapter {
  const options: FastifyServerOptions = {
    // Same values and meaning as Express's "trust proxy": addresses, subnets or names such as loopback.
    trustProxy: config.TRUST_PROXY,
    bodyLimit: bodyLimitBytes(config.BODY_LIMIT),
    // request.id is the correlation id (X-Request-Id, the access log line, the request context).
    genReqId: (req) => acceptOrCreateCorrelationId(req.headers[HEADER_CORRELATION_ID]),
    // Express's routing: case-insensitive, trailing slash optional.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // A URL the router cannot decode (e.g. /users/%FF): no route, hook or Nest filter runs.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      securityHeaders(request.raw, reply.raw, () => undefined);
      const problem = problemFor('BAD_REQUEST', request.url, { detail: error.message, requestId: request.id });
      void reply.code(problem.status).header('X-Request-Id', request.id).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    },
  };
  options.clientErrorHandler = answerClientError;
  const adapter = new FastifyAdapter(options);
  const fastify = adapter.getInstance();
  // A route answering with a service's reply unchanged (RawJson) sends the JSON text as the service
  // sent it; any other object is serialised as Fastify does without a response schema.
  fastify.setReplySerializer((payload) => (payload instanceof RawJson ? payload.text : JSON.stringify(payload)));
  fastify.decorateRequest('principal', null);
  fastify.decorateRequest(kRequestScope, null);
  // Before Nest middleware (middie), on the Node response: even an answer a middleware ends has them.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.raw.setHeader('X-Request-Id', request.id);
    securityHeaders(request.raw, reply.raw, (err) => done(err as Error | undefined));
  });
  return adapter;
}

/** Bodies as Express's body-parser took them: JSON (strict, an empty body is {}), forms, anything else ignored. */
export function useGatewayBodyParsers(app: NestFastifyApplication, config: GatewayConfig): void {
  const bodyLimit = bodyLimitBytes(config.BODY_LIMIT);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  const json = (_req: unknown, body: Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (body.length === 0) return done(null, markParsedJson({}));
    const text = body.toString('utf8');
    const first = /\S/.exec(text)?.[0];
    try {
      // A SyntaxError with status 400 is what Nest turns into a BadRequestException, as from body-parser.
      if (first !== '{' && first !== '[') throw new SyntaxError(`JSON 请求体须为对象或数组 JSON body must be an object or an array`);
      done(null, markParsedJson(parseJsonBody(text)));
    } catch (error) {
      if (error instanceof DomainException) return done(error);
      done(Object.assign(error as SyntaxError, { status: 400 }));
    }
  };
  app.useBodyParser('application/json', { bodyLimit }, json);
  app.useBodyParser(/^application\/[^;\s]+\+json(;|$)/, { bodyLimit }, json);
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    const form = parseQueryString(body.toString('utf8'));
    try {
      assertNoHostileInput(form, 'body');
      done(null, { ...form });
    } catch (error) {
      done(error as DomainException);
    }
  });
  // Any other media type: the body is not read, and the handler sees none (Express: req.body undefined).
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
}

/**
 * Opens the request context (correlation id; AuthGuard adds the actor) in onRequest and keeps it
 * for the handler. The body is read in between, from socket events; rather than rely on the
 * context surviving them, preHandler re-enters it, so guards, interceptors, pipes, the handler and
 * its filters all run inside. onResponse: metrics and the access log line.
 */
const kSpan = Symbol('yiti.span');
const kRoute = Symbol('yiti.route');
type TracedRequest = { [kSpan]?: Span; [kRoute]?: string };

export function useGatewayRequestHooks(app: NestFastifyApplication, metrics: Metrics): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    // A server span per request when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); its context is
    // active for the handler, so the NATS requests it makes carry it.
    // routeOptions is a getter that builds a new object on every read: read once per request.
    const route = request.routeOptions.url ?? 'unmatched';
    (request as unknown as TracedRequest)[kRoute] = route;
    const span = startSpan(`${request.method} ${route}`, SpanKind.SERVER, { 'http.request.method': request.method, 'http.route': route });
    (request as unknown as TracedRequest)[kSpan] = span;
    withSpan(span, () =>
      runWithContext({ correlationId: request.id }, () => {
        (request as unknown as ScopedRequest)[kRequestScope] = new AsyncResource('yiti.request');
        done();
      }),
    );
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const scope = (request as unknown as ScopedRequest)[kRequestScope];
    if (scope) scope.runInAsyncScope(done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    // By route pattern (not raw URL, to keep label cardinality low).
    const route = (request as unknown as TracedRequest)[kRoute] ?? request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    const span = (request as unknown as TracedRequest)[kSpan];
    span?.setAttribute('http.response.status_code', reply.statusCode);
    endSpan(span, reply.statusCode >= 500 ? `HTTP ${reply.statusCode}` : undefined);
    const userId = (request as unknown as { principal?: { actor: { userId: string } } | null }).principal?.actor.userId;
    logHttpRequest({ id: request.id, method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: reply.elapsedTime, userId });
    done();
  });
}
