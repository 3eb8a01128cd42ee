import { SubjectDefinition } from '@yiti/contracts';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import type { BaseServiceConfig } from '../config/config';
import { DomainException } from '../errors/domain-exception';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';
import { ServiceClient } from '../rpc/service-client';
import { NamespacedNatsServer } from './namespaced-nats-server';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

@Controller()
class RepliesController {
  @MessagePattern('huge')
  huge(): string {
    return 'x'.repeat(2 * 1024 * 1024);
  }

  @MessagePattern('unserialisable')
  unserialisable(): unknown {
    return { count: BigInt(1) };
  }

  @MessagePattern('fine')
  fine(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [RepliesController] })
class RepliesModule {}

/** Replies that cannot be sent become error replies, and the server goes on answering. */
describe('NamespacedNatsServer reply path', () => {
  const prefix = `replies${Date.now().toString(36)}.`;
  let service: INestMicroservice;
  let nc: NatsConnection;
  let client: ServiceClient;

  beforeAll(async () => {
    service = await NestFactory.createMicroservice(RepliesModule, { strategy: new NamespacedNatsServer({ servers: NATS_URL, queue: 'replies' }, prefix), logger: false });
    service.useGlobalFilters(new RpcErrorFilter());
    await service.listen();
    nc = await connect({ servers: NATS_URL });
    client = new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 5000 } as BaseServiceConfig);
  });

  afterAll(async () => {
    await nc?.close();
    await service?.close();
  });

  const failure = (subject: string) => client.request(new SubjectDefinition(subject, null), {}).then(() => null, (error: unknown) => error as DomainException);

  it('answers REPLY_TOO_LARGE naming max_payload for a reply over it, INTERNAL for one it cannot serialise, then answers the next request', async () => {
    const tooLarge = await failure('huge');
    expect(tooLarge?.code).toBe('REPLY_TOO_LARGE');
    expect(tooLarge?.detail).toContain(`max_payload ${nc.info?.max_payload} bytes`);

    const unserialisable = await failure('unserialisable');
    expect(unserialisable?.code).toBe('INTERNAL');

    expect(await client.request(new SubjectDefinition('fine', null), {})).toEqual({ ok: true });
  });
});
