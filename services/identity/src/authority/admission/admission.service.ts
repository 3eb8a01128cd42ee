import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import {
  ADMISSION_STATUS_LABELS,
  AUTHORITY_EVENTS,
  DutyProposal,
  MAX_ADMISSION_DUTIES,
  levelOf,
  scopePrefix,
  type Actor,
  type AdmissionDecisionCommand,
  type AdmissionSummaryView,
  type AdmissionView,
  type DutiesAdmittedEvent,
  type ListAdmissionsQuery,
  type Page,
  type SubmitAdmissionRequest,
} from '@yiti/contracts';
import { DomainException, UnitOfWork, type Transaction, readPage } from '@yiti/platform';
import { visibleTo } from '../../access/access-rules';
import { JurisdictionEntity } from '../../jurisdictions/jurisdiction.entity';
import { OrganisationEntity } from '../../organisations/organisation.entity';
import { assertRole } from '../authority-access';
import { DutyEntity } from '../duties/duty.entity';
import { validateRows } from '../csv-import';
import { csvRowLabel, dutyListProblems, jsonDutyLabel, responsibleOrganisationFor, type TownOrganisation } from './admission-duties';
import { decide } from './admission-lifecycle';
import { parseDutiesCsv } from './duties-csv';
import { AdmissionEntity, AdmissionStepEntity } from './admission.entity';

function toView(a: AdmissionEntity, steps: AdmissionStepEntity[]): AdmissionView {
  return { ...toSummaryView(a, steps), duties: a.duties };
}

function toSummaryView(a: AdmissionEntity, steps: AdmissionStepEntity[]): AdmissionSummaryView {
  return {
    id: a.id,
    countyCode: a.countyCode,
    applicantOrganisationId: a.applicantOrganisationId,
    title: a.title,
    documentNo: a.documentNo,
    justification: a.justification,
    townCodes: a.townCodes,
    dutyCount: a.duties.length,
    status: a.status,
    statusLabel: ADMISSION_STATUS_LABELS[a.status],
    steps: steps.map((s) => ({ fromStatus: s.fromStatus, action: s.action, toStatus: s.toStatus, actorId: s.actorId, actorRoles: s.actorRoles, reason: s.reason, at: s.at.toISOString() })),
    submittedAt: a.submittedAt.toISOString(),
  };
}

