import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_STREAM, IDENTITY_EVENTS } from '@yiti/contracts';
import { appendAudit, appendToOutbox, buildEventEnvelope, DEMO_SECRETS, durableConsumerName, EventConsumer, on, OutboxRelay, sealAuditBatch } from '@yiti/platform';
import type { INestApplication } from '@nestjs/common';
import { GRID_SERVICE } from '@yiti/grid-service';
import { IDENTITY_SERVICE } from '@yiti/identity-service';
import request from 'supertest';
import { DEMO_PASSWORD, eventBus, pollUntil, startGateway, startService, TEST_AUDIT_KEYS, TEST_DATABASE_URL, TEST_NATS_URL, TEST_SUBJECT_PREFIX, testEvent } from '@yiti/testing';
import { buildProgram, runOps } from './cli';
import type { OpsIo } from './output';

const run = randomUUID().slice(0, 8);
/** This spec's own deployment prefix on the shared NATS: doctor looks only at its consumers. */
const PREFIX = `ops${run}.`;

const databaseUrl = (name: string) => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
};
const DB_NAME = new URL(TEST_DATABASE_URL).pathname.slice(1);
const EMPTY_DB = `${DB_NAME}_empty`;
const RESTORED_DB = `${DB_NAME}_restored`;

/** The operator's environment of this spec: the test database and NATS, the published test audit key. */
const opsEnv = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  DATABASE_URL: TEST_DATABASE_URL,
  NATS_URL: TEST_NATS_URL,
  NATS_SUBJECT_PREFIX: PREFIX,
  AUDIT_MAC_KEY: DEMO_SECRETS.testAuditMacKey,
  ...overrides,
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Runs `yiti-ops <argv>` in this process with only the given environment. */
async function ops(argv: string[], env: NodeJS.ProcessEnv = opsEnv()): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: OpsIo = { env, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runOps(argv, io);
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

async function admin<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await new DataSource({ type: 'postgres', url: databaseUrl('postgres') }).initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
const dropDatabase = (name: string) => admin((ds) => ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

describe('yiti-ops, the operators\' CLI', () => {
  let ds: DataSource;
  let nc: NatsConnection;
  const consumers: EventConsumer[] = [];
  const durable: string[] = [];
  const scratch: string[] = [];

  beforeAll(async () => {
    ds = await new DataSource({ type: 'postgres', url: TEST_DATABASE_URL }).initialize();
    nc = await eventBus('ops-cli-spec');
  });

  afterAll(async () => {
    for (const c of consumers) await c.stop();
    const jsm = await nc.jetstreamManager();
    for (const name of durable) await jsm.consumers.delete(EVENT_STREAM, name).catch(() => undefined);
    await nc?.drain();
    await ds?.destroy();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
    await dropDatabase(EMPTY_DB);
    await dropDatabase(RESTORED_DB);
  });

  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yiti-ops-spec-'));
    scratch.push(dir);
    return dir;
  };

  it('answers --help for every command with an empty environment', async () => {
    const paths: string[][] = [];
    const walk = (command: Command, path: string[]) => {
      paths.push(path);
      for (const sub of command.commands) walk(sub, [...path, sub.name()]);
    };
    walk(buildProgram(), []);
    expect(paths.length).toBeGreaterThan(15);
    for (const path of paths) {
      const ran = await ops([...path, '--help'], {});
      expect({ path, code: ran.code, stderr: ran.stderr }).toEqual({ path, code: 0, stderr: '' });
      expect(ran.stdout).toContain(`Usage: yiti-ops${path.length > 0 ? ` ${path.join(' ')}` : ''}`);
    }
    expect((await ops(['doctor', '--help'], {})).stdout).toContain('--stall-seconds');
  });

  it('fails an unknown command or option with a usage error (exit 2)', async () => {
    const ran = await ops(['verify-everything'], {});
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/unknown command 'verify-everything'/);
    expect((await ops(['audit', 'verify', '--colour'], {})).code).toBe(2);
  });

  it('doctor reports a stopped consumer and a default secret, and exits 1', async () => {
    const event = testEvent(`${run}.doctor`);
    const name = durableConsumerName(PREFIX, 'ops-spec', 'stopped');
    durable.push(name);
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add(EVENT_STREAM, { durable_name: name, filter_subject: event.subject, ack_policy: 'explicit' as never, deliver_policy: 'new' as never });
    await nc.jetstream().publish(event.subject, JSON.stringify(buildEventEnvelope({ subject: event.subject, data: { n: 1 }, countyCode: '320585' })));

    const ran = await ops(['--json', 'doctor', '--stall-seconds', '0']);
    expect(ran.code).toBe(1);
    const report = ran.json<{ healthy: boolean; checks: { area: string; check: string; status: string; detail: string }[] }>();
    expect(report.healthy).toBe(false);
    expect(report.checks).toContainEqual({ area: 'consumers', check: name, status: 'fail', detail: expect.stringMatching(/^STOPPED: nobody pulls, pending 1/) });
    expect(report.checks).toContainEqual({ area: 'secrets', check: 'AUDIT_MAC_KEY', status: 'fail', detail: expect.stringContaining('published demo, test or example value') });
    expect(report.checks).toContainEqual(expect.objectContaining({ area: 'postgres', check: 'version', status: 'ok' }));
    expect(report.checks).toContainEqual(expect.objectContaining({ area: 'migrations', check: 'identity', status: 'ok' }));
    expect(ran.stderr).toMatch(/checks? failed: .*consumers/);

    // The same as a table for a person.
    const table = await ops(['doctor', '--stall-seconds', '0']);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(new RegExp(`consumers\\s+${name}\\s+FAIL\\s+STOPPED`));
  });

  it('doctor shows each service\'s health and version, fails one that does not answer, and reads PostgreSQL\'s free disk', async () => {
    // Identity and the gateway of this spec's deployment (its prefix) run; the other services do not.
    const running: INestApplication[] = [await startService(IDENTITY_SERVICE, { NATS_SUBJECT_PREFIX: PREFIX }), await startGateway({ NATS_SUBJECT_PREFIX: PREFIX })];
    try {
      const ran = await ops(['--json', 'doctor']);
      const report = ran.json<{ checks: { area: string; check: string; status: string; detail: string }[] }>();
      const services = report.checks.filter((c) => c.area === 'services');
      const release = (JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
      for (const name of ['identity', 'gateway']) {
        expect(services).toContainEqual({ area: 'services', check: name, status: 'ok', detail: expect.stringMatching(new RegExp(`^release ${release.replace(/\./g, '\\.')}, commit \\S+; ok: postgres up, nats up; up \\d+ s since `)) });
      }
      expect(services).toContainEqual({ area: 'services', check: 'grid', status: 'fail', detail: expect.stringMatching(new RegExp(`^no answer on ${PREFIX.replace('.', '\\.')}yiti\\.ops\\.status\\.grid: .*\\(not running\\?\\)$`)) });
      expect(services.map((c) => c.check).sort()).toEqual(['approval-window', 'command-dispatch', 'enforcement', 'gateway', 'grid', 'identity']);
      // The test PostgreSQL runs on this machine: its data directory's filesystem is read.
      expect(report.checks).toContainEqual({ area: 'postgres', check: 'disk', status: expect.stringMatching(/^(ok|warn|fail)$/), detail: expect.stringMatching(/^database \d+\.\d GiB, \d+\.\d GiB free of \d+\.\d GiB \(\d+\.\d %\)/) });
      // A threshold above any free share warns (fails under half of it); a directory that is not there is said to be unreadable.
      const strict = (await ops(['--json', 'doctor', '--min-free-disk-percent', '100'])).json<typeof report>();
      expect(strict.checks.find((c) => c.check === 'disk')).toMatchObject({ status: expect.stringMatching(/^(warn|fail)$/), detail: expect.stringMatching(/: below (100|50) %/) });
      const elsewhere = (await ops(['--json', 'doctor', '--pg-data-dir', '/nonexistent/pgdata'])).json<typeof report>();
      expect(elsewhere.checks.find((c) => c.check === 'disk')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^database \d+\.\d GiB; free space not readable here: \/nonexistent\/pgdata: .*ENOENT/) });
      const table = await ops(['doctor']);
      expect(table.stdout).toMatch(/services\s+identity\s+ok\s+release /);
    } finally {
      for (const app of running) await app.close();
    }
  });

  it('names the first broken link of a tampered audit chain', async () => {
    const county = `9${run.replace(/[^0-9]/g, '').padEnd(5, '1').slice(0, 5)}`;
    await ds.transaction((em) => appendAudit(em, 'grid', [1, 2, 3].map((i) => ({ countyCode: county, action: 'test.step', resourceType: 'test', resourceId: `r${i}`, after: { i } }))));
    await sealAuditBatch(ds, 'grid', TEST_AUDIT_KEYS);
    expect((await ops(['audit', 'verify', county, '--no-anchors'])).code).toBe(0);

    const [second]: { seq: string }[] = await ds.query(`SELECT seq::text FROM grid.audit_log WHERE county_code = $1 AND resource_id = 'r2'`, [county]);
    const tamper = (action: string) =>
      ds.transaction(async (em: EntityManager) => {
        await em.query('SET LOCAL session_replication_role = replica'); // an insider with the owner's rights
        await em.query(`UPDATE grid.audit_log SET action = $2 WHERE seq = $1`, [second?.seq, action]);
      });
    await tamper('test.rewritten');
    try {
      const ran = await ops(['audit', 'verify', county, '--no-anchors']);
      expect(ran.code).toBe(1);
      expect(ran.stderr).toContain(`audit chain broken: grid county ${county} at chain position 2 (audit row seq ${second?.seq}: test.rewritten test r2): row or seal changed`);
      expect(ran.stdout).toMatch(new RegExp(`grid\\s+${county}\\s+1\\s+0\\s+0\\s+NO\\s+2`));
      const json = await ops(['--json', 'audit', 'verify', county, '--no-anchors']);
      expect(json.json<{ valid: boolean; chains: { brokenAtChainSeq: string }[] }>()).toMatchObject({ valid: false, chains: [{ service: 'grid', brokenAtChainSeq: '2' }] });
    } finally {
      await tamper('test.step'); // the next specs verify every chain
    }
    expect((await ops(['audit', 'verify', county, '--no-anchors'])).code).toBe(0);
  });

  it('shows a poisoned message in dlq and replays it once the fault is mended', async () => {
    const event = testEvent(`${run}.poison`);
    let mended = false;
    const applied: string[] = [];
    const name = `ops-cli-${run}-poisoned`;
    durable.push(name);
    const consumer = new EventConsumer(ds, nc, {
      schema: 'enforcement',
      name,
      routes: [
        on(event, async (e) => {
          if (!mended) throw new Error('handler bug: cannot apply');
          applied.push(e.id);
        }),
      ],
      maxDeliver: 2,
      ackWaitMs: 1000,
      deliverPolicy: 'new',
    });
    consumers.push(consumer);
    await consumer.start();
    const envelope = buildEventEnvelope({ subject: event.subject, data: { n: 7 }, countyCode: '320585' });
    await ds.transaction((em) => appendToOutbox(em, 'enforcement', [envelope]));
    await new OutboxRelay(ds, nc, { schema: 'enforcement' }).drain();

    type Listed = { deadLetters: { ref: string; eventId: string; consumer: string; error: string }[] };
    const listed = await pollUntil(
      async () => (await ops(['--json', 'dlq', 'list', '--service', 'enforcement'])).json<Listed>(),
      (l) => l.deadLetters.some((d) => d.eventId === envelope.id),
      { what: 'the dead letter', timeoutMs: 20_000, intervalMs: 500 },
    );
    const letter = listed.deadLetters.find((d) => d.eventId === envelope.id);
    expect(letter).toMatchObject({ ref: expect.stringMatching(/^enforcement:\d+$/), consumer: name, error: expect.stringContaining('handler bug') });
    const ref = letter?.ref as string;
    expect((await ops(['dlq', 'list', '--service', 'enforcement'])).stdout).toContain(ref);
    const shown = await ops(['--json', 'dlq', 'show', ref]);
    expect(shown.json()).toMatchObject({ service: 'enforcement', eventId: envelope.id, subject: event.subject, replayedAt: null });

    mended = true;
    const replay = await ops(['dlq', 'replay', ref]);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toMatch(new RegExp(`${ref}\\s+republished`));
    await pollUntil(async () => applied, (a) => a.includes(envelope.id), { what: 'the replayed event applied', timeoutMs: 10_000 });
    const again = await ops(['dlq', 'replay', ref]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/was replayed already/);
  });

  it('provisions a county from the sample files through the services; a second run changes nothing', async () => {
    const services: INestApplication[] = [await startService(IDENTITY_SERVICE), await startService(GRID_SERVICE)];
    try {
      // The sample county under a code and names of this run (the test database outlives runs).
      const taken = new Set(((await ds.query(`SELECT code FROM identity.jurisdiction WHERE code LIKE '3205__'`)) as { code: string }[]).map((r) => r.code));
      const county = Array.from({ length: 40 }, (_, i) => `3205${String(50 + i)}`).find((c) => !taken.has(c));
      expect(county).toBeDefined();
      const from = join(await tempDir(), 'county');
      await cp(join(__dirname, '..', '..', 'deploy', 'provision-sample'), from, { recursive: true });
      const rewrite = (text: string) => text.replace(/320583/g, county as string).replace(/"ks-/g, `"ks${run}-`).replace(/"KS-/g, `"KS${run}-`);
      for (const file of ['county.json', 'organisations.json', 'users.json']) await writeFile(join(from, file), rewrite(await readFile(join(from, file), 'utf8')));
      await writeFile(join(from, 'grids', `${county}101.geojson`), rewrite(await readFile(join(from, 'grids', '320583101.geojson'), 'utf8')));
      await rm(join(from, 'grids', '320583101.geojson'));
      const passwords = join(await tempDir(), 'passwords.txt');
      const env = opsEnv({ NATS_SUBJECT_PREFIX: TEST_SUBJECT_PREFIX });
      type Report = { changed: number; unchanged: number; changes: { kind: string; key: string; change: string }[] };

      const dry = await ops(['--json', 'provision', 'county', '--from', from, '--dry-run', '--passwords', passwords], env);
      expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: '' });
      expect(dry.json<Report>().changes).toContainEqual({ kind: 'user', key: `ks${run}-admin`, change: 'would create' });
      expect(await ds.query(`SELECT 1 FROM identity.jurisdiction WHERE code = $1`, [county])).toEqual([]);

      const first = await ops(['--json', 'provision', 'county', '--from', from, '--passwords', passwords], env);
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
      const created = first.json<Report>().changes.filter((c) => c.change === 'created' || c.change === 'set');
      expect(created.map((c) => `${c.kind} ${c.key}`).sort()).toEqual(
        [
          `jurisdiction ${county}`, `jurisdiction ${county}101`, `jurisdiction ${county}101201`, `jurisdiction ${county}101201001`, `jurisdiction ${county}101201002`,
          ...['SWZF', 'SPJ', 'ZS-ZF', 'ZS-BMFW'].map((o) => `organisation KS${run}-${o}`),
          ...['admin', 'zs-leader', 'zs-clerk'].map((u) => `user ks${run}-${u}`),
          `grid ${county}101201001`, `grid ${county}101201002`,
          `catalog ${county} → JS-SAMPLE`,
        ].sort(),
      );
      const [grid]: { code: string }[] = await ds.query(`SELECT code FROM grid.grid WHERE code = $1`, [`${county}101201001`]);
      expect(grid).toBeDefined();
      const [audit]: { actor_id: string }[] = await ds.query(`SELECT actor_id FROM identity.audit_log WHERE resource_id = $1 AND action = 'jurisdiction.create'`, [county]);
      expect(audit?.actor_id).toBe('system:yiti-ops');
      const written = await readFile(passwords, 'utf8');
      expect(written.split('\n').filter((l) => l.startsWith(`ks${run}-`))).toHaveLength(3);
      expect((await stat(passwords)).mode & 0o777).toBe(0o600);
      // One-time passwords: the users must set their own at first sign-in.
      const flagged: { username: string }[] = await ds.query(`SELECT username FROM identity.app_user WHERE username LIKE $1 AND password_change_required`, [`ks${run}-%`]);
      expect(flagged).toHaveLength(3);

      const second = await ops(['provision', 'county', '--from', from, '--passwords', passwords], env);
      expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
      expect(second.stdout).toContain(`nothing to change: county ${county} is provisioned as the files say`);
      expect((await readFile(passwords, 'utf8')) === written).toBe(true);
      expect((await readdir(join(from, 'grids'))).length).toBe(1);
    } finally {
      for (const app of services) await app.close();
    }
  });

  it('tells the release and commit: yiti-ops version, GET /api/v1/version for a signed-in user, yiti_build_info on /metrics', async () => {
    const offline = await ops(['--json', 'version', '--offline'], {});
    expect(offline.code).toBe(0);
    const info = offline.json<{ release: string; commit: string }>();
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(info).toEqual({ release: pkg.version, commit: expect.any(String) });
    expect((await ops(['--json', 'version', '--offline'], { YITI_COMMIT: 'abc1234' })).json()).toEqual({ release: pkg.version, commit: 'abc1234' });

    const identity = await startService(IDENTITY_SERVICE);
    const gateway = await startGateway();
    try {
      const http = () => request(gateway.getHttpServer());
      expect((await http().get('/api/v1/version')).status).toBe(401);
      const login = await http().post('/api/v1/auth/login').send({ username: 'taicang.admin', password: DEMO_PASSWORD });
      expect(login.status).toBe(200);
      const answer = await http().get('/api/v1/version').set({ Authorization: `Bearer ${login.body.accessToken as string}` });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: info });
      const metrics = await http().get('/metrics');
      expect(metrics.text).toContain(`yiti_build_info{service="gateway",release="${info.release}",commit="${info.commit}"} 1`);
    } finally {
      await gateway.close();
      await identity.close();
    }
  });

  it('rotates the JWT key with an overlap: the gateway accepts tokens under the old key until it is dropped', async () => {
    const out = join(await tempDir(), 'jwt-rotation.env');
    const plan = await ops(['--json', 'secrets', 'rotate', 'jwt', '--out', out], opsEnv({ JWT_SECRET: DEMO_SECRETS.testJwtSecret }));
    expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
    expect(plan.stdout).not.toContain(DEMO_SECRETS.testJwtSecret); // keys only in the file
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const file = await readFile(out, 'utf8');
    const newKey = /# gateway\nJWT_SECRET=(\S+)\nJWT_PREVIOUS_SECRETS=(\S+)/.exec(file);
    expect(newKey?.[2]).toBe(DEMO_SECRETS.testJwtSecret);
    expect(newKey?.[1]).toMatch(/^[A-Za-z0-9+/=]{64}$/);
    expect((await ops(['secrets', 'rotate', 'jwt', '--out', out], opsEnv({ JWT_SECRET: DEMO_SECRETS.testJwtSecret }))).code).toBe(2); // never overwrites

    const identity = await startService(IDENTITY_SERVICE); // still signs with the old key
    const overlapping = await startGateway({ JWT_SECRET: newKey?.[1] as string, JWT_PREVIOUS_SECRETS: DEMO_SECRETS.testJwtSecret });
    const rotated = await startGateway({ JWT_SECRET: newKey?.[1] as string });
    try {
      const login = await request(overlapping.getHttpServer()).post('/api/v1/auth/login').send({ username: 'taicang.admin', password: DEMO_PASSWORD });
      const auth = { Authorization: `Bearer ${login.body.accessToken as string}` };
      expect((await request(overlapping.getHttpServer()).get('/api/v1/version').set(auth)).status).toBe(200);
      expect((await request(rotated.getHttpServer()).get('/api/v1/version').set(auth)).status).toBe(401);
    } finally {
      await rotated.close();
      await overlapping.close();
      await identity.close();
    }

    const audit = await ops(['--json', 'secrets', 'rotate', 'audit', '--out', join(await tempDir(), 'audit.env')]);
    expect(audit.json<{ variables: Record<string, string[]> }>().variables).toEqual({ 'every service': ['AUDIT_MAC_KEY', 'AUDIT_MAC_PREVIOUS_KEYS'] });
    const apply = await ops(['--json', 'secrets', 'rotate', 'personal-data', '--apply'], opsEnv({ PERSONAL_DATA_KEY: DEMO_SECRETS.testPersonalDataKey }));
    expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: '' });
    expect(apply.json()).toMatchObject({ table: 'application', failed: 0 });
    expect((await ops(['secrets', 'rotate', 'everything', '--out', out])).code).toBe(2);
  });

  it('bundles versions, the doctor and recent error lines for support, without personal data', async () => {
    const dir = await tempDir();
    const log = join(dir, 'approval-window.log');
    const lines = [
      { level: 30, time: 1, msg: 'request completed', req: { url: '/api/v1/applications' } },
      { level: 50, time: 2, msg: 'intake failed for applicant 320585199001011234, phone 13912345678', applicantName: '张三', err: { message: 'boom', stack: 'Error: boom' } },
      { level: 50, time: 3, msg: 'database unreachable postgres://yiti:s3cret@db:5432/yiti', body: { idNumber: '320585199001011234' } },
    ];
    await writeFile(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\nplain text line with ERROR and mail li@example.cn\n');
    const out = join(dir, 'support.tar.gz');
    const ran = await ops(['--json', 'logs', 'bundle', '--out', out, '--logs', dir], opsEnv({ DATABASE_URL: databaseUrl(EMPTY_DB) }));
    expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ran.json()).toMatchObject({ file: out, errorLines: 3, doctorHealthy: false });
    const unpacked = join(dir, 'unpacked');
    const { execFileSync } = await import('node:child_process');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', out, '-C', unpacked]);
    expect((await readdir(unpacked)).sort()).toEqual(['README.txt', 'doctor.json', 'errors.log', 'versions.json']);
    const errors = await readFile(join(unpacked, 'errors.log'), 'utf8');
    expect(errors).toContain('intake failed for applicant [id-number], phone [phone]');
    expect(errors).toContain('[email]');
    for (const secret of ['320585199001011234', '13912345678', '张三', 's3cret', 'li@example.cn']) expect(errors).not.toContain(secret);
    expect(errors).not.toContain('request completed');
    expect(JSON.parse(await readFile(join(unpacked, 'versions.json'), 'utf8'))).toMatchObject({ release: expect.any(String), node: process.version });
    expect((await ops(['logs', 'bundle', '--out', out, '--logs', join(dir, 'nowhere')])).code).toBe(1);
  });

  it('backup → drop → restore gives the same row counts and valid audit chains', async () => {
    const dir = join(await tempDir(), 'backup');
    const backup = await ops(['--json', 'backup', '--to', dir]);
    expect({ code: backup.code, stderr: backup.stderr }).toMatchObject({ code: 0 });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[]; schemas: Record<string, { rows: Record<string, number> }> };
    expect(manifest.files).toEqual([{ name: 'database.dump', bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const [{ n: identityUsers }]: { n: number }[] = await ds.query('SELECT count(*)::int AS n FROM identity.app_user');
    expect(manifest.schemas.identity?.rows.app_user).toBe(identityUsers);

    // Into a database that is not empty: refused, nothing restored.
    const refused = await ops(['restore', '--from', dir, '--keep-event-stream']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty/);

    await dropDatabase(RESTORED_DB);
    // The shared test broker keeps its event stream: other specs run on it.
    const restored = await ops(['--json', 'restore', '--from', dir, '--keep-event-stream'], opsEnv({ DATABASE_URL: databaseUrl(RESTORED_DB) }));
    expect({ code: restored.code, stderr: restored.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const report = restored.json<{ tables: { schema: string; table: string; backup: number; restored: number; ok: boolean }[]; audit: { valid: boolean }[] }>();
    expect(report.tables.length).toBeGreaterThan(20);
    expect(report.tables.filter((t) => !t.ok)).toEqual([]);
    expect(report.audit.length).toBeGreaterThan(0);
    expect(report.audit.every((a) => a.valid)).toBe(true);
    const copy = await new DataSource({ type: 'postgres', url: databaseUrl(RESTORED_DB) }).initialize();
    try {
      const [{ n }]: { n: number }[] = await copy.query('SELECT count(*)::int AS n FROM identity.app_user');
      expect(n).toBe(identityUsers);
    } finally {
      await copy.destroy();
    }
    expect((await ops(['audit', 'verify', '--all', '--no-anchors'], opsEnv({ DATABASE_URL: databaseUrl(RESTORED_DB) }))).code).toBe(0);

    // A damaged dump is refused before anything is restored.
    await dropDatabase(RESTORED_DB);
    const { appendFile } = await import('node:fs/promises');
    await appendFile(join(dir, 'database.dump'), 'x');
    const damaged = await ops(['restore', '--from', dir, '--keep-event-stream'], opsEnv({ DATABASE_URL: databaseUrl(RESTORED_DB) }));
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toMatch(/checksum does not match/);
  }, 240_000); // dumps and restores the whole test database, as big as the specs before it made it

  it('migrates an empty database, and the four silent mistakes exit non-zero', async () => {
    await dropDatabase(EMPTY_DB);
    await admin((a) => a.query(`CREATE DATABASE "${EMPTY_DB}"`));
    const emptyEnv = opsEnv({ DATABASE_URL: databaseUrl(EMPTY_DB) });
    const check = await ops(['--json', 'upgrade', '--check'], emptyEnv);
    expect(check.code).toBe(0);
    expect(check.json<{ wouldMigrate: boolean }>().wouldMigrate).toBe(true);
    const up = await ops(['migrate', 'up'], emptyEnv);
    expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: '' });
    const status = await ops(['--json', 'migrate', 'status'], emptyEnv);
    expect(status.json<{ schemas: { pending: string[]; applied: string[] }[] }>().schemas.every((s) => s.pending.length === 0 && s.applied.length > 0)).toBe(true);
    expect((await ops(['migrate', 'up'], emptyEnv)).stdout).toContain('nothing to migrate');
    // An outbox that only ever held v0 of an event this release emits as v1: the check names it.
    const created = IDENTITY_EVENTS.jurisdictionCreated;
    const empty = await new DataSource({ type: 'postgres', url: databaseUrl(EMPTY_DB) }).initialize();
    try {
      await empty.query(`INSERT INTO identity.outbox (id, subject, payload, published_at) VALUES ($1, $2, '{}', now())`, [randomUUID(), `yiti.v1.events.identity.${created.name}.v0`]);
    } finally {
      await empty.destroy();
    }
    const upgrade = await ops(['--json', 'upgrade', '--check'], emptyEnv);
    expect(upgrade.json<{ wouldMigrate: boolean; eventVersions: unknown[] }>()).toEqual({
      schemas: expect.any(Array),
      wouldMigrate: false,
      eventVersions: [{ event: `identity.${created.name}`, seen: [0], release: [created.version], change: 'new version' }],
    });
    const version = await ops(['--json', 'version'], emptyEnv);
    expect(version.json<{ release: string; schemas: Record<string, string | null> }>()).toMatchObject({ release: expect.stringMatching(/^\d+\.\d+\.\d+/), schemas: { identity: expect.any(String) } });

    // 1. a county nobody has audit rows for
    const unknownCounty = await ops(['audit', 'verify', '999999', '--no-anchors']);
    expect(unknownCounty.code).toBe(1);
    expect(unknownCounty.stderr).toMatch(/no service has audit rows for county 999999/);
    // 2. --all where there is nothing to check
    const nothing = await ops(['audit', 'verify', '--all', '--no-anchors'], emptyEnv);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/checked 0 rows/);
    // 3. replaying a dead letter that does not exist
    const ghost = await ops(['dlq', 'replay', 'enforcement:999999999']);
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toMatch(/no dead letter enforcement:999999999/);
    // 4. a service with no audit rows
    const silentService = await ops(['audit', 'verify', '--all', '--service', 'grid', '--no-anchors'], emptyEnv);
    expect(silentService.code).toBe(1);
    expect(silentService.stderr).toMatch(/grid has no audit rows/);
    // and neither a county nor --all
    expect((await ops(['audit', 'verify'])).code).toBe(2);
  });
});
