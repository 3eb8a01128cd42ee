import { connect, type NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { AuditMacKeys } from '@yiti/platform';
import { OpsError, Output, type OpsIo } from './output';

/** The defaults every service has (BaseServiceConfig): a local PostgreSQL and NATS. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/yiti';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** A URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

/**
 * What a command needs from its environment, read only when it runs (so `--help` needs none):
 * the database as its owner (DATABASE_OWNER_URL, else DATABASE_URL: the CLI reads every schema),
 * NATS, the subject prefix and the keys.
 */
export class OpsContext {
  readonly out: Output;

  constructor(
    readonly io: OpsIo,
    json: boolean,
  ) {
    this.out = new Output(io, json);
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  databaseUrl(): string {
    return this.env.DATABASE_OWNER_URL || this.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  }

  natsUrl(): string {
    return this.env.NATS_URL || DEFAULT_NATS_URL;
  }

  subjectPrefix(): string {
    return this.env.NATS_SUBJECT_PREFIX ?? '';
  }

  /** A variable the command cannot do without, or a clear failure naming it. */
  required(name: string, why: string): string {
    const value = this.env[name];
    if (!value) throw new OpsError(`set ${name}: ${why}`, 2);
    return value;
  }

  auditKeys(): AuditMacKeys {
    const key = this.required('AUDIT_MAC_KEY', 'the audit chain is sealed and verified with it (the services\' key)');
    const previous = (this.env.AUDIT_MAC_PREVIOUS_KEYS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
    return new AuditMacKeys(key, previous);
  }

  /** A plain connection to the database (no schema of its own), closed after the work. */
  async withDatabase<T>(work: (ds: DataSource) => Promise<T>, url = this.databaseUrl()): Promise<T> {
    const ds = new DataSource({ type: 'postgres', url, logging: false, applicationName: 'yiti-ops', extra: { max: 2, connectionTimeoutMillis: 5000 } });
    try {
      await ds.initialize();
    } catch (error) {
      throw new OpsError(`cannot reach PostgreSQL at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)} (set DATABASE_OWNER_URL or DATABASE_URL)`);
    }
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
    }
  }

  /** A NATS connection that fails fast (no endless reconnecting for a one-shot command). */
  async connectNats(): Promise<NatsConnection> {
    try {
      return await connect({ servers: this.natsUrl().split(','), name: 'yiti-ops', timeout: 3000, maxReconnectAttempts: 0 });
    } catch (error) {
      throw new OpsError(`cannot reach NATS at ${redactUrl(this.natsUrl())}: ${error instanceof Error ? error.message : String(error)} (set NATS_URL)`);
    }
  }

  async withNats<T>(work: (nc: NatsConnection) => Promise<T>): Promise<T> {
    const nc = await this.connectNats();
    try {
      return await work(nc);
    } finally {
      await nc.drain().catch(() => undefined);
    }
  }
}
