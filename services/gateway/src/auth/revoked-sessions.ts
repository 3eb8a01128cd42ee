import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';
import { EVENT_STREAM, IDENTITY_EVENTS, type EventEnvelope, type SessionRevokedEvent } from '@yiti/contracts';
import { NATS_CONNECTION, SERVICE_CONFIG } from '@yiti/platform';
import type { GatewayConfig } from '../config';

/**
 * Sessions ended by logout, password change or disabling: their access tokens are refused until
 * they would have expired anyway. Fed from the event stream, replayed back one token lifetime at
 * start, so a restarted gateway forgets nothing that still matters.
 */
@Injectable()
export class RevokedSessions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RevokedSessions.name);
  private readonly revoked = new Map<string, number>();
  private messages: ConsumerMessages | null = null;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: GatewayConfig,
  ) {}

  isRevoked(sessionId: string): boolean {
    const until = this.revoked.get(sessionId);
    return until !== undefined && until > Date.now();
  }

  /** A session this gateway ended itself (logout): refused here at once, before the event comes back. */
  revokeHere(sessionId: string): void {
    this.revoked.set(sessionId, Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000);
  }

  remember(event: SessionRevokedEvent): void {
    this.revoked.set(event.sessionId, new Date(event.expiresAt).getTime());
  }

  async onApplicationBootstrap(): Promise<void> {
    const consumer = await this.nc.jetstream().consumers.get(EVENT_STREAM, {
      // A single string: nats-server 2.9 has no multi-subject filters.
      filterSubjects: IDENTITY_EVENTS.sessionRevoked.subject,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - this.config.ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString(),
    });
    this.messages = await consumer.consume();
    const messages = this.messages;
    void (async () => {
      for await (const msg of messages) {
        try {
          this.remember((JSON.parse(msg.string()) as EventEnvelope<SessionRevokedEvent>).data);
        } catch (error) {
          this.logger.error({ err: error }, 'unreadable session.revoked event');
        }
      }
    })();
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    }, 60_000);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.messages?.stop();
  }
}
