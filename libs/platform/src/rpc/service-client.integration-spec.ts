import { connect, type NatsConnection } from 'nats';
import { SubjectDefinition } from '@yiti/contracts';
import { DomainException } from '../errors/domain-exception';
import type { BaseServiceConfig } from '../config/config';
import { ServiceClient } from './service-client';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const subject = <Res>(name: string) => new SubjectDefinition<unknown, Res>(name, null);

describe('ServiceClient over NATS', () => {
  let nc: NatsConnection;
  let responder: NatsConnection;
  let client: ServiceClient;
  const prefix = `spec${Date.now().toString(36)}.`;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    responder = await connect({ servers: NATS_URL });
    client = new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 2000 } as BaseServiceConfig);
    responder.subscribe(`${prefix}echo`, {
      callback: (_err, msg) => {
        const packet = JSON.parse(msg.string()) as { id: string; data: { data: unknown; correlationId: string } };
        msg.respond(JSON.stringify({ id: packet.id, response: { echoed: packet.data.data, correlationId: packet.data.correlationId, header: msg.headers?.get('x-request-id') }, isDisposed: true }));
      },
    });
    responder.subscribe(`${prefix}fails`, {
      callback: (_err, msg) => msg.respond(JSON.stringify({ err: { code: 'NOT_FOUND', detail: 'nothing here' }, isDisposed: true })),
    });
    // As Nest's NATS server lays out a reply; the answer's text kept as sent (spaces included).
    responder.subscribe(`${prefix}nest-layout`, {
      callback: (_err, msg) => {
        const packet = JSON.parse(msg.string()) as { id: string };
        msg.respond(`{"response":{"name": "张三", "n": [1, 2]},"isDisposed":true,"id":${JSON.stringify(packet.id)}}`);
      },
    });
    responder.subscribe(`${prefix}silent`, { callback: () => undefined });
    await responder.flush();
  });

  afterAll(async () => {
    await responder.close();
    await nc.close();
  });

  it('answers each of many concurrent requests with its own reply', async () => {
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => client.request(subject<{ echoed: { i: number }; correlationId: string; header: string }>('echo'), { i })));
    replies.forEach((reply, i) => {
      expect(reply.echoed).toEqual({ i });
      expect(reply.header).toBe(reply.correlationId);
    });
  });

  it("raises the callee's error, 503 when no one serves the subject and 504 when no one answers in time", async () => {
    await expect(client.request(subject('fails'), {})).rejects.toMatchObject({ code: 'NOT_FOUND', detail: 'nothing here' });
    await expect(client.request(subject('nobody-serves-this'), {})).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const started = Date.now();
    const silent = await client.request(subject('silent'), {}, { timeoutMs: 200 }).catch((error: unknown) => error);
    expect(silent).toBeInstanceOf(DomainException);
    expect(silent).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(client.request(subject<{ echoed: unknown }>('echo'), 'after')).resolves.toMatchObject({ echoed: 'after' });
  });

  it('requestRaw: the answer as the JSON text the service sent, or as request() reads any other reply', async () => {
    expect((await client.requestRaw(subject<object>('nest-layout'), {})).text).toBe('{"name": "张三", "n": [1, 2]}');
    expect(await client.request(subject<object>('nest-layout'), {})).toEqual({ name: '张三', n: [1, 2] });
    // Another layout (keys in another order): parsed and written again.
    const echoed = JSON.parse((await client.requestRaw(subject<object>('echo'), { i: 1 })).text) as { echoed: unknown };
    expect(echoed.echoed).toEqual({ i: 1 });
    await expect(client.requestRaw(subject<object>('fails'), {})).rejects.toMatchObject({ code: 'NOT_FOUND', detail: 'nothing here' });
    await expect(client.requestRaw(subject<object>('nobody-serves-this'), {})).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });
});
