/**
 * Scenario (d), orchestrator side: the bench schema with tables of the platform's shape, and the
 * bench's own JetStream stream.
 */
import { connect, RetentionPolicy, StorageType, type JetStreamManager } from 'nats';
import type { Pool } from 'pg';
import { createServiceDataSource, migrateSchema } from '@yiti/platform';
import { recreateBenchTable } from './org-table';
import { ORCHESTRATOR_APP } from './pg-activity';
import { BENCH_SCHEMA, BENCH_STREAM, BENCH_STREAM_SUBJECTS } from './same-work';

/**
 * Drops the bench schema and rebuilds it: the baselines' organisation table, and outbox,
 * audit_log (and inbox, dead_letter) from the platform's own migration, so (d) writes into
 * exactly the columns, constraints and indexes identity writes into.
 */
export async function recreateBenchSchema(pool: Pool, databaseUrl: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`);
  await migrateSchema(createServiceDataSource({ url: databaseUrl, schema: BENCH_SCHEMA, entities: [], migrations: [], poolSize: 1, applicationName: ORCHESTRATOR_APP }));
  await recreateBenchTable(pool);
}

async function withJetStream<T>(natsUrl: string, work: (jsm: JetStreamManager) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'bench-orchestrator' });
  try {
    return await work(await nc.jetstreamManager());
  } finally {
    await nc.close();
  }
}

/** Creates BENCH_EVENTS (file storage, the platform's 10-minute duplicate window), or empties it. */
export function prepareBenchStream(natsUrl: string): Promise<void> {
  return withJetStream(natsUrl, async (jsm) => {
    const exists = await jsm.streams.info(BENCH_STREAM).then(() => true, () => false);
    if (exists) {
      await jsm.streams.purge(BENCH_STREAM);
      return;
    }
    await jsm.streams.add({
      name: BENCH_STREAM,
      subjects: [BENCH_STREAM_SUBJECTS],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      duplicate_window: 10 * 60 * 1e9,
    });
  });
}

export function benchStreamMessages(natsUrl: string): Promise<number> {
  return withJetStream(natsUrl, async (jsm) => (await jsm.streams.info(BENCH_STREAM)).state.messages);
}

export function deleteBenchStream(natsUrl: string): Promise<void> {
  return withJetStream(natsUrl, async (jsm) => {
    await jsm.streams.delete(BENCH_STREAM);
  });
}

/** Rows of bench.outbox the minimal relay has published. */
export async function publishedBenchOutbox(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${BENCH_SCHEMA}.outbox WHERE published_at IS NOT NULL`);
  return Number(rows[0]?.n ?? 0);
}
