import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IDENTITY_SUBJECTS, type VerifiedChannelCredential } from '@yiti/contracts';
import { DomainException, ServiceClient } from '@yiti/platform';

/** How long a verified credential is believed without asking identity again (a revocation takes effect within it). */
export const CHANNEL_CREDENTIAL_TTL_MS = 10_000;
const MAX_REMEMBERED = 10_000;
const CREDENTIAL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{16,200})$/i;

/**
 * Verifies external channels' machine credentials (`Authorization: Channel <id>.<secret>`) with
 * identity, remembering a valid one briefly (by a hash of the header, never the secret itself).
 */
@Injectable()
export class ChannelCredentials {
  private readonly remembered = new Map<string, { value: VerifiedChannelCredential; until: number }>();

  constructor(private readonly client: ServiceClient) {}

  async verify(header: string | undefined): Promise<VerifiedChannelCredential> {
    if (!header) throw new DomainException('AUTH_REQUIRED', '缺少 Authorization: Channel <id>.<secret> 渠道凭证 Missing channel credential');
    const [scheme, token] = header.split(' ');
    const match = scheme?.toLowerCase() === 'channel' && token ? CREDENTIAL.exec(token) : null;
    if (!match) throw new DomainException('CHANNEL_CREDENTIAL_INVALID', 'Authorization 须为 Channel <id>.<secret> Expected Channel <id>.<secret>');
    const key = createHash('sha256').update(token as string).digest('hex');
    const kept = this.remembered.get(key);
    if (kept && kept.until > Date.now()) return kept.value;
    const value = await this.client.request(IDENTITY_SUBJECTS.verifyChannelCredential, { id: match[1] as string, secret: match[2] as string });
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(key, { value, until: Date.now() + CHANNEL_CREDENTIAL_TTL_MS });
    return value;
  }
}
