import type { Transaction } from '@yiti/platform';
import type { WarningRuleKind } from '@yiti/contracts';

/** The kinds of rule evaluated on a schedule (readings are evaluated as they arrive). */
export const TIMED_RULE_KINDS = ['hotspot', 'repeat'] as const;

/** Arms (or disarms) a rule's timer with the rule's write: an active hotspot or repeat rule is evaluated at the next scan. */
export async function armRuleTimer(tx: Transaction, rule: { id: string; kind: WarningRuleKind; active: boolean }): Promise<void> {
  if (rule.active && (TIMED_RULE_KINDS as readonly string[]).includes(rule.kind)) {
    await tx.em.query(`INSERT INTO command_dispatch.rule_timer (rule_id, fire_at) VALUES ($1, now()) ON CONFLICT (rule_id) DO UPDATE SET fire_at = now()`, [rule.id]);
  } else {
    await tx.em.query(`DELETE FROM command_dispatch.rule_timer WHERE rule_id = $1`, [rule.id]);
  }
}

