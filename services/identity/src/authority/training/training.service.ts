import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  countyOf,
  levelOf,
  scopePrefix,
  type Actor,
  type AttendanceView,
  type CreateTrainingSessionRequest,
  type ListAttendanceQuery,
  type ListTrainingSessionsQuery,
  type Page,
  type RecordAttendanceCommand,
  type RecordAttendanceResult,
  type TrainingSessionView,
} from '@yiti/contracts';
import { DomainException, isRealDate, todayInShanghai, UnitOfWork, readPage } from '@yiti/platform';
import { assertWithin, concerns, visibleTo } from '../../access/access-rules';
import { OrganisationEntity } from '../../organisations/organisation.entity';
import { UserEntity } from '../../users/user.entity';
import { assertRole } from '../authority-access';
import { attendanceRecorderProblem, unknownCategories } from './training-rules';
import { TrainingAttendanceEntity, TrainingSessionEntity } from './training.entity';

const SESSION_MANAGERS = ['county_admin'] as const;

function toAttendanceView(a: TrainingAttendanceEntity, user: Pick<UserEntity, 'username' | 'displayName'>): AttendanceView {
  return {
    sessionId: a.sessionId,
    userId: a.userId,
    username: user.username,
    displayName: user.displayName,
    jurisdictionCode: a.jurisdictionCode,
    attended: a.attended,
    score: a.score,
    passed: a.passed,
    recordedAt: a.recordedAt.toISOString(),
  };
}

/** The categories a county may train and certify for: those of its catalog version's items. */
export async function countyCatalogCategories(dataSource: DataSource, countyCode: string): Promise<string[]> {
  const rows: { category: string | null }[] = await dataSource.query(
    `SELECT DISTINCT i.category FROM identity.county_catalog c LEFT JOIN identity.catalog_item i ON i.version_id = c.version_id WHERE c.county_code = $1`,
    [countyCode],
  );
  if (rows.length === 0) throw new DomainException('COUNTY_CATALOG_NOT_SET', `${countyCode} 尚未选用目录版本 has not chosen a catalog version`);
  return rows.flatMap((r) => (r.category === null ? [] : [r.category]));
}

export async function assertCatalogCategories(dataSource: DataSource, countyCode: string, categories: string[]): Promise<void> {
  const unknown = unknownCategories(categories, await countyCatalogCategories(dataSource, countyCode));
  if (unknown.length > 0) {
    throw new DomainException('TRAINING_CATEGORY_INVALID', `业务类别不在本县选用的目录中 Not categories of the county's catalog: ${unknown.join(', ')}`, [{ field: 'categories', messages: unknown }]);
  }
}

