import { QueryFailedError } from 'typeorm';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp, type Options } from 'pino-http';
import { logHttpRequest, loggerParams, maskDigitRuns, pathOf, serializeError } from './logging';

describe('what a log line may carry', () => {
  it("keeps a database error's kind, code and constraint, never its query, parameters or detail", () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "application_pkey"'), {
      code: '23505',
      constraint: 'application_pkey',
      detail: 'Key (id_number)=(320585199001011234) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO application (name, id_number, phone) VALUES ($1, $2, $3)', ['王隐私', '320585199001011234', '13912345678'], driverError);
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('23505');
    expect(logged).toContain('application_pkey');
    for (const value of ['王隐私', '320585199001011234', '13912345678', 'INSERT INTO']) expect(logged).not.toContain(value);
  });

  it('masks long digit runs in free text and logs a URL without its query string', () => {
    expect(maskDigitRuns('invalid input syntax: "32058519900101123X" or 13912345678')).toBe('invalid input syntax: "320…[18]" or 139…[11]');
    expect(pathOf('/api/v1/applications?applicantIdNumber=320585199001011234')).toBe('/api/v1/applications');
  });
});

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
