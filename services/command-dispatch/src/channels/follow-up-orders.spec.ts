import type { PenaltyDecidedEvent } from '@yiti/contracts';
import { penaltyFollowUpOrder } from './follow-up-orders';

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

describe('enforcement follow-up orders', () => {
  it('makes an order only of a penalty that must be seen to hold on site, keyed by the penalty and without the party', () => {
    expect(penaltyFollowUpOrder(penalty(['warning', 'fine']))).toBeNull();
    const order = penaltyFollowUpOrder(penalty(['fine', 'suspension']));
    expect(order).toMatchObject({ channel: 'enforcement', sourceRef: 'penalty:p-1', category: 'enforcement.referral', townCode: '320585101', fields: { penaltyKinds: ['suspension'] } });
    const text = JSON.stringify(order);
    expect(text).not.toContain('张三丰');
    expect(text).not.toContain('3205**********1234');
  });
});
