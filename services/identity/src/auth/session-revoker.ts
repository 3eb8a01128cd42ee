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

  /**
   * Ends every login of the user (but `exceptFamilyId`, the caller's own login on a password change).
   * Announced are the logins that can still hold a live access token: an unrevoked refresh token, or
   * a token issued less than one access-token lifetime ago (rotated or expired refresh tokens included).
   */
  async revokeAllOfUser(tx: Transaction, userId: string, countyCode: string, exceptFamilyId?: string): Promise<void> {
    const result = await tx.em
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'coalesce(revoked_at, now())' })
      .where('user_id = :userId', { userId })
      .andWhere('family_id <> :except', { except: exceptFamilyId ?? '00000000-0000-0000-0000-000000000000' })
      .andWhere(`((revoked_at IS NULL AND expires_at > now()) OR created_at > now() - make_interval(secs => :ttl))`, { ttl: this.config.ACCESS_TOKEN_TTL_SECONDS })
      .returning(['familyId'])
      .execute();
    const rows = result.raw as { family_id: string }[];
    for (const familyId of new Set(rows.map((row) => row.family_id))) this.announce(tx, familyId, userId, countyCode);
  }

  private announce(tx: Transaction, familyId: string, userId: string, countyCode: string): void {
    const expiresAt = new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000).toISOString();
    tx.emit<SessionRevokedEvent>(IDENTITY_EVENTS.sessionRevoked, { sessionId: familyId, userId, expiresAt }, countyCode);
  }
}
