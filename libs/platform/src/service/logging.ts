import { PinoLogger, type Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import { currentContext } from '../context/request-context';

/**
 * The fields a log line may carry: an allow-list, so that nothing a caller passes by mistake (a
 * command, an entity, query parameters with names, ID numbers and phones) reaches the log. Any
 * other field is written as `[redacted]`.
 */
export const LOGGED_FIELDS = new Set([
  'service', 'context', 'correlationId', 'userId', 'req', 'res', 'responseTime', 'err', 'errorId',
  'subject', 'deliveries', 'consumer', 'eventId', 'applicationId', 'schema', 'count',
]);

/** What of an error is logged: its kind, codes and where it came from; never a driver's `parameters`, `query` or `detail`. */
const ERROR_FIELDS = ['type', 'message', 'stack', 'code', 'constraint', 'table', 'column', 'errorId'];

/**
 * Long digit runs in free text (an error message quoting a value): ID numbers (18), credit codes,
 * phones (11). Masked, keeping the first three: a message stays readable, the value does not.
 */
export const maskDigitRuns = (text: string) => text.replace(/\d{3}\d{5,}[0-9X]*/g, (run) => `${run.slice(0, 3)}…[${run.length}]`);

function allowedFields(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) out[key] = LOGGED_FIELDS.has(key) ? value : '[redacted]';
  return out;
}

export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error, message: '[redacted]' };
  const full = stdSerializers.err(error) as unknown as Record<string, unknown>;
  const driver = (error as { driverError?: Record<string, unknown> }).driverError ?? {};
  const out: Record<string, unknown> = {};
  for (const key of ERROR_FIELDS) {
    const value = full[key] ?? driver[key];
    if (value !== undefined) out[key] = typeof value === 'string' ? maskDigitRuns(value) : value;
  }
  return out;
}

/** The path only: a query string may carry personal data (and must not: see POST /applications/search). */
export const pathOf = (url: string) => url.split('?')[0] ?? url;

/**
 * pino JSON logs; every line carries the correlation id of the request it belongs to (from the
 * request context, see the mixin).
 *
 * No pino-http middleware: for every request it built two child loggers, serialising and redacting
 * the request, whether or not anything was then logged (about 8 % of the gateway's CPU, at the
 * default level as at warn). The gateway writes its access line itself, `logHttpRequest`, from a
 * Fastify onResponse hook; the services' HTTP port serves only health and metrics, never logged.
 */
export function loggerParams(serviceName: string, level: string): Params {
  const options = {
      level,
      base: { service: serviceName },
      messageKey: 'msg',
      mixin: () => {
        const context = currentContext();
        return context ? { correlationId: context.correlationId, userId: context.actor?.userId } : {};
      },
      formatters: { log: allowedFields },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: pathOf(req.url) }),
        // pino-http hands this pino's own view of `res`, whose statusCode is null unless headersSent
        // (never so for logHttpRequest's plain object): the status is read from the object logged.
        res: (res: { statusCode: number | null; raw?: { statusCode?: number } }) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
        err: serializeError,
      },
  };
  return { forRoutes: [], pinoHttp: logDestination.stream ? [options, logDestination.stream] : options };
}

/** Where services started in this process write their logs: stdout, unless a spec captures them. */
export const logDestination: { stream?: { write(line: string): void } } = {};

const NOT_LOGGED = /^\/(health|metrics)/;

export interface HttpRequestLine {
  /** The correlation id. */
  id: string;
  method: string;
  url: string;
  statusCode: number;
  responseTimeMs: number;
  userId?: string;
}

/**
 * One access line per HTTP request, at info, with the fields pino-http wrote: `req` (id, method,
 * url), `res` (statusCode), `responseTime`, the correlation id, and an `err` on a 5xx ("request
 * errored"). Health and metrics are not logged. Builds nothing when info is not enabled.
 */
export function logHttpRequest(line: HttpRequestLine): void {
  const logger = PinoLogger.root;
  if (!logger?.isLevelEnabled('info') || NOT_LOGGED.test(line.url)) return;
  const fields = {
    correlationId: line.id,
    userId: line.userId,
    req: { id: line.id, method: line.method, url: pathOf(line.url) },
    res: { statusCode: line.statusCode },
    responseTime: Math.round(line.responseTimeMs),
  };
  if (line.statusCode >= 500) logger.info({ ...fields, err: new Error(`failed with status code ${line.statusCode}`) }, 'request errored');
  else logger.info(fields, 'request completed');
}
