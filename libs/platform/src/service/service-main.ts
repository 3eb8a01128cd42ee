import type { DataSource } from 'typeorm';
import type { NatsConnection } from 'nats';
import { EVENT_STREAM } from '@yiti/contracts';
import type { BaseServiceConfig } from '../config/config';
import { readFile } from 'node:fs/promises';
import { ensureDatabase, migrateServiceSchema } from '../database/data-source';
import { connectNats } from '../nats/nats-connection';
import { rebaseAuditSealing } from '../audit/audit-sealing';
import { AuditMacKeys } from '../audit/audit-chain';
import { parseAnchorLines, readAnchors, type AuditAnchor } from '../audit/audit-anchors';
import { deleteEventStream, listDeadLetters, markOutboxForRepublish, replayDeadLetters, verifyAuditChains } from '../ops/ops-commands';

export interface ServiceCommand {
  /** One line for the usage message. */
  usage: string;
  /** Runs with the service's data source initialised; returns false when the command found something wrong (exit code 1). */
  run(dataSource: DataSource, args: string[]): Promise<boolean>;
}

export interface ServiceMainOptions {
  serviceName: string;
  schema: string;
  config: Pick<BaseServiceConfig, 'DATABASE_URL' | 'DATABASE_OWNER_URL' | 'NATS_URL' | 'NATS_SUBJECT_PREFIX' | 'AUDIT_MAC_KEY' | 'AUDIT_MAC_PREVIOUS_KEYS'>;
  /** A new, not yet initialised data source of the service's schema. */
  dataSource(): DataSource;
  serve(): Promise<unknown>;
  /** The service's own commands, besides the platform's. */
  commands?: Record<string, ServiceCommand>;
}

/** JSON lines on stdout: what an operator's scripts read. */
export const printJson = (value: unknown) => console.log(JSON.stringify(value));

/**
 * What every service's `main` does with its first argument: `serve` (the default), `migrate`, and
 * the operator's commands `verify-audit [county…]`, `dead-letters`, `replay-dead-letters <id…|all>`,
 * plus the service's own.
 */
