import type { AuthorityClient } from '@yiti/authority-client';
import { DomainException, type IsoDate } from '@yiti/platform';

/**
 * Refuses (OFFICER_NOT_CERTIFIED, naming each officer and identity's reasons) unless every officer
 * is certified to exercise the item on the date (执法资格, Penalty Law art. 42).
 */
export async function assertCertified(authority: AuthorityClient, officerIds: readonly string[], itemId: string, date: IsoDate): Promise<void> {
  const answers = await Promise.all([...new Set(officerIds)].map((userId) => authority.mayExercise(userId, itemId, date)));
  const refused = answers.filter((answer) => !answer.allowed);
  if (refused.length === 0) return;
  const why = refused.map((answer) => `${answer.userId}: ${answer.reasons.map((r) => r.message).join('; ')}`);
  throw new DomainException('OFFICER_NOT_CERTIFIED', `执法人员不得行使「${refused[0]?.itemName}」(${refused[0]?.itemCode}) on ${date}: ${why.join(' | ')}`, refused.map((answer, i) => ({ field: `officer:${answer.userId}`, messages: [why[i] as string] })));
}
