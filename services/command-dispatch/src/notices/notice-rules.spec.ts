import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { criteriaProblems, deliveryId, recipientKindOf, smsMessage } from './notice-rules';
import { postToWebhook } from './sms-webhook';

describe('targeted notice rules (精准推送)', () => {
  it('selects households unless a resident criterion is named', () => {
    expect(recipientKindOf({ gridCodes: ['320585102001001'], householdFlags: ['low_income'] })).toBe('household');
    expect(recipientKindOf({ ageBand: { min: 18, max: 45 } })).toBe('resident');
    expect(recipientKindOf({ residentFlags: ['unemployed'] })).toBe('resident');
  });

  it('refuses an upside-down age band and grids of another town', () => {
    expect(criteriaProblems({ ageBand: { min: 50, max: 18 }, gridCodes: ['320585103001001'] }, '320585102').map((p) => p.field)).toEqual(['criteria.ageBand', 'criteria.gridCodes']);
    expect(criteriaProblems({ gridCodes: ['320585102001001'] }, '320585')).toEqual([]);
  });

  it('gives one stable delivery id per notice and recipient', () => {
    expect(deliveryId('n1', 'r1')).toBe(deliveryId('n1', 'r1'));
    expect(deliveryId('n1', 'r1')).not.toBe(deliveryId('n1', 'r2'));
  });
});

describe('SMS webhook adapter', () => {
  let server: Server;
  let url: string;
  const received: { body: unknown; key: string | undefined }[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(data), key: req.headers['idempotency-key'] as string | undefined });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the message with its delivery id as idempotency key, and reports a refusal', async () => {
    const message = smsMessage('n1', { kind: 'household', id: 'h1', gridCode: '320585102001001' }, '招聘信息');
    expect(await postToWebhook(url, message)).toEqual({ ok: true });
    expect(received).toEqual([{ body: message, key: message.deliveryId }]);
    status = 503;
    expect(await postToWebhook(url, message)).toEqual({ ok: false, reason: 'HTTP 503' });
    expect(await postToWebhook('http://127.0.0.1:1/none', message, 500)).toMatchObject({ ok: false });
  });
});
