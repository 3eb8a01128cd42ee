import type { PenaltyDecidedEvent } from '@yiti/contracts';
import type { InternalWorkOrderInput } from '../work-orders/work-order-intake';

/**
 * 执法后续事项 The enforcement events the command centre turns into work orders.
 *
 * - enforcement `penalty.decided` with a penalty that must be seen to hold on site (责令停产停业
 *   suspension, 关闭 closure, 吊销许可证 licence revocation): the town checks that the business really
 *   stopped — a field task for the town's 综合执法 duty, not for the case handler. Warnings and fines
 *   need no one on site; `case.closed` ends the matter and needs nothing.
 * - approval events make no order: the post-approval check of a grant is enforcement's supervision
 *   task (it consumes `approval.granted`), and an order per grant would flood the dispatchers'
 *   queue with what needs no handling.
 *
 * No personal data in the order: neither the party's nor the holder's name or id number is copied;
 * the title, description and fields carry document numbers, the item and dates only.
 */
export const ON_SITE_PENALTY_KINDS: readonly string[] = ['suspension', 'closure', 'licence_revocation'];

export function penaltyFollowUpOrder(event: PenaltyDecidedEvent): InternalWorkOrderInput | null {
  const kinds = event.penaltyKinds.filter((kind) => ON_SITE_PENALTY_KINDS.includes(kind));
  if (kinds.length === 0) return null;
  return {
    countyCode: event.countyCode,
    channel: 'enforcement',
    sourceRef: `penalty:${event.penaltyId}`,
    category: 'enforcement.referral',
    townCode: event.townCode,
    title: `处罚决定执行核查 ${event.decisionNo}`,
    description: `行政处罚决定 ${event.decisionNo}(${event.itemCode})含 ${kinds.join('、')},请属地核查当事人是否停止相关活动 Check on site that the decision is complied with.`,
    fields: { penaltyId: event.penaltyId, decisionNo: event.decisionNo, itemCode: event.itemCode, penaltyKinds: kinds, decidedOn: event.decidedOn },
    createdBy: 'system:enforcement',
  };
}
