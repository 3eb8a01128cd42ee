import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_HEARING_THRESHOLDS, type Actor, type HearingThresholds, type HearingThresholdsCommand } from '@yiti/contracts';
import { DomainException, UnitOfWork, assertRole, assertWithin, concerns } from '@yiti/platform';
import { READERS } from '../penalties/on-the-spot-penalties';

/** 听证标准: the county's thresholds ("较大数额", art. 63), or the defaults until it sets its own. */
export async function hearingThresholds(dataSource: Pick<DataSource, 'query'>, countyCode: string): Promise<HearingThresholds> {
  const rows: { citizen_fen: string; organisation_fen: string }[] = await dataSource.query(`SELECT citizen_fen::text, organisation_fen::text FROM enforcement.hearing_threshold WHERE county_code = $1`, [countyCode]);
  const row = rows[0];
  return row ? { citizenYuan: Number(row.citizen_fen) / 100, organisationYuan: Number(row.organisation_fen) / 100 } : DEFAULT_HEARING_THRESHOLDS;
}

/** The county admin sets the county's hearing thresholds; every enforcement reader sees them. */
@Injectable()
export class HearingThresholdSettings {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
  ) {}

  async get(actor: Actor, countyCode: string): Promise<HearingThresholds> {
    assertRole(actor, READERS, '查阅听证标准 Reading hearing thresholds');
    if (!concerns(actor, countyCode)) throw new DomainException('JURISDICTION_NOT_FOUND', `县 ${countyCode} 不在管辖范围内 County ${countyCode} not in your jurisdiction`);
    return hearingThresholds(this.dataSource, countyCode);
  }

  async set(actor: Actor, command: HearingThresholdsCommand): Promise<HearingThresholds> {
    assertRole(actor, ['county_admin'], '设定听证标准 Setting hearing thresholds');
    assertWithin(actor, command.countyCode);
    const before = await hearingThresholds(this.dataSource, command.countyCode);
    await this.uow.run(async (tx) => {
      await tx.em.query(
        `INSERT INTO enforcement.hearing_threshold (county_code, citizen_fen, organisation_fen, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (county_code) DO UPDATE SET citizen_fen = EXCLUDED.citizen_fen, organisation_fen = EXCLUDED.organisation_fen, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [command.countyCode, Math.round(command.citizenYuan * 100), Math.round(command.organisationYuan * 100), actor.userId],
      );
      tx.audit({ countyCode: command.countyCode, jurisdictionCode: command.countyCode, action: 'hearing_thresholds.set', resourceType: 'hearing_threshold', resourceId: command.countyCode, before: { ...before }, after: { citizenYuan: command.citizenYuan, organisationYuan: command.organisationYuan } });
    });
    return { citizenYuan: command.citizenYuan, organisationYuan: command.organisationYuan };
  }
}
