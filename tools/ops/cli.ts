import { Command, CommanderError, Option } from 'commander';
import { OpsContext } from './context';
import { OpsError, processIo, type OpsIo } from './output';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new OpsError(`"${value}" is not a whole number`, 2);
  return n;
};

const ENVIRONMENT_HELP = `
Environment (read only by the commands that need it; --help needs none):
  DATABASE_OWNER_URL or DATABASE_URL  the platform's database, as its owner (default postgres://postgres@127.0.0.1:5432/yiti)
  NATS_URL, NATS_SUBJECT_PREFIX       the broker (default nats://127.0.0.1:4222) and the deployment's subject prefix
  AUDIT_MAC_KEY, AUDIT_MAC_PREVIOUS_KEYS   audit verify, restore (sealing)
  JWT_SECRET, PERSONAL_DATA_KEY       checked by doctor against published defaults

Exit codes: 0 done, 1 something is wrong (a failed check, a broken chain, an unknown id, nothing found), 2 bad usage.`;

/**
 * The `yiti-ops` program: every operator's command of the platform. Commands read their environment
 * from `io.env` only when they run, write through `io` (tables, or one JSON document with --json) and
 * fail by throwing an OpsError (a message and an exit code), which `runOps` turns into the exit code.
 */
export function buildProgram(io: OpsIo = processIo()): Command {
  const program = new Command('yiti-ops')
    .description('Yiti 一体 operations: health, versions, migrations, provisioning, backup and restore, audit, dead letters, secrets, support bundles')
    .option('--json', 'one JSON document on stdout instead of tables (no progress bars)')
    .showHelpAfterError('(yiti-ops --help lists the commands)')
    .addHelpText('after', ENVIRONMENT_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  program.enablePositionalOptions(false);

  const ctxOf = (command: Command) => new OpsContext(io, Boolean(command.optsWithGlobals<{ json?: boolean }>().json));
  /** An action that runs with a context; its returned value is not printed (the command writes its own output). */
  const action =
    <A extends unknown[]>(work: (ctx: OpsContext, ...args: A) => Promise<unknown>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      await work(ctxOf(command), ...(args.slice(0, -1) as A));
    };

  program
    .command('doctor')
    .description('check PostgreSQL (version, connections, disk), NATS and JetStream consumers, each service\'s health and version, migrations, backlogs, next year\'s calendar, clock skew and default secrets; exit 1 when something is wrong')
    .addOption(new Option('--stall-seconds <n>', 'a consumer with waiting events and nobody pulling for this long is stopped').default(60).argParser(positiveInt))
    .addOption(new Option('--max-skew-ms <n>', 'largest clock difference tolerated between this machine and the database').default(2000).argParser(positiveInt))
    .option('--consumer-prefix <prefix>', "only event consumers whose name starts with this (default: the deployment's, from NATS_SUBJECT_PREFIX; all without one)")
    .addOption(new Option('--min-free-disk-percent <n>', "warn when PostgreSQL's filesystem has less free than this (percent), fail under half of it").default(15).argParser(positiveInt))
    .option('--pg-data-dir <path>', "PostgreSQL's data directory as mounted here, when the server's own path is not readable from this machine")
    .action(
      action(async (ctx, opts: { stallSeconds: number; maxSkewMs: number; consumerPrefix?: string; minFreeDiskPercent: number; pgDataDir?: string }) =>
        (await import('./commands/doctor')).doctor(ctx, opts),
      ),
    );

  program
    .command('version')
    .description('release, git commit and each schema\'s latest applied migration')
    .option('--offline', 'without the database: release and commit only')
    .action(action(async (ctx, opts: { offline?: boolean }) => (await import('./commands/version')).version(ctx, opts)));

  const migrate = program.command('migrate').description('database migrations of every service schema');
  migrate
    .command('status')
    .description('applied vs available migrations per schema')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .action(action(async (ctx, opts: { service?: string[] }) => (await import('./commands/migrate')).migrateStatus(ctx, opts)));
  migrate
    .command('up')
    .description('create the database if needed and apply pending migrations as the owner, granting each service role (<SERVICE>_DATABASE_URL)')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .action(action(async (ctx, opts: { service?: string[] }) => (await import('./commands/migrate')).migrateUp(ctx, opts)));

  program
    .command('upgrade')
    .description('what installing this release will do, before doing it')
    .requiredOption('--check', 'only report: pending migrations per schema; exit 1 when the database is newer than this release')
    .action(action(async (ctx) => (await import('./commands/migrate')).upgradeCheck(ctx)));

  const provision = program.command('provision').description('set up a county from files');
  provision
    .command('county')
    .description('jurisdictions, organisations, users (one-time passwords to a 0600 file), grids (GeoJSON) and the catalog choice, through the services; idempotent')
    .requiredOption('--from <dir>', 'directory with county.json, organisations.json, users.json, grids.geojson (see deploy/provision-sample)')
    .option('--dry-run', 'report what would change, change nothing')
    .option('--passwords <file>', 'where the new users\' one-time passwords go (mode 0600)', 'one-time-passwords.txt')
    .action(action(async (ctx, opts: { from: string; dryRun?: boolean; passwords: string }) => (await import('./commands/provision')).provisionCounty(ctx, opts)));

  program
    .command('backup')
    .description('pg_dump (custom format) of the whole database into a directory, with a manifest: checksums, row counts, versions, audit chain heads')
    .requiredOption('--to <dir>', 'a new or empty directory')
    .action(action(async (ctx, opts: { to: string }) => (await import('./commands/backup')).backup(ctx, opts)));

  program
    .command('restore')
    .description('restore a backup into an EMPTY database: check the checksums, pg_restore, replace the event stream, republish the outboxes, rebase audit sealing, verify row counts and audit chains')
    .requiredOption('--from <dir>', 'a directory written by yiti-ops backup')
    .option('--keep-event-stream', 'do not delete the event stream (only when the broker is new and empty, or shared by a test)')
    .option('--no-owner', 'pg_restore --no-owner --no-privileges (another server without the same roles: run migrate up after)')
    .action(action(async (ctx, opts: { from: string; keepEventStream?: boolean; owner: boolean }) => (await import('./commands/backup')).restore(ctx, opts)));

  const audit = program.command('audit').description('the audit chains');
  audit
    .command('verify')
    .description('recompute the audit chains of a county (or every county) with the MAC keys, check them against the anchors; names the first broken link; exit 1 when broken or when nothing was found to check')
    .argument('[county]', 'county code, e.g. 320585')
    .option('--all', 'every county')
    .option('--service <name>', 'only this service (repeatable); fails when it has no audit rows', collect)
    .option('--anchors <file>', 'anchors exported by the auditor, instead of the anchor stream')
    .option('--no-anchors', 'without anchors (after a restore to an older dump: the tails are cut)')
    .action(action(async (ctx, county: string | undefined, opts: { all?: boolean; service?: string[]; anchors?: boolean | string }) => (await import('./commands/audit')).auditVerify(ctx, { county, ...opts })));

  const dlq = program.command('dlq').description('dead letters: events a consumer gave up on');
  dlq
    .command('list')
    .description('dead letters not replayed, per service (<service>:<id>)')
    .option('--service <name>', 'only this service (repeatable)', collect)
    .addOption(new Option('--limit <n>', 'at most this many per service').default(200).argParser(positiveInt))
    .action(action(async (ctx, opts: { service?: string[]; limit: number }) => (await import('./commands/dlq')).dlqList(ctx, opts)));
  dlq
    .command('show')
    .description('one dead letter in full: payload and error')
    .argument('<ref>', '<service>:<id> as dlq list prints it')
    .action(action(async (ctx, ref: string) => (await import('./commands/dlq')).dlqShow(ctx, ref)));
  dlq
    .command('replay')
    .description('once the fault is mended, put dead letters back on the stream (each once); an unknown or replayed one fails and nothing is replayed')
    .argument('[refs...]', '<service>:<id> …')
    .option('--all', 'every waiting dead letter')
    .option('--service <name>', 'with --all: only this service (repeatable)', collect)
    .action(action(async (ctx, refs: string[], opts: { all?: boolean; service?: string[] }) => (await import('./commands/dlq')).dlqReplay(ctx, refs, opts)));

  const secrets = program.command('secrets').description('keys');
  secrets
    .command('rotate')
    .description('rotate a key: jwt (new key, the old one accepted by the gateway during the overlap), personal-data (then --apply re-encrypts the stored data), audit (new seals, old ones still verify); writes the new settings to a 0600 file and tells the steps')
    .argument('<kind>', 'jwt | personal-data | audit')
    .option('--out <file>', 'a new file for the new key and the settings to set (mode 0600)')
    .option('--apply', 'personal-data: re-encrypt the stored personal data now under PERSONAL_DATA_KEY (the old key in PERSONAL_DATA_PREVIOUS_KEYS)')
    .action(action(async (ctx, kind: string, opts: { apply?: boolean; out?: string }) => (await import('./commands/secrets')).rotateSecret(ctx, kind, opts)));

  const logs = program.command('logs').description('logs for support');
  logs
    .command('bundle')
    .description('a redacted support bundle (tar.gz): versions, doctor output, recent error lines; no personal data')
    .requiredOption('--out <file>', 'the bundle to write, e.g. support.tar.gz')
    .option('--logs <path>', 'a log file or directory (JSON lines, pino) to take recent error lines from')
    .addOption(new Option('--lines <n>', 'at most this many error lines').default(500).argParser(positiveInt))
    .action(action(async (ctx, opts: { out: string; logs?: string; lines: number }) => (await import('./commands/logs')).logsBundle(ctx, opts)));

  return program;
}

/** Runs the program on argv (without node and the script); returns the exit code, having printed any failure. */
export async function runOps(argv: string[], io: OpsIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2; // commander printed help or the usage error
    if (error instanceof OpsError) {
      io.stderr.write(`yiti-ops: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`yiti-ops: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