@Injectable()
export class TrainingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async createSession(actor: Actor, request: CreateTrainingSessionRequest): Promise<TrainingSessionView> {
    assertRole(actor, [...SESSION_MANAGERS], '组织培训 create a training session');
    if (levelOf(request.countyCode) !== 'county') throw new DomainException('VALIDATION_FAILED', `${request.countyCode} 不是县级代码 not a county code`, [{ field: 'countyCode', messages: ['not a county code'] }]);
    assertWithin(actor, request.countyCode);
    if (!isRealDate(request.heldOn)) throw new DomainException('VALIDATION_FAILED', `${request.heldOn} 不是有效日期 is not a date`, [{ field: 'heldOn', messages: ['not a calendar date'] }]);
    const organiser = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: request.organiserOrganisationId });
    if (!organiser || !visibleTo(actor, organiser.jurisdictionCode)) throw new DomainException('ORGANISATION_NOT_FOUND', `主办机构 ${request.organiserOrganisationId} 不存在 Organiser not found`);
    await assertCatalogCategories(this.dataSource, request.countyCode, request.categories);
    const entity = await this.uow.run(async (tx) => {
      const session = tx.em.create(TrainingSessionEntity, {
        id: randomUUID(),
        countyCode: request.countyCode,
        topic: request.topic,
        categories: request.categories,
        heldOn: request.heldOn,
        hours: request.hours,
        organiserOrganisationId: organiser.id,
        createdBy: actor.userId,
        createdAt: new Date(),
      });
      await tx.em.insert(TrainingSessionEntity, session);
      tx.audit({ countyCode: session.countyCode, action: 'training.session.create', resourceType: 'training_session', resourceId: session.id, jurisdictionCode: session.countyCode, after: { ...request } });
      return session;
    });
    return (await this.sessionViews([entity]))[0] as TrainingSessionView;
  }

  async getSession(actor: Actor, id: string): Promise<TrainingSessionView> {
    return (await this.sessionViews([await this.findSession(actor, id)]))[0] as TrainingSessionView;
  }

  async listSessions(actor: Actor, query: ListTrainingSessionsQuery): Promise<Page<TrainingSessionView>> {
    const qb = this.dataSource
      .getRepository(TrainingSessionEntity)
      .createQueryBuilder('s')
      .where('(s.county_code LIKE :scope OR s.county_code = :ownCounty)', { scope: `${scopePrefix(actor.jurisdictionCode)}%`, ownCounty: countyOf(actor.jurisdictionCode) ?? '' });
    if (query.countyCode) qb.andWhere('s.county_code = :county', { county: query.countyCode });
    if (query.category) qb.andWhere(':category = ANY(s.categories)', { category: query.category });
    if (query.from) qb.andWhere('s.held_on >= :from', { from: query.from });
    if (query.to) qb.andWhere('s.held_on <= :to', { to: query.to });
    const { items: rows, ...counted } = await readPage(qb.orderBy('s.held_on', 'DESC').addOrderBy('s.created_at', 'DESC'), query);
    return { items: await this.sessionViews(rows), ...counted };
  }

  /**
   * Records (or corrects) attendance for many users at once: all or nothing. A county admin records
   * for anyone of the county in their subtree, a town's leader for the town's people.
   */
  async recordAttendance(actor: Actor, command: RecordAttendanceCommand): Promise<RecordAttendanceResult> {
    assertRole(actor, ['county_admin', 'leader'], '记录参训情况 record attendance');
    if (attendanceRecorderProblem(actor, actor.jurisdictionCode) === 'role') {
      throw new DomainException('FORBIDDEN_ROLE', '只有乡镇分管领导或县级管理员可记录参训情况 Only a town\'s leader or a county admin records attendance');
    }
    const session = await this.findSession(actor, command.sessionId);
    if (session.heldOn > todayInShanghai()) throw new DomainException('INVALID_TRANSITION', `培训定于 ${session.heldOn},尚未举行 The session is held on ${session.heldOn}`);

    const fieldErrors = command.records.flatMap((r, i) => [
      ...(r.passed && !r.attended ? [{ field: `records.${i}.passed`, messages: ['only an attendee can pass'] }] : []),
      ...(r.score !== undefined && r.score !== null && !r.attended ? [{ field: `records.${i}.score`, messages: ['only an attendee has a score'] }] : []),
    ]);
    const ids = command.records.map((r) => r.userId);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0) fieldErrors.push({ field: 'records', messages: [`users recorded twice: ${[...new Set(duplicates)].join(', ')}`] });
    if (fieldErrors.length > 0) throw new DomainException('VALIDATION_FAILED', fieldErrors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | '), fieldErrors);

    const users = await this.dataSource.getRepository(UserEntity).findBy({ id: In(ids) });
    // A leader sees only the town's people: anyone else is not found, as for any record outside one's scope.
    const byId = new Map(users.filter((u) => attendanceRecorderProblem(actor, u.jurisdictionCode) === null).map((u) => [u.id, u]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new DomainException('USER_NOT_FOUND', `用户不存在 Users not found: ${missing.join(', ')}`, [{ field: 'records', messages: missing }]);
    const foreign = users.filter((u) => u.countyCode !== session.countyCode);
    if (foreign.length > 0) {
      throw new DomainException('ATTENDANCE_USER_INVALID', `参训人员不属于 ${session.countyCode} Not of county ${session.countyCode}: ${foreign.map((u) => u.username).join(', ')}`, [{ field: 'records', messages: foreign.map((u) => u.id) }]);
    }

    return this.uow.run(async (tx) => {
      const existing = await tx.em
        .getRepository(TrainingAttendanceEntity)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.session_id = :session AND a.user_id IN (:...ids)', { session: session.id, ids })
        .getMany();
      const before = new Map(existing.map((a) => [a.userId, a]));
      const recorded: AttendanceView[] = [];
      for (const record of command.records) {
        const user = byId.get(record.userId) as UserEntity;
        const row = tx.em.create(TrainingAttendanceEntity, {
          sessionId: session.id,
          userId: user.id,
          jurisdictionCode: user.jurisdictionCode,
          attended: record.attended,
          score: record.score ?? null,
          passed: record.passed,
          recordedBy: actor.userId,
          recordedAt: new Date(),
        });
        await tx.em.upsert(TrainingAttendanceEntity, row, ['sessionId', 'userId']);
        const view = toAttendanceView(row, user);
        const previous = before.get(user.id);
        tx.audit({
          countyCode: session.countyCode,
          action: 'training.attendance.record',
          resourceType: 'training_attendance',
          resourceId: `${session.id}/${user.id}`,
          jurisdictionCode: user.jurisdictionCode,
          before: previous ? toAttendanceView(previous, user) : null,
          after: view,
        });
        recorded.push(view);
      }
      return { recorded };
    });
  }

  async listAttendance(actor: Actor, query: ListAttendanceQuery): Promise<Page<AttendanceView>> {
    if (query.sessionId) await this.findSession(actor, query.sessionId);
    const qb = this.dataSource
      .getRepository(TrainingAttendanceEntity)
      .createQueryBuilder('a')
      .where('a.jurisdiction_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    if (query.sessionId) qb.andWhere('a.session_id = :session', { session: query.sessionId });
    if (query.userId) qb.andWhere('a.user_id = :user', { user: query.userId });
    if (query.jurisdictionCode) qb.andWhere('a.jurisdiction_code LIKE :sub', { sub: `${scopePrefix(query.jurisdictionCode)}%` });
    const { items: rows, ...counted } = await readPage(qb.orderBy('a.recorded_at', 'DESC').addOrderBy('a.user_id'), query);
    const users = rows.length === 0 ? [] : await this.dataSource.getRepository(UserEntity).findBy({ id: In([...new Set(rows.map((r) => r.userId))]) });
    const byId = new Map(users.map((u) => [u.id, u]));
    return { items: rows.map((r) => toAttendanceView(r, byId.get(r.userId) as UserEntity)), ...counted };
  }

  private async findSession(actor: Actor, id: string): Promise<TrainingSessionEntity> {
    const session = await this.dataSource.getRepository(TrainingSessionEntity).findOneBy({ id });
    if (!session || !concerns(actor, session.countyCode)) throw new DomainException('TRAINING_SESSION_NOT_FOUND', `培训 ${id} 不存在 Training session ${id} not found`);
    return session;
  }

  private async sessionViews(sessions: TrainingSessionEntity[]): Promise<TrainingSessionView[]> {
    if (sessions.length === 0) return [];
    const organisations = await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In([...new Set(sessions.map((s) => s.organiserOrganisationId))]) });
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    const counts: { session_id: string; attended: number; passed: number }[] = await this.dataSource.query(
      `SELECT session_id, count(*) FILTER (WHERE attended)::int AS attended, count(*) FILTER (WHERE passed)::int AS passed
       FROM identity.training_attendance WHERE session_id = ANY($1::uuid[]) GROUP BY session_id`,
      [sessions.map((s) => s.id)],
    );
    const countsById = new Map(counts.map((c) => [c.session_id, c]));
    return sessions.map((s) => ({
      id: s.id,
      countyCode: s.countyCode,
      topic: s.topic,
      categories: s.categories,
      heldOn: s.heldOn,
      hours: s.hours,
      organiserOrganisationId: s.organiserOrganisationId,
      organiserName: names.get(s.organiserOrganisationId) ?? '',
      attended: countsById.get(s.id)?.attended ?? 0,
      passed: countsById.get(s.id)?.passed ?? 0,
      createdAt: s.createdAt.toISOString(),
    }));
  }
}
