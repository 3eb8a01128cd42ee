import { PinoLogger, type Params } from 'nestjs-pino';
import { currentContext } from '../context/request-context';

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
  return {
    forRoutes: [],
    pinoHttp: {
      level,
      base: { service: serviceName },
      messageKey: 'msg',
      mixin: () => {
        const context = currentContext();
        return context ? { correlationId: context.correlationId, userId: context.actor?.userId } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken'], censor: '[redacted]' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        // pino-http hands this pino's own view of `res`, whose statusCode is null unless headersSent
        // (never so for logHttpRequest's plain object): the status is read from the object logged.
        res: (res: { statusCode: number | null; raw?: { statusCode?: number } }) => ({ statusCode: res.raw?.statusCode ?? res.statusCode }),
      },
    },
  };
}

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
    req: { id: line.id, method: line.method, url: line.url },
    res: { statusCode: line.statusCode },
    responseTime: Math.round(line.responseTimeMs),
  };
  if (line.statusCode >= 500) logger.info({ ...fields, err: new Error(`failed with status code ${line.statusCode}`) }, 'request errored');
  else logger.info(fields, 'request completed');
}
