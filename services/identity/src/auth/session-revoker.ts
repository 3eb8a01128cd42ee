import { Inject, Injectable } from '@nestjs/common';
import { IDENTITY_EVENTS, type SessionRevokedEvent } from '@yiti/contracts';
import { SERVICE_CONFIG, type Transaction } from '@yiti/platform';
import type { IdentityConfig } from '../config';
import { SessionEntity } from './session.entity';

/** Ends sessions and tells the gateway, which then refuses their access tokens until they expire. */
@Injectable()
export class SessionRevoker {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: IdentityConfig) {}

  async revokeFamily(tx: Transaction, familyId: string, userId: string, countyCode: string): Promise<void> {
    await tx.em
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
    this.announce(tx, familyId, userId, countyCode);
  }

  async revokeAllOfUser(tx: Transaction, userId: string, countyCode: string): Promise<void> {
    const families: { family_id: string }[] = await tx.em.query(
      `UPDATE identity.session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING family_id`,
      [userId],
    );
    for (const familyId of new Set(families.map((f) => f.family_id))) this.announce(tx, familyId, userId, countyCode);
  }

  private announce(tx: Transaction, familyId: string, userId: string, countyCode: string): void {
    const expiresAt = new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString();
    tx.emit<SessionRevokedEvent>(IDENTITY_EVENTS.sessionRevoked, { sessionId: familyId, userId, expiresAt }, countyCode);
  }
}
