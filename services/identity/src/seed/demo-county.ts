import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { impliedParentCode, levelOf, type OrganisationKind, type Role } from '@yiti/contracts';
import { appendAudit, type AuditEntry } from '@yiti/platform';
import { countyKey } from '../access/access-rules';
import { JurisdictionEntity } from '../jurisdictions/jurisdiction.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { hashPassword } from '../users/password';
import { UserEntity } from '../users/user.entity';
import { IDENTITY_SCHEMA } from '../identity.module';
import { seedDemoCatalog } from './demo-catalog';

/**
 * Demo data: Taicang (太仓市, 320585) in Suzhou, Jiangsu. County and city codes are the national
 * ones; town, village and grid codes below the county are illustrative sample data.
 */
export const DEMO_PASSWORD = 'Yiti@2026demo';

export const DEMO_JURISDICTIONS: [string, string][] = [
  ['320000', '江苏省'],
  ['320500', '苏州市'],
  ['320585', '太仓市'],
  ['320585001', '娄东街道'],
  ['320585100', '城厢镇'],
  ['320585101', '沙溪镇'],
  ['320585102', '浏河镇'],
  ['320585103', '浮桥镇'],
  ['320585104', '璜泾镇'],
  ['320585105', '双凤镇'],
  ['320585102001', '新闸社区'],
  ['320585102201', '东仓村'],
  ['320585102202', '何桥村'],
  ['320585100201', '南郊村'],
  ['320585102001001', '新闸社区第一网格'],
  ['320585102201001', '东仓村第一网格'],
  ['320585102201002', '东仓村第二网格'],
  ['320585100201001', '南郊村第一网格'],
];

interface DemoOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  jurisdictionCode: string;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { code: 'JS-BB', name: '江苏省委机构编制委员会办公室', kind: 'staffing_office', jurisdictionCode: '320000' },
  { code: 'SZ-BB', name: '苏州市委机构编制委员会办公室', kind: 'staffing_office', jurisdictionCode: '320500' },
  { code: 'TC-SWZF', name: '中共太仓市委 太仓市人民政府', kind: 'county_leadership', jurisdictionCode: '320585' },
  { code: 'TC-SPJ', name: '太仓市行政审批局', kind: 'county_department', jurisdictionCode: '320585' },
  { code: 'TC-BB', name: '太仓市委机构编制委员会办公室', kind: 'staffing_office', jurisdictionCode: '320585' },
  { code: 'TC-SJJ', name: '太仓市市场监督管理局', kind: 'county_department', jurisdictionCode: '320585' },
  { code: 'TC-VENDOR', name: '一体化平台运维服务商', kind: 'vendor', jurisdictionCode: '320585' },
  { code: 'LH-ZF', name: '浏河镇人民政府', kind: 'town_government', jurisdictionCode: '320585102' },
  { code: 'LH-BMFW', name: '浏河镇便民服务中心', kind: 'service_centre', jurisdictionCode: '320585102' },
  { code: 'LH-JJFZ', name: '浏河镇经济发展和建设局', kind: 'town_functional_institution', jurisdictionCode: '320585102' },
  { code: 'LH-ZHZF', name: '浏河镇综合行政执法局', kind: 'enforcement_team', jurisdictionCode: '320585102' },
  { code: 'LH-ZHZX', name: '浏河镇社会治理综合指挥中心', kind: 'command_centre', jurisdictionCode: '320585102' },
  { code: 'LH-DC', name: '东仓村村民委员会', kind: 'village_committee', jurisdictionCode: '320585102201' },
  { code: 'CX-BMFW', name: '城厢镇便民服务中心', kind: 'service_centre', jurisdictionCode: '320585100' },
  { code: 'CX-ZF', name: '城厢镇人民政府', kind: 'town_government', jurisdictionCode: '320585100' },
];

