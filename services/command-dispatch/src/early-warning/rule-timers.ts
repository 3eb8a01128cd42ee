import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics, registerTimerBacklog, SERVICE_CONFIG } from '@yiti/platform';
import type { CommandDispatchConfig } from '../config';
import { PatternEvaluation } from './pattern-evaluation';
import type { WarningRuleRow } from './warning-rules';

/** Rule timers one scan claims at most (the rest wait for the next scan). */
export const RULE_SCAN_BATCH = 20;

/**
 * 研判定时 The early-warning rules' timers (one row per active hotspot or repeat rule): every
 * RULE_SCAN_MS each instance claims the due ones with FOR UPDATE SKIP LOCKED and sets them
 * WARNING_RULE_INTERVAL_MS on in the same statement, then evaluates the rules it claimed. So one
 * instance evaluates a rule at a time, and an instance that stops mid-way leaves the rule to the next
 * period; the alerts' keys (group and window) refuse a second alert whatever happens.
 */
@Injectable()
export class RuleTimers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RuleTimers.name);
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly patterns: PatternEvaluation,
    @Inject(SERVICE_CONFIG) private readonly config: CommandDispatchConfig,
    metrics: Metrics,
  ) {
    registerTimerBacklog(metrics, dataSource, {
      timer: 'dispatch_warning_rule',
      sql: `SELECT count(*)::int AS overdue, coalesce(extract(epoch FROM now() - min(fire_at)), 0)::float AS oldest_seconds FROM command_dispatch.rule_timer WHERE fire_at <= now()`,
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.RULE_SCAN_MS > 0 && !this.timer) this.timer = setInterval(() => this.tick(), this.config.RULE_SCAN_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
  }

  private tick(): void {
    this.scanning = this.scanning.then(() => this.scanOnce()).catch((err: unknown) => this.logger.error({ err }, 'early-warning rule scan failed'));
  }

  /** One scan: the rules whose timer is due by `now`, claimed and evaluated. Returns how many rules ran and the alerts they raised. */
  async scanOnce(now = new Date(), limit = RULE_SCAN_BATCH): Promise<{ rules: number; alerts: number }> {
    const [claimed]: [{ rule_id: string }[], number] = await this.dataSource.query(
      `UPDATE command_dispatch.rule_timer t SET fire_at = $2
         FROM (SELECT rule_id FROM command_dispatch.rule_timer WHERE fire_at <= $1 ORDER BY fire_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE t.rule_id = due.rule_id RETURNING t.rule_id`,
      [now, new Date(now.getTime() + this.config.WARNING_RULE_INTERVAL_MS), limit],
    );
    if (claimed.length === 0) return { rules: 0, alerts: 0 };
    const rules: WarningRuleRow[] = await this.dataSource.query(`SELECT * FROM command_dispatch.warning_rule WHERE id = ANY($1::uuid[]) AND active ORDER BY id`, [claimed.map((c) => c.rule_id)]);
    let alerts = 0;
    for (const rule of rules) {
      try {
        alerts += await this.patterns.evaluateRule(rule, now);
      } catch (err) {
        // The rule runs again at its next period; the others of this scan still run.
        this.logger.error({ err, ruleId: rule.id }, 'early-warning rule not evaluated');
      }
    }
    return { rules: rules.length, alerts };
  }
}
