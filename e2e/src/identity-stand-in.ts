import { randomUUID } from 'node:crypto';
import { connect, type Msg, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AuthorityClient } from '@yiti/authority-client';
import { ServiceClient, type BaseServiceConfig, type PlatformModuleOptions } from '@yiti/platform';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '@yiti/testing';

/**
 * A stand-in for one of identity's responders on the real NATS, under a subject prefix of its own,
 * with an AuthorityClient asking it: the answers, their timing and the number of questions are the
 * spec's. `holdAnswers` keeps the answers back until the returned function lets them go (a question
 * on its way while something else happens).
 */
export interface IdentityStandIn {
  readonly registry: AuthorityClient;
  readonly ds: DataSource;
  readonly nc: NatsConnection;
  readonly prefix: string;
  /** Questions received since the last reset. */
  readonly asked: number;
  holdAnswers(): () => void;
  reset(): void;
  close(): Promise<void>;
}

export async function identityStandIn<Q>(options: { prefixStem: string; subject: string; platform: PlatformModuleOptions; answer: (question: Q) => unknown }): Promise<IdentityStandIn> {
  const prefix = `${options.prefixStem}${randomUUID().slice(0, 8)}.`;
  const ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
  const nc = await connect({ servers: TEST_NATS_URL });
  const responder = await connect({ servers: TEST_NATS_URL });
  let asked = 0;
  let gate: Promise<void> | null = null;
  responder.subscribe(`${prefix}${options.subject}`, {
    callback: (_err, msg: Msg) => {
      asked++;
      const packet = JSON.parse(msg.string()) as { id: string; data: { data: Q } };
      const answer = () => msg.respond(JSON.stringify({ id: packet.id, response: options.answer(packet.data.data), isDisposed: true }));
      if (gate) void gate.then(answer);
      else answer();
    },
  });
  await responder.flush();
  const registry = new AuthorityClient(ds, new ServiceClient(nc, { NATS_SUBJECT_PREFIX: prefix, RPC_TIMEOUT_MS: 2000 } as BaseServiceConfig), options.platform);
  return {
    registry,
    ds,
    nc,
    prefix,
    get asked() {
      return asked;
    },
    holdAnswers() {
      let open = () => undefined as void;
      gate = new Promise<void>((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
    reset() {
      asked = 0;
      gate = null;
    },
    async close() {
      await responder.close();
      await nc.close();
      await ds.destroy();
    },
  };
}
