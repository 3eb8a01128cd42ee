import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  IDENTITY_EVENTS,
  isWithinJurisdiction,
  scopePrefix,
  type Actor,
  type CreateUserRequest,
  type ListUsersQuery,
  type Page,
  type SetUserStatusRequest,
  type UserCreatedEvent,
  type UserStatusChangedEvent,
  type UserView,
} from '@yiti/contracts';
import { DomainException, SERVICE_CONFIG, UnitOfWork, readPage } from '@yiti/platform';
import { assertIdentityAdmin, assertMayGrantRoles, assertWithin, visibleTo } from '../access/access-rules';
import type { IdentityConfig } from '../config';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { assertPasswordPolicy, hashPassword } from './password';
import { UserEntity } from './user.entity';
import { SessionRevoker } from '../auth/session-revoker';

export function toUserView(entity: UserEntity): UserView {
  return {
    id: entity.id,
    username: entity.username,
    displayName: entity.displayName,
    organisationId: entity.organisationId,
    jurisdictionCode: entity.jurisdictionCode,
    roles: entity.roles,
    status: entity.status,
    lockedUntil: entity.lockedUntil && entity.lockedUntil.getTime() > Date.now() ? entity.lockedUntil.toISOString() : null,
    createdAt: entity.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionRevoker,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async create(actor: Actor, request: CreateUserRequest): Promise<UserView> {
    assertIdentityAdmin(actor);
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: request.organisationId });
    if (!organisation || !visibleTo(actor, organisation.jurisdictionCode)) {
      throw new DomainException('ORGANISATION_NOT_FOUND', `机构 ${request.organisationId} 不存在 Organisation not found`);
    }
    const jurisdictionCode = request.jurisdictionCode ?? organisation.jurisdictionCode;
    if (!isWithinJurisdiction(organisation.jurisdictionCode, jurisdictionCode)) {
      throw new DomainException('VALIDATION_FAILED', '用户管辖区划须在所属机构区划内 The user\'s jurisdiction must lie inside the organisation\'s', [
        { field: 'jurisdictionCode', messages: [`must lie inside ${organisation.jurisdictionCode}`] },
      ]);
    }
    assertWithin(actor, jurisdictionCode);
    assertMayGrantRoles(actor, request.roles, organisation.kind);
    assertPasswordPolicy(request.password, request.username);
    const passwordHash = await hashPassword(request.password, this.config.PASSWORD_HASH_COST);
    try {
      return await this.uow.run(async (tx) => {
        const entity = tx.em.getRepository(UserEntity).create({
            id: randomUUID(),
            username: request.username,
            displayName: request.displayName,
            passwordHash,
            organisationId: organisation.id,
            jurisdictionCode,
            countyCode: organisation.countyCode,
            roles: request.roles,
            status: 'active',
            failedAttempts: 0,
            lockedUntil: null,
            passwordChangedAt: new Date(),
            passwordChangeRequired: request.requirePasswordChange ?? false,
            createdAt: new Date(),
            updatedAt: new Date(),
          });
        await tx.em.insert(UserEntity, entity);
        const view = toUserView(entity);
        tx.audit({ countyCode: entity.countyCode, action: 'user.create', resourceType: 'user', resourceId: entity.id, jurisdictionCode, after: view });
        tx.emit<UserCreatedEvent>(
          IDENTITY_EVENTS.userCreated,
          { id: entity.id, username: entity.username, organisationId: entity.organisationId, jurisdictionCode, roles: entity.roles },
          entity.countyCode,
        );
        return view;
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505') throw new DomainException('USERNAME_TAKEN', `用户名 ${request.username} 已被使用 Username taken`);
      // The only foreign key a new user can miss: a jurisdiction identity does not know (yet).
      if (code === '23503') {
        throw new DomainException('JURISDICTION_NOT_FOUND', `行政区划 ${jurisdictionCode} 不存在 Jurisdiction ${jurisdictionCode} not found`, [
          { field: 'jurisdictionCode', messages: [`unknown jurisdiction ${jurisdictionCode}`] },
        ]);
      }
      throw error;
    }
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    return toUserView(await this.findVisible(actor, id));
  }

  async me(actor: Actor): Promise<UserView> {
    const entity = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.userId });
    if (!entity) throw new DomainException('USER_NOT_FOUND');
    return toUserView(entity);
  }

  async list(actor: Actor, query: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.jurisdiction_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.jurisdictionCode) qb.andWhere('u.jurisdiction_code LIKE :sub', { sub: `${scopePrefix(query.jurisdictionCode)}%` });
    if (query.organisationId) qb.andWhere('u.organisation_id = :org', { org: query.organisationId });
    if (query.role) qb.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.q) {
      const q = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
      qb.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q)', { q });
    }
    const { items: rows, ...counted } = await readPage(qb.orderBy('u.username'), query);
    return { items: rows.map(toUserView), ...counted };
  }

  /** Disabling ends every session at once; enabling also clears a lockout. */
  async setStatus(actor: Actor, id: string, request: SetUserStatusRequest): Promise<UserView> {
    assertIdentityAdmin(actor);
    const current = await this.findVisible(actor, id);
    if (current.id === actor.userId) throw new DomainException('FORBIDDEN_ROLE', '不能更改自己的状态 You cannot change your own status');
    return this.uow.run(async (tx) => {
      const repo = tx.em.getRepository(UserEntity);
      const before = toUserView(current);
      current.status = request.status;
      if (request.status === 'active') {
        current.failedAttempts = 0;
        current.lockedUntil = null;
      }
      const saved = await repo.save(current);
      if (request.status === 'disabled') await this.sessions.revokeAllOfUser(tx, saved.id, saved.countyCode);
      const after = toUserView(saved);
      tx.audit({ countyCode: saved.countyCode, action: `user.${request.status === 'active' ? 'enable' : 'disable'}`, resourceType: 'user', resourceId: saved.id, jurisdictionCode: saved.jurisdictionCode, before, after: { ...after, reason: request.reason } });
      tx.emit<UserStatusChangedEvent>(IDENTITY_EVENTS.userStatusChanged, { id: saved.id, status: saved.status, reason: request.reason }, saved.countyCode);
      return after;
    });
  }

  private async findVisible(actor: Actor, id: string): Promise<UserEntity> {
    const entity = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!entity || !visibleTo(actor, entity.jurisdictionCode)) throw new DomainException('USER_NOT_FOUND', `用户 ${id} 不存在 User ${id} not found`);
    return entity;
  }
}
