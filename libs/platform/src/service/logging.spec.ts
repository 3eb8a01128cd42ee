import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import { logHttpRequest, loggerParams } from './logging';

describe('logHttpRequest', () => {
  it('writes the status code of the response in the access line', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const options = loggerParams('gateway', 'info').pinoHttp as Options;
    // As nestjs-pino's LoggerModule does with the same options.
    (PinoLogger as unknown as { root: unknown }).root = pinoHttp(options, sink).logger;

    logHttpRequest({ id: 'req-1', method: 'GET', url: '/api/v1/organisations', statusCode: 201, responseTimeMs: 3.4 });
    logHttpRequest({ id: 'req-2', method: 'POST', url: '/api/v1/applications', statusCode: 503, responseTimeMs: 1 });

    expect(lines.map((line) => line.res)).toEqual([{ statusCode: 201 }, { statusCode: 503 }]);
    expect(lines[0]).toMatchObject({ req: { id: 'req-1', method: 'GET', url: '/api/v1/organisations' }, responseTime: 3, msg: 'request completed' });
  });
});