/** Duty admission (职责准入): the only way a duty enters a town's list. */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async submit(actor: Actor, request: SubmitAdmissionRequest): Promise<AdmissionView> {
    assertRole(actor, ['department_staff'], '提出职责准入申请 apply for duty admission');
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ id: actor.organisationId });
    if (!organisation || organisation.kind !== 'county_department') {
      throw new DomainException('FORBIDDEN_ROLE', '职责准入由县级职能部门提出书面申请 Only a county department applies');
    }
    const countyCode = organisation.countyCode;
    const towns = await this.dataSource.getRepository(JurisdictionEntity).findBy({ code: In(request.townCodes) });
    const invalidTowns = request.townCodes.filter((code) => !towns.some((t) => t.code === code && t.level === 'town' && t.parentCode === countyCode));
    if (invalidTowns.length > 0) throw new DomainException('DELEGATION_TOWN_INVALID', `不是本县的乡镇(街道) Not towns of ${countyCode}: ${invalidTowns.join(', ')}`);
    const duties = await this.proposedDuties(request, await this.townOrganisations(request.townCodes));

    return this.uow.run(async (tx) => {
      const admission = tx.em.create(AdmissionEntity, {
        id: randomUUID(),
        countyCode,
        applicantOrganisationId: organisation.id,
        applicantUserId: actor.userId,
        title: request.title,
        documentNo: request.documentNo,
        justification: request.justification,
        townCodes: request.townCodes,
        duties: duties.map((d) => ({ ...d })),
        status: 'county_staffing_review',
        submittedAt: new Date(),
      });
      await tx.em.insert(AdmissionEntity, admission);
      const step = await this.recordStep(tx, actor, admission.id, 'county_staffing_review', 'submit', 'county_staffing_review', null);
      tx.audit({ countyCode, action: 'duty-admission.submit', resourceType: 'duty_admission', resourceId: admission.id, jurisdictionCode: countyCode, after: { title: admission.title, documentNo: admission.documentNo, townCodes: admission.townCodes, duties: admission.duties.length } });
      return toView(admission, [step]);
    });
  }

  /**
   * The admission's duty list, from JSON or from a CSV file, checked all or nothing: every problem
   * of every duty comes back at once, under `duties[i]` (JSON) or `row n` (CSV, from 1 after the header).
   */
  private async proposedDuties(request: SubmitAdmissionRequest, organisations: TownOrganisation[]): Promise<DutyProposal[]> {
    if ((request.duties === undefined) === (request.dutiesCsv === undefined)) {
      throw new DomainException('VALIDATION_FAILED', '须提供 duties 或 dutiesCsv 之一 Give either duties or dutiesCsv', [{ field: 'duties', messages: ['give exactly one of duties, dutiesCsv'] }]);
    }
    if (request.duties) {
      const problems = dutyListProblems(request.duties, request.townCodes, organisations, jsonDutyLabel);
      if (problems.length > 0) throw new DomainException('DUTY_PROPOSAL_INVALID', problems.slice(0, 5).map((p) => `${p.field}: ${p.messages[0]}`).join(' | '), problems.slice(0, 500));
      return request.duties;
    }
    const rows = parseDutiesCsv(request.dutiesCsv as string);
    if (rows.length === 0 || rows.length > MAX_ADMISSION_DUTIES) {
      throw new DomainException('DUTY_PROPOSAL_INVALID', `CSV 须含 1 至 ${MAX_ADMISSION_DUTIES} 行职责 The CSV must hold 1 to ${MAX_ADMISSION_DUTIES} duties, not ${rows.length}`, [{ field: 'dutiesCsv', messages: [`${rows.length} rows`] }]);
    }
    const { valid, errors } = await validateRows(rows, DutyProposal);
    const problems = [...errors.map((e) => ({ field: `${csvRowLabel(e.row - 1)}: ${e.field}`, messages: [e.message] })), ...dutyListProblems(valid, request.townCodes, organisations, csvRowLabel)];
    if (problems.length > 0) {
      throw new DomainException('DUTY_PROPOSAL_INVALID', `${problems.length} 处错误,未提交 ${problems.length} problems; nothing submitted`, problems.slice(0, 500));
    }
    return valid as DutyProposal[];
  }

  private async townOrganisations(townCodes: string[]): Promise<TownOrganisation[]> {
    return this.dataSource.getRepository(OrganisationEntity).find({ where: { jurisdictionCode: In(townCodes) }, select: { id: true, code: true, kind: true, jurisdictionCode: true }, order: { code: 'ASC' } });
  }

  async decide(actor: Actor, command: AdmissionDecisionCommand): Promise<AdmissionView> {
    return this.uow.run(async (tx) => {
      const admission = await tx.em.getRepository(AdmissionEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id: command.id }).getOne();
      if (!admission || !this.visible(actor, admission)) throw new DomainException('ADMISSION_NOT_FOUND');
      const outcome = decide(admission.status, command.action, actor, admission, command.reason);
      if (!outcome.ok) throw new DomainException(outcome.code, outcome.detail, outcome.code === 'VALIDATION_FAILED' ? [{ field: 'reason', messages: [outcome.detail] }] : undefined);
      const from = admission.status;
      await tx.em.update(AdmissionEntity, { id: admission.id }, { status: outcome.to });
      admission.status = outcome.to;
      await this.recordStep(tx, actor, admission.id, from, command.action, outcome.to, command.reason ?? null);
      tx.audit({ countyCode: admission.countyCode, action: `duty-admission.${command.action}`, resourceType: 'duty_admission', resourceId: admission.id, jurisdictionCode: admission.countyCode, before: { status: from }, after: { status: outcome.to, reason: command.reason ?? null } });
      if (outcome.to === 'approved') await this.admitDuties(tx, admission);
      const steps = await tx.em.getRepository(AdmissionStepEntity).find({ where: { admissionId: admission.id }, order: { id: 'ASC' } });
      return toView(admission, steps);
    });
  }

  async list(actor: Actor, query: ListAdmissionsQuery): Promise<Page<AdmissionSummaryView>> {
    const qb = this.dataSource.getRepository(AdmissionEntity).createQueryBuilder('a');
    if (levelOf(actor.jurisdictionCode) === 'town' || levelOf(actor.jurisdictionCode) === 'village' || levelOf(actor.jurisdictionCode) === 'grid') {
      qb.where(':town = ANY(a.town_codes)', { town: actor.jurisdictionCode.slice(0, 9) });
    } else {
      qb.where('a.county_code LIKE :scope', { scope: `${scopePrefix(actor.jurisdictionCode)}%` });
    }
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.townCode) qb.andWhere(':listedTown = ANY(a.town_codes)', { listedTown: query.townCode });
    if (query.applicantOrganisationId) qb.andWhere('a.applicant_organisation_id = :applicant', { applicant: query.applicantOrganisationId });
    const { items: rows, ...counted } = await readPage(qb.orderBy('a.submitted_at', 'DESC'), query);
    const steps = rows.length === 0 ? [] : await this.dataSource.getRepository(AdmissionStepEntity).find({ where: { admissionId: In(rows.map((r) => r.id)) }, order: { id: 'ASC' } });
    return { items: rows.map((r) => toSummaryView(r, steps.filter((s) => s.admissionId === r.id))), ...counted };
  }

  async get(actor: Actor, id: string): Promise<AdmissionView> {
    const admission = await this.dataSource.getRepository(AdmissionEntity).findOneBy({ id });
    if (!admission || !this.visible(actor, admission)) throw new DomainException('ADMISSION_NOT_FOUND');
    const steps = await this.dataSource.getRepository(AdmissionStepEntity).find({ where: { admissionId: id }, order: { id: 'ASC' } });
    return toView(admission, steps);
  }

  private visible(actor: Actor, admission: AdmissionEntity): boolean {
    return visibleTo(actor, admission.countyCode) || admission.townCodes.some((town) => visibleTo(actor, town));
  }

  private async admitDuties(tx: Transaction, admission: AdmissionEntity): Promise<void> {
    const listedAt = new Date();
    const organisations = await this.townOrganisations(admission.townCodes);
    const rows = admission.townCodes.flatMap((townCode) =>
      admission.duties.map((d) =>
        tx.em.create(DutyEntity, {
          id: randomUUID(),
          countyCode: admission.countyCode,
          townCode,
          name: d.name,
          kind: d.kind,
          description: d.description ?? null,
          basis: d.basis ?? null,
          shared: d.shared,
          primaryLevel: d.primaryLevel ?? 'town',
          countyDepartment: d.countyDepartment ?? null,
          eventCategories: d.eventCategories,
          responsibleOrganisationKind: d.responsibleOrganisationKind,
          responsibleOrganisationId: responsibleOrganisationFor(d, townCode, organisations),
          admissionId: admission.id,
          listedAt,
        }),
      ),
    );
    for (let i = 0; i < rows.length; i += 500) await tx.em.insert(DutyEntity, rows.slice(i, i + 500));
    tx.emit<DutiesAdmittedEvent>(
      AUTHORITY_EVENTS.dutiesAdmitted,
      { admissionId: admission.id, countyCode: admission.countyCode, townCodes: admission.townCodes, dutyIds: rows.map((r) => r.id), eventCategories: [...new Set(rows.flatMap((r) => r.eventCategories))] },
      admission.countyCode,
    );
  }

  private async recordStep(tx: Transaction, actor: Actor, admissionId: string, fromStatus: AdmissionEntity['status'], action: AdmissionStepEntity['action'], toStatus: AdmissionEntity['status'], reason: string | null): Promise<AdmissionStepEntity> {
    const step = tx.em.create(AdmissionStepEntity, { admissionId, fromStatus, action, toStatus, actorId: actor.userId, actorRoles: actor.roles, reason, at: new Date() });
    await tx.em.insert(AdmissionStepEntity, step);
    return step;
  }
}
