import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { acceptOrCreateCorrelationId, currentContext } from '../context/request-context';
import { HEADER_CORRELATION_ID } from '@yiti/contracts';

/** pino JSON logs; every line carries the correlation id of the request it belongs to. */
export function loggerParams(serviceName: string, level: string, logHttpRequests: boolean): Params {
  return {
    // A named wildcard: Nest 11's path-to-regexp rejects a bare '*'.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { service: serviceName },
      messageKey: 'msg',
      mixin: () => {
        const context = currentContext();
        return context ? { correlationId: context.correlationId, userId: context.actor?.userId } : {};
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken'], censor: '[redacted]' },
      // originalUrl: mounted middleware (Express routers, Fastify's middie) sees req.url without its mount path.
      autoLogging: logHttpRequests ? { ignore: (req) => /^\/(health|metrics)/.test((req as { originalUrl?: string }).originalUrl ?? req.url ?? '') } : false,
      // Not called when the server already set req.id (the gateway's Fastify genReqId makes it the correlation id).
      genReqId: (req, res) => {
        const id = acceptOrCreateCorrelationId(req.headers[HEADER_CORRELATION_ID]) || randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: (req) => ({ correlationId: req.id }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