export async function runServiceMain(options: ServiceMainOptions, argv: string[] = process.argv.slice(2)): Promise<void> {
  const [command = 'serve', ...args] = argv;
  const withDataSource = async (work: (ds: DataSource) => Promise<boolean>) => {
    const ds = await options.dataSource().initialize();
    try {
      if (!(await work(ds))) process.exitCode = 1;
    } finally {
      await ds.destroy();
    }
  };
  const withNats = async <T>(work: (nc: NatsConnection) => Promise<T>): Promise<T> => {
    const nc = await connectNats(options.config.NATS_URL, `${options.serviceName}-ops`);
    try {
      return await work(nc);
    } finally {
      await nc.drain();
    }
  };
  const keys = () => new AuditMacKeys(options.config.AUDIT_MAC_KEY, options.config.AUDIT_MAC_PREVIOUS_KEYS);
  const anchorsOf = async (file: string | undefined): Promise<AuditAnchor[]> =>
    file === undefined ? withNats((nc) => readAnchors(nc, options.schema, options.config.NATS_SUBJECT_PREFIX)) : parseAnchorLines(await readFile(file, 'utf8'), options.schema);
  const commands: Record<string, ServiceCommand> = {
    'verify-audit': {
      usage: 'verify-audit [--anchors <file>|--no-anchors] [county code…]  recompute the audit chains and check them against the anchors (the stream\'s, or an exported file); exit 1 if one is broken',
      async run(ds, args) {
        const fileAt = args.indexOf('--anchors');
        const file = fileAt >= 0 ? args[fileAt + 1] : undefined;
        if (fileAt >= 0 && file === undefined) throw new Error('verify-audit --anchors needs the file exported by export-audit-anchors');
        const counties = args.filter((a, i) => !a.startsWith('--') && (fileAt < 0 || i !== fileAt + 1));
        const anchors = args.includes('--no-anchors') ? undefined : await anchorsOf(file);
        const results = await verifyAuditChains(ds, options.schema, keys(), counties, anchors);
        results.forEach((r) => printJson({ service: options.serviceName, audit: r }));
        // Nothing to verify is never "valid": a wrong county code, service or database must not pass silently.
        if (results.length === 0) throw new Error(`${options.serviceName} has no audit rows: nothing verified (wrong service or database?)`);
        const empty = results.filter((r) => r.checked === 0 && r.unsealed === 0 && r.skipped === 0 && !r.anchorCheck?.anchors);
        if (empty.length > 0) throw new Error(`no audit rows for county ${empty.map((r) => r.countyCode).join(', ')} in ${options.serviceName}: nothing verified`);
        return results.every((r) => r.valid);
      },
    },
    'export-audit-anchors': {
      usage: 'export-audit-anchors           print the latest published audit anchor of every county (JSON lines), for the auditor to keep',
      async run() {
        (await anchorsOf(undefined)).forEach((anchor) => printJson({ service: options.serviceName, anchor }));
        return true;
      },
    },
    'dead-letters': {
      usage: 'dead-letters                   list the events consumers gave up on, not yet replayed',
      async run(ds) {
        (await listDeadLetters(ds, options.schema)).forEach((d) => printJson({ service: options.serviceName, deadLetter: d }));
        return true;
      },
    },
    'replay-dead-letters': {
      usage: 'replay-dead-letters <id…|all>  put dead-lettered events back on the stream once their fault is mended',
      async run(ds, ids) {
        if (ids.length === 0) throw new Error('replay-dead-letters needs dead letter ids (see dead-letters) or "all"');
        return withNats(async (nc) => {
          const outcomes = await replayDeadLetters(ds, nc, options.schema, ids.includes('all') ? 'all' : ids);
          outcomes.forEach((o) => printJson({ service: options.serviceName, replay: o }));
          const missing = ids.includes('all') ? [] : ids.filter((id) => !outcomes.some((o) => o.id === id));
          if (missing.length > 0) throw new Error(`no dead letter waiting with id ${missing.join(', ')} in ${options.serviceName} (unknown, or replayed already: see dead-letters)`);
          return outcomes.every((o) => o.outcome === 'republished');
        });
      },
    },
    'rebase-audit-sealing': {
      usage: 'rebase-audit-sealing           after restoring a dump onto another server: seal what the dump held unsealed, restart the sealer in this server\'s transaction ids',
      async run(ds) {
        printJson({ service: options.serviceName, rebasedAuditSealing: { sealed: await rebaseAuditSealing(ds, options.schema, keys()) } });
        return true;
      },
    },
    'republish-outbox': {
      usage: 'republish-outbox               after a restore: mark the retained outbox events unpublished, so that the relay publishes them again',
      async run(ds) {
        printJson({ service: options.serviceName, republish: await markOutboxForRepublish(ds, options.schema) });
        return true;
      },
    },
    'delete-event-stream': {
      usage: `delete-event-stream --confirm  after a restore, once for the deployment: delete ${EVENT_STREAM} with its consumers (the services make them again at start)`,
      run: (_ds, args) => {
        if (!args.includes('--confirm')) throw new Error(`delete-event-stream deletes ${EVENT_STREAM} and every consumer of it, for every service: run it only while restoring, with --confirm`);
        return withNats(async (nc) => {
          const deleted = await deleteEventStream(nc);
          printJson({ service: options.serviceName, deletedStream: EVENT_STREAM, deleted });
          return true;
        });
      },
    },
    ...options.commands,
  };
  if (command === 'serve') {
    await options.serve();
    return;
  }
  if (command === 'migrate') {
    await ensureDatabase(options.config.DATABASE_OWNER_URL || options.config.DATABASE_URL);
    printJson({ service: options.serviceName, migrated: await migrateServiceSchema(options.dataSource(), options.config) });
    return;
  }
  const chosen = commands[command];
  if (!chosen) {
    const usage = ['serve                          (default) run the service', 'migrate                        create the database if needed and apply pending migrations', ...Object.values(commands).map((c) => c.usage)];
    throw new Error(`unknown command "${command}"; ${options.serviceName} takes:\n  ${usage.join('\n  ')}`);
  }
  await withDataSource((ds) => chosen.run(ds, args));
}
