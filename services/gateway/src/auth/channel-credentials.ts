import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import { IDENTITY_EVENTS, IDENTITY_SUBJECTS, type ChannelCredentialRevokedEvent, type EventEnvelope, type VerifiedChannelCredential } from '@yiti/contracts';
import { DomainException, LruMap, NATS_CONNECTION, ServiceClient } from '@yiti/platform';

/**
 * How long a verified credential is believed without asking identity again: the bound on a
 * revocation this gateway did not hear of (an event lost across a broker outage). A revocation it
 * hears (`channel-credential.revoked`, every gateway; the one that served the revocation at once)
 * takes effect on the next request.
 */
export const CHANNEL_CREDENTIAL_TTL_MS = 10_000;
const MAX_REMEMBERED = 10_000;
const CREDENTIAL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{16,200})$/i;

interface Remembered {
  value: VerifiedChannelCredential;
  until: number;
}

/**
 * Verifies external channels' machine credentials (`Authorization: Channel <id>.<secret>`) with
 * identity, remembering a valid one briefly (by a hash of the header, never the secret itself).
 * Concurrent requests with the same header while it is being verified share the one question.
 * A revocation makes every gateway forget the credential as soon as its event arrives; an answer
 * still on its way then is not remembered either. After a reconnect (events may have been missed)
 * everything is forgotten.
 */
@Injectable()
export class ChannelCredentials implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChannelCredentials.name);
  private readonly remembered = new LruMap<string, Remembered>(MAX_REMEMBERED);
  private readonly asking = new Map<string, Promise<VerifiedChannelCredential>>();
  /** Moves on every revocation heard and every reconnect: an answer asked for before is not kept. */
  private generation = 0;
  private subscription: Subscription | null = null;

  constructor(
    private readonly client: ServiceClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  async verify(header: string | undefined): Promise<VerifiedChannelCredential> {
    if (!header) throw new DomainException('AUTH_REQUIRED', '缺少 Authorization: Channel <id>.<secret> 渠道凭证 Missing channel credential');
    const [scheme, token] = header.split(' ');
    const match = scheme?.toLowerCase() === 'channel' && token ? CREDENTIAL.exec(token) : null;
    if (!match) throw new DomainException('CHANNEL_CREDENTIAL_INVALID', 'Authorization 须为 Channel <id>.<secret> Expected Channel <id>.<secret>');
    const key = createHash('sha256').update(token as string).digest('hex');
    const kept = this.remembered.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const pending = this.asking.get(key);
    if (pending) return pending;
    const asked: Promise<VerifiedChannelCredential> = this.ask(key, match[1] as string, match[2] as string).finally(() => {
      if (this.asking.get(key) === asked) this.asking.delete(key);
    });
    this.asking.set(key, asked);
    return asked;
  }

  /** A revoked credential: forgotten here (and an answer about it on its way is not kept). */
  forget(credentialId: string): void {
    this.generation++;
    this.remembered.deleteWhere((_, kept) => kept.value.id === credentialId);
    this.asking.clear();
  }

  forgetAll(): void {
    this.generation++;
    this.remembered.clear();
    this.asking.clear();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.subscription) return;
    // A plain subscription: every gateway receives each event (the outbox relay publishes it to the stream's subject).
    this.subscription = this.nc.subscribe(IDENTITY_EVENTS.channelCredentialRevoked.subject, {
      callback: (err, msg) => {
        if (err) return;
        try {
          const id = (JSON.parse(msg.string()) as EventEnvelope<ChannelCredentialRevokedEvent>).data?.id;
          if (typeof id === 'string') this.forget(id);
        } catch (error) {
          this.logger.error({ err: error }, 'unreadable channel-credential.revoked event');
          this.forgetAll();
        }
      },
    });
    void this.afterReconnects();
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }

  private async ask(key: string, id: string, secret: string): Promise<VerifiedChannelCredential> {
    const generation = this.generation;
    const value = await this.client.request(IDENTITY_SUBJECTS.verifyChannelCredential, { id, secret });
    if (this.generation === generation) this.remembered.set(key, { value, until: Date.now() + CHANNEL_CREDENTIAL_TTL_MS });
    return value;
  }

  private async afterReconnects(): Promise<void> {
    for await (const status of this.nc.status()) if (status.type === 'reconnect') this.forgetAll();
  }
}
