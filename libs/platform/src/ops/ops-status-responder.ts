import type { NatsConnection, Subscription } from 'nats';
import type { DataSource } from 'typeorm';
import { buildInfo } from './build-info';

/**
 * The subject on which every service built on the platform module (the gateway too) answers its
 * health and version to `yiti-ops doctor`: `<NATS_SUBJECT_PREFIX>yiti.ops.status.<service>`. One
 * instance of the service answers (queue group = service name).
 */
export function opsStatusSubject(subjectPrefix: string, serviceName: string): string {
  return `${subjectPrefix}yiti.ops.status.${serviceName}`;
}

/** A service's answer on its ops status subject: what /health/ready checks, plus what release it runs. */
export interface OpsServiceStatus {
  service: string;
  /** ok: PostgreSQL answered (NATS did, since this reply came through it); degraded otherwise. */
  status: 'ok' | 'degraded';
  release: string;
  commit: string;
  startedAt: string;
  uptimeSeconds: number;
  /** 'up', or why PostgreSQL did not answer. */
  postgres: string;
}

/** How long the PostgreSQL check may take before the service reports it down. */
const POSTGRES_CHECK_MS = 2000;

/** Answers the ops status subject (started and stopped with the platform's other background work). */
export class OpsStatusResponder {
  private subscription: Subscription | null = null;
  private readonly startedAt = new Date();

  constructor(
    private readonly dataSource: DataSource,
    private readonly nc: NatsConnection,
    private readonly serviceName: string,
    private readonly subjectPrefix: string,
  ) {}

  start(): void {
    if (this.subscription) return;
    this.subscription = this.nc.subscribe(opsStatusSubject(this.subjectPrefix, this.serviceName), {
      queue: this.serviceName,
      callback: (error, msg) => {
        if (error) return;
        void this.status().then((status) => msg.respond(JSON.stringify(status)));
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  async status(now = new Date()): Promise<OpsServiceStatus> {
    const postgres = await this.postgres();
    const { release, commit } = buildInfo();
    return {
      service: this.serviceName,
      status: postgres === 'up' ? 'ok' : 'degraded',
      release,
      commit,
      startedAt: this.startedAt.toISOString(),
      uptimeSeconds: Math.max(0, Math.floor((now.getTime() - this.startedAt.getTime()) / 1000)),
      postgres,
    };
  }

  private async postgres(): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${POSTGRES_CHECK_MS} ms`)), POSTGRES_CHECK_MS);
          timer.unref();
        }),
      ]);
      return 'up';
    } catch (error) {
      return `down: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      clearTimeout(timer);
    }
  }
}