interface DemoUser {
  username: string;
  displayName: string;
  organisationCode: string;
  roles: Role[];
  jurisdictionCode?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'jiangsu.admin', displayName: '省级管理员', organisationCode: 'JS-BB', roles: ['province_admin'] },
  { username: 'taicang.admin', displayName: '太仓市管理员', organisationCode: 'TC-SPJ', roles: ['county_admin'] },
  { username: 'taicang.staffing', displayName: '太仓编办审核员', organisationCode: 'TC-BB', roles: ['staffing_officer'] },
  { username: 'suzhou.staffing', displayName: '苏州市编办审核员', organisationCode: 'SZ-BB', roles: ['staffing_officer'] },
  { username: 'taicang.leader', displayName: '太仓市领导', organisationCode: 'TC-SWZF', roles: ['county_leader'] },
  { username: 'taicang.dept', displayName: '市场监管局经办人', organisationCode: 'TC-SJJ', roles: ['department_staff'] },
  { username: 'taicang.vendor', displayName: '运维工程师', organisationCode: 'TC-VENDOR', roles: ['ops_vendor'] },
  { username: 'liuhe.clerk', displayName: '浏河窗口受理员', organisationCode: 'LH-BMFW', roles: ['window_clerk'] },
  { username: 'liuhe.approver', displayName: '浏河审批员', organisationCode: 'LH-JJFZ', roles: ['approver'] },
  { username: 'liuhe.leader', displayName: '浏河分管领导', organisationCode: 'LH-ZF', roles: ['leader'] },
  { username: 'liuhe.officer', displayName: '浏河执法队员甲', organisationCode: 'LH-ZHZF', roles: ['enforcement_officer'] },
  { username: 'liuhe.officer2', displayName: '浏河执法队员乙', organisationCode: 'LH-ZHZF', roles: ['enforcement_officer'] },
  { username: 'liuhe.legal', displayName: '浏河法制审核员', organisationCode: 'LH-ZHZF', roles: ['legal_reviewer'] },
  { username: 'liuhe.grid', displayName: '东仓村网格员', organisationCode: 'LH-DC', roles: ['grid_worker'], jurisdictionCode: '320585102201001' },
  { username: 'liuhe.dispatcher', displayName: '浏河调度员', organisationCode: 'LH-ZHZX', roles: ['dispatcher'] },
  { username: 'liuhe.commander', displayName: '浏河指挥长', organisationCode: 'LH-ZHZX', roles: ['commander'] },
  { username: 'chengxiang.clerk', displayName: '城厢窗口受理员', organisationCode: 'CX-BMFW', roles: ['window_clerk'] },
];

/** Idempotent: only what is missing is added. Returns counts of what was added. */
export async function seedDemoCounty(dataSource: DataSource, passwordCost: number): Promise<{ jurisdictions: number; organisations: number; users: number; catalogItems: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD, passwordCost);
  const people = await dataSource.transaction(async (em) => {
    const added = { jurisdictions: 0, organisations: 0, users: 0 };
    const audits: AuditEntry[] = [];
    const system = { actorId: 'system:seed', actorRoles: [], correlationId: 'seed-demo' };
    for (const [code, name] of DEMO_JURISDICTIONS) {
      if (await em.existsBy(JurisdictionEntity, { code })) continue;
      const level = levelOf(code);
      if (!level) throw new Error(`bad demo code ${code}`);
      await em.insert(JurisdictionEntity, { code, name, level, parentCode: impliedParentCode(code) });
      audits.push({ ...system, countyCode: countyKey(code), action: 'jurisdiction.create', resourceType: 'jurisdiction', resourceId: code, jurisdictionCode: code, after: { code, name } });
      added.jurisdictions++;
    }
    const orgIds = new Map<string, string>();
    for (const org of DEMO_ORGANISATIONS) {
      const countyCode = countyKey(org.jurisdictionCode);
      const existing = await em.findOneBy(OrganisationEntity, { countyCode, code: org.code });
      if (existing) {
        orgIds.set(org.code, existing.id);
        continue;
      }
      const id = randomUUID();
      await em.insert(OrganisationEntity, { id, ...org, countyCode, parentId: null });
      orgIds.set(org.code, id);
      audits.push({ ...system, countyCode, action: 'organisation.create', resourceType: 'organisation', resourceId: id, jurisdictionCode: org.jurisdictionCode, after: org });
      added.organisations++;
    }
    for (const user of DEMO_USERS) {
      if (await em.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.username) = lower(:n)', { n: user.username }).getExists()) continue;
      const org = DEMO_ORGANISATIONS.find((o) => o.code === user.organisationCode);
      const organisationId = orgIds.get(user.organisationCode);
      if (!org || !organisationId) throw new Error(`demo user ${user.username} names unknown organisation ${user.organisationCode}`);
      const jurisdictionCode = user.jurisdictionCode ?? org.jurisdictionCode;
      const id = randomUUID();
      await em.insert(UserEntity, {
        id,
        username: user.username,
        displayName: user.displayName,
        passwordHash,
        organisationId,
        jurisdictionCode,
        countyCode: countyKey(jurisdictionCode),
        roles: user.roles,
        status: 'active',
        failedAttempts: 0,
        lockedUntil: null,
        passwordChangedAt: new Date(),
      });
      audits.push({ ...system, countyCode: countyKey(jurisdictionCode), action: 'user.create', resourceType: 'user', resourceId: id, jurisdictionCode, after: { username: user.username, roles: user.roles } });
      added.users++;
    }
    await appendAudit(em, IDENTITY_SCHEMA, audits);
    return added;
  });
  // After the commit: the catalog and delegation services write through their own transactions.
  return { ...people, catalogItems: await seedDemoCatalog(dataSource) };
}
