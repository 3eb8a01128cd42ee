import type { ApprovalGrantedEvent, PenaltyDecidedEvent } from '@yiti/contracts';
import { approvalHandoverOrder, penaltyFollowUpOrder } from './follow-up-orders';

const penalty = (penaltyKinds: string[]): PenaltyDecidedEvent => ({
  penaltyId: 'p-1',
  decisionNo: '县综执罚〔2026〕7号',
  procedure: 'ordinary',
  countyCode: '320585',
  townCode: '320585101',
  itemId: 'i-1',
  itemCode: 'XZCF-001',
  partyKind: 'person',
  partyName: '张三丰',
  partyIdNumberMasked: '3205**********1234',
  partyIdNumberHash: 'h',
  penaltyKinds,
  fineFen: 0,
  decidedOn: '2026-12-01',
});

describe('enforcement and approval follow-up orders', () => {
  it('makes an order only of a penalty that must be seen to hold on site, keyed by the penalty and without the party', () => {
    expect(penaltyFollowUpOrder(penalty(['warning', 'fine']))).toBeNull();
    const order = penaltyFollowUpOrder(penalty(['fine', 'suspension']));
    expect(order).toMatchObject({ channel: 'enforcement', sourceRef: 'penalty:p-1', category: 'enforcement.referral', townCode: '320585101', fields: { penaltyKinds: ['suspension'] } });
    const text = JSON.stringify(order);
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('3205**********1234');
  });

  it('hands a granted licence over to its town, keyed by the application and without the holder', () => {
    const event: ApprovalGrantedEvent = {
      applicationId: 'a-1',
      applicationNo: 'SP-1',
      countyCode: '320585',
      townCode: '320585102',
      itemId: 'i-2',
      itemCode: 'XK-002',
      itemName: '食品经营许可',
      department: '县市场监管局',
      holder: { kind: 'person', name: '李四', idNumberMasked: '3205**********5678', idNumberHash: 'h' },
      approvedOn: '2026-12-01',
      validFrom: '2026-12-01',
      validUntil: null,
      approvedBy: null,
    } as ApprovalGrantedEvent;
    const order = approvalHandoverOrder(event);
    expect(order).toMatchObject({ channel: 'approval', sourceRef: 'approval:a-1', category: 'approval.follow_up', townCode: '320585102' });
    expect(JSON.stringify(order)).not.toMatch(/李四|5678/);
  });
});
