import { createHash } from 'node:crypto';
import type { NoticeCriteria, SmsWebhookMessage } from '@yiti/contracts';

export type CriteriaProblem = { field: string; message: string };

/**
 * Which recipients a notice's criteria select: households (户, by grid and household flags) unless a
 * resident criterion (age band, resident flags) is named, which needs the grid's resident base data.
 */
export function recipientKindOf(criteria: NoticeCriteria): 'household' | 'resident' {
  return criteria.ageBand || (criteria.residentFlags && criteria.residentFlags.length > 0) ? 'resident' : 'household';
}

/** Criteria problems beyond the shape: an age band upside down, grids outside the publishing jurisdiction. */
export function criteriaProblems(criteria: NoticeCriteria, jurisdictionCode: string): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  if (criteria.ageBand && criteria.ageBand.min > criteria.ageBand.max) problems.push({ field: 'criteria.ageBand', message: 'min must not exceed max' });
  for (const grid of criteria.gridCodes ?? []) if (!grid.startsWith(jurisdictionCode)) problems.push({ field: 'criteria.gridCodes', message: `${grid} is not a grid of ${jurisdictionCode}` });
  return problems;
}

/** The delivery's id: one per notice and recipient, so a retry is recognisable by the SMS gateway. */
export function deliveryId(noticeId: string, recipientId: string): string {
  return createHash('sha256').update(`${noticeId}:${recipientId}`).digest('hex').slice(0, 32);
}

export function smsMessage(noticeId: string, recipient: { kind: 'household' | 'resident'; id: string; gridCode: string }, text: string): SmsWebhookMessage {
  return { deliveryId: deliveryId(noticeId, recipient.id), noticeId, recipient, text };
}
