import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AccessTokenClaims, Actor, ChangePasswordCommand, LoginRequest, LogoutCommand, TokenResponse } from '@yiti/contracts';
import { DomainException, SERVICE_CONFIG, UnitOfWork, type Transaction } from '@yiti/platform';
import type { IdentityConfig } from '../config';
import { assertPasswordPolicy, hashPassword, verifyPassword } from '../users/password';
import { UserEntity } from '../users/user.entity';
import { toUserView } from '../users/users.service';
import { afterSuccess, countFailure, isLocked } from './lockout';
import { SessionEntity } from './session.entity';
import { SessionRevoker } from './session-revoker';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** `<session id>.<secret>`: the id finds the row, the secret's hash proves possession. */
function splitRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const [sessionId, secret] = token.split('.');
  if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId)) return null;
  return { sessionId, secret };
}

/**
 * The user's row, locked: it cannot be disabled or get a new password until the transaction ends.
 * FOR UPDATE, not FOR SHARE: two logins that both reset the failure count would deadlock upgrading.
 */
function lockUser(tx: Transaction, userId: string): Promise<UserEntity | null> {
  return tx.em.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id: userId }).getOne();
}

@Injectable()
export class AuthService {
  /** What an unknown name's password is checked against, so that costs what a real check costs. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly jwt: JwtService,
    private readonly revoker: SessionRevoker,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
  ) {
    this.dummyHash = hashPassword(randomBytes(16).toString('base64url'), config.PASSWORD_HASH_COST);
  }

  /**
   * Every failed login answers the same (AUTH_INVALID_CREDENTIALS) after the same work, one password
   * hash, whether the name is unknown, the account disabled or locked: only a correct password
   * learns that the account is disabled or locked (and until when).
   */
  async login(request: LoginRequest): Promise<TokenResponse> {
    const user = await this.dataSource.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username: request.username }).getOne();
    const ok = await verifyPassword(request.password, user?.passwordHash ?? (await this.dummyHash));
    if (!user) throw new DomainException('AUTH_INVALID_CREDENTIALS');
    if (!ok) {
      const policy = { threshold: this.config.LOCKOUT_THRESHOLD, lockMinutes: this.config.LOCKOUT_MINUTES };
      await this.uow.run(async (tx) => {
        const next = await countFailure(tx.em, user.id, policy);
        tx.audit({ countyCode: user.countyCode, action: next.lockedNow ? 'auth.locked' : 'auth.login-failed', resourceType: 'user', resourceId: user.id, jurisdictionCode: user.jurisdictionCode, after: { failedAttempts: next.failedAttempts, lockedUntil: next.lockedUntil } });
      });
      throw new DomainException('AUTH_INVALID_CREDENTIALS');
    }
    return this.uow.run(async (tx) => {
      // Read again, locked: a disabling or password change that committed during the hash wins.
      const current = await lockUser(tx, user.id);
      if (!current || current.passwordHash !== user.passwordHash) throw new DomainException('AUTH_INVALID_CREDENTIALS');
      if (current.status !== 'active') throw new DomainException('AUTH_ACCOUNT_DISABLED');
      if (isLocked(current, new Date())) {
        throw new DomainException('AUTH_ACCOUNT_LOCKED', `账号已锁定至 ${current.lockedUntil?.toISOString()} Locked until ${current.lockedUntil?.toISOString()}`);
      }
      if (current.failedAttempts !== 0 || current.lockedUntil !== null) await tx.em.getRepository(UserEntity).update({ id: user.id }, afterSuccess());
      const familyId = randomUUID();
      const { sessionId: _, ...issued } = await this.issue(tx, user, familyId);
      tx.audit({ countyCode: user.countyCode, action: 'auth.login', resourceType: 'session', resourceId: familyId, jurisdictionCode: user.jurisdictionCode });
      return issued;
    });
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const parts = splitRefreshToken(refreshToken);
    if (!parts) throw new DomainException('AUTH_REFRESH_TOKEN_INVALID');
    const outcome = await this.uow.run(async (tx) => {
      const sessions = tx.em.getRepository(SessionEntity);
      const owner = await sessions.findOne({ select: { userId: true }, where: { id: parts.sessionId } });
      if (!owner) return { error: 'AUTH_REFRESH_TOKEN_INVALID' as const };
      // User before session, as disabling and password changes lock them: a revocation either waits
      // for this refresh and then ends the session it makes, or commits first and is seen here.
      const user = await lockUser(tx, owner.userId);
      const session = await sessions.createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id: parts.sessionId }).getOne();
      if (!session || !timingSafeEqual(Buffer.from(session.tokenHash), Buffer.from(sha256(parts.secret)))) return { error: 'AUTH_REFRESH_TOKEN_INVALID' as const };
      if (!user || user.status !== 'active') return { error: 'AUTH_ACCOUNT_DISABLED' as const };
      if (session.revokedAt) {
        if (session.replacedBy) {
          // A rotated token came back: someone holds a copy. End the whole login.
          await this.revoker.revokeFamily(tx, session.familyId, user.id, user.countyCode);
          tx.audit({ countyCode: user.countyCode, action: 'auth.refresh-reuse', resourceType: 'session', resourceId: session.familyId, jurisdictionCode: user.jurisdictionCode });
        }
        return { error: 'AUTH_SESSION_REVOKED' as const };
      }
      if (session.expiresAt.getTime() <= Date.now()) return { error: 'AUTH_REFRESH_TOKEN_INVALID' as const };
      const issued = await this.issue(tx, user, session.familyId);
      await tx.em.getRepository(SessionEntity).update({ id: session.id }, { revokedAt: new Date(), replacedBy: issued.sessionId });
      return { issued };
    });
    // Returned rather than thrown so the reuse revocation above commits.
    if (!('issued' in outcome) || !outcome.issued) throw new DomainException(outcome.error ?? 'AUTH_REFRESH_TOKEN_INVALID');
    const { sessionId: _, ...issued } = outcome.issued;
    return issued;
  }

  async logout(actor: Actor, command: LogoutCommand): Promise<{ revoked: boolean }> {
    let familyId = command.sessionId;
    if (command.refreshToken) {
      const parts = splitRefreshToken(command.refreshToken);
      const session = parts ? await this.dataSource.getRepository(SessionEntity).findOneBy({ id: parts.sessionId }) : null;
      if (!session || session.userId !== actor.userId) throw new DomainException('AUTH_REFRESH_TOKEN_INVALID');
      familyId = session.familyId;
    }
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw new DomainException('USER_NOT_FOUND');
    await this.uow.run(async (tx) => {
      await this.revoker.revokeFamily(tx, familyId, user.id, user.countyCode);
      tx.audit({ countyCode: user.countyCode, action: 'auth.logout', resourceType: 'session', resourceId: familyId, jurisdictionCode: user.jurisdictionCode });
    });
    return { revoked: true };
  }

  /** A new password ends every other login of the user. */
  async changePassword(actor: Actor, request: ChangePasswordCommand): Promise<{ changed: boolean }> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!user) throw new DomainException('USER_NOT_FOUND');
    if (!(await verifyPassword(request.currentPassword, user.passwordHash))) throw new DomainException('AUTH_PASSWORD_INCORRECT');
    assertPasswordPolicy(request.newPassword, user.username, 'newPassword');
    if (request.newPassword === request.currentPassword) {
      throw new DomainException('PASSWORD_POLICY_VIOLATION', '新密码不能与原密码相同 The new password must differ', [{ field: 'newPassword', messages: ['must differ from the current password'] }]);
    }
    const passwordHash = await hashPassword(request.newPassword, this.config.PASSWORD_HASH_COST);
    await this.uow.run(async (tx) => {
      await tx.em.getRepository(UserEntity).update({ id: user.id }, { passwordHash, passwordChangedAt: new Date(), passwordChangeRequired: false });
      await this.revoker.revokeAllOfUser(tx, user.id, user.countyCode, request.sessionId);
      tx.audit({ countyCode: user.countyCode, action: 'auth.password-change', resourceType: 'user', resourceId: user.id, jurisdictionCode: user.jurisdictionCode });
    });
    return { changed: true };
  }

  private async issue(tx: Transaction, user: UserEntity, familyId: string): Promise<TokenResponse & { sessionId: string }> {
    const sessionId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await tx.em.getRepository(SessionEntity).insert({
      id: sessionId,
      familyId,
      userId: user.id,
      tokenHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
      revokedAt: null,
      replacedBy: null,
    });
    const claims: AccessTokenClaims = { sub: user.id, sid: familyId, usr: user.username, roles: user.roles, org: user.organisationId, jur: user.jurisdictionCode, ...(user.passwordChangeRequired ? { pwc: true } : {}) };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, jwtid: randomUUID() });
    return {
      sessionId,
      accessToken,
      refreshToken: `${sessionId}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshExpiresIn: this.config.REFRESH_TOKEN_TTL_SECONDS,
      passwordChangeRequired: user.passwordChangeRequired,
      user: toUserView(user),
    };
  }
}
