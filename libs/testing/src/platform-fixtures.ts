import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { IsInt } from 'class-validator';
import { defineEvent, type EventDefinition } from '@yiti/contracts';
import { connectNats, createServiceDataSource, ensureEventStream, migrateSchema } from '@yiti/platform';
import { TEST_DATABASE_URL, TEST_NATS_URL } from './test-env';

/** A schema of only the platform's own tables (outbox, inbox, dead letters, audit), migrated, on the test database. */
export async function platformSchema(schema: string): Promise<DataSource> {
  const ds = createServiceDataSource({ url: TEST_DATABASE_URL, schema, entities: [], migrations: [] });
  await migrateSchema(ds);
  return ds.initialize();
}

/** A NATS connection made as the services make theirs, with the event stream in place. */
export async function eventBus(name: string): Promise<NatsConnection> {
  const nc = await connectNats(TEST_NATS_URL, name);
  await ensureEventStream(nc);
  return nc;
}

/** The payload of the platform specs' own events. */
export class TestEventPayload {
  @IsInt()
  n: number;
}

/** An event of the platform specs (`yiti.v1.events.test.<name>.v1`), named per run so that runs never meet. */
export function testEvent(name: string): EventDefinition<TestEventPayload> {
  return defineEvent('test', name, 1, TestEventPayload);
}
