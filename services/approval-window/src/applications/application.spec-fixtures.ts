import type { ApplicationEntity } from './application.entity';
import { receivedApplication, recordMaterials, type ApplicationRecord } from './application-steps';

/** Shared by the application unit specs (never built: `*.spec-fixtures.ts` is excluded like specs). */
export const SPEC_ITEM: ApplicationEntity['item'] = {
  code: 'XK-001',
  name: '临时占用城市道路许可',
  department: '太仓市城市管理局',
  category: '城市管理',
  legalBasis: '《城市道路管理条例》第三十一条',
  statutoryDays: 20,
  promisedDays: 5,
  materials: [
    { name: '申请表', required: true },
    { name: '身份证明', required: true },
    { name: '交通部门意见', required: false },
  ],
};

export const SPEC_MASKED_ID = '110105********002X';

/** An application as received at Liuhe's window on 2026-09-24, both required materials given. */
export function receivedForSpec(materials: { name: string; copies?: number; original?: boolean }[] = [{ name: '申请表' }, { name: '身份证明' }]): ApplicationRecord {
  const received = receivedApplication({
    id: 'a1',
    townCode: '320585102',
    townName: '浏河镇',
    itemId: 'i1',
    item: SPEC_ITEM,
    applicant: {
      applicantKind: 'person',
      applicantName: '张三',
      applicantIdCipher: 'cipher',
      applicantIdHash: 'hash',
      applicantIdMasked: SPEC_MASKED_ID,
      applicantPhoneCipher: 'cipher',
      applicantPhoneMasked: '139****5678',
      applicantContactName: null,
      applicantAddress: null,
    },
    materials: recordMaterials(SPEC_ITEM, materials, 0),
    note: null,
    receivedOn: '2026-09-24',
    createdBy: 'clerk',
  });
  return { ...received, applicationNo: 'SQ320585102-2026-00000001' };
}
