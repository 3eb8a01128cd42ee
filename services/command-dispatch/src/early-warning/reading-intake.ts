import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GRID_LOOKUP_SUBJECTS, MAX_HOUSEHOLD_LOOKUP, type Actor, type HouseholdRecipient, type ChannelReadingsCommand, type PostReadingsRequest, type PostReadingsResult, type ReadingsBatch, type ReadingThresholdParams, type Role } from '@yiti/contracts';
import { systemActor } from '@yiti/authority-client';
import { assertRole, assertWithin, DomainException, PLATFORM_OPTIONS, todayInShanghai, ServiceClient, UnitOfWork, type PlatformModuleOptions } from '@yiti/platform';
import { readReadingsCsv } from './reading-csv';
import { matchReadings, type Reading, type ReadingMatch } from './readings';
import { WarningAlerts } from './warning-alerts';
import { WarningRules } from './warning-rules';

/** Who posts readings with a user's token: the centre's dispatchers and county admins (a file the power company sent); its system uses its channel credential. */
export const READING_POSTERS: Role[] = ['dispatcher', 'county_admin'];

/** Alerts raised at once while a batch is evaluated (each makes one work order). */
const ALERT_CONCURRENCY = 4;

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

/**
 * 电力读数 The power company's daily readings, in batches of up to 10,000: stored once per meter and
 * day (a repeat keeps the first), then evaluated against the county's active reading rules — only
 * readings above the lowest threshold are looked up in the grid service (household flags and grid
 * workers), each match raises one alert and one check-visit order to the household's grid worker.
 * A reading is marked evaluated after its alerts, so a batch posted again after a failure finishes
 * what was left.
 */
@Injectable()
export class ReadingIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly client: ServiceClient,
    private readonly rules: WarningRules,
    private readonly alerts: WarningAlerts,
    @Inject(PLATFORM_OPTIONS) private readonly platform: PlatformModuleOptions,
  ) {}

  async post(actor: Actor, request: PostReadingsRequest): Promise<PostReadingsResult> {
    assertRole(actor, READING_POSTERS, '报送读数 Posting readings');
    assertWithin(actor, request.countyCode);
    return this.store(request.countyCode, request, { by: 'user' });
  }

  /**
   * The power company's own system posts the batch with its machine credential (channel `power`):
   * the gateway verified it and names its county; the audit entry names the credential.
   */
  async postFromChannel(actor: Actor, command: ChannelReadingsCommand): Promise<PostReadingsResult> {
    if (actor.userId !== `channel:${command.credentialId}` || actor.jurisdictionCode !== command.countyCode) {
      throw new DomainException('FORBIDDEN_ROLE', '仅供电公司渠道凭证可报送 Only the power channel\'s credential posts here');
    }
    return this.store(command.countyCode, command, { by: 'channel', credentialId: command.credentialId });
  }

  private async store(county: string, request: ReadingsBatch, source: { by: 'user' } | { by: 'channel'; credentialId: string }): Promise<PostReadingsResult> {
    const kind = request.readingKind ?? 'electricity_kwh';
    // One reading per meter and day within the batch too (the first wins, as across batches).
    if (!!request.readings === !!request.csv) throw new DomainException('VALIDATION_FAILED', '须且只须提供 readings 或 csv 之一 Give readings or csv, not both', [{ field: 'readings', messages: ['exactly one of readings and csv'] }]);
    const posted = request.readings ?? readReadingsCsv(request.csv as string);
    const unique = new Map<string, Reading>();
    for (const r of posted) if (!unique.has(`${r.meterNo}\n${r.day}`)) unique.set(`${r.meterNo}\n${r.day}`, r);
    const readings = [...unique.values()];
    const accepted = await this.uow.run(async (tx) => {
      const rows: { meter_no: string }[] = await tx.em.query(
        `INSERT INTO command_dispatch.meter_reading (county_code, meter_no, day, household_id, reading_kind, value)
         SELECT $1, m, d, h, $2, v FROM unnest($3::text[], $4::date[], $5::uuid[], $6::numeric[]) AS t(m, d, h, v)
         ON CONFLICT (county_code, meter_no, day) DO NOTHING RETURNING meter_no`,
        [county, kind, readings.map((r) => r.meterNo), readings.map((r) => r.day), readings.map((r) => r.householdId), readings.map((r) => r.value)],
      );
      tx.audit({ countyCode: county, jurisdictionCode: county, action: 'meter_reading.post', resourceType: 'meter_reading_batch', resourceId: `${county}:${todayInShanghai()}`, after: { readingKind: kind, posted: posted.length, accepted: rows.length, ...source } });
      return rows.length;
    });
    const { matched, alerts } = await this.evaluate(county, readings);
    return { accepted, duplicates: posted.length - accepted, matched, alerts };
  }

  /** Evaluates the batch's readings not evaluated yet (the stored values: the first of each meter and day). */
  async evaluate(countyCode: string, batch: readonly Reading[]): Promise<{ matched: number; alerts: number }> {
    const pending: { meter_no: string; day: string; household_id: string; value: string }[] = await this.dataSource.query(
      `SELECT r.meter_no, to_char(r.day, 'YYYY-MM-DD') AS day, r.household_id, r.value FROM command_dispatch.meter_reading r
       JOIN unnest($2::text[], $3::date[]) AS t(m, d) ON r.meter_no = t.m AND r.day = t.d
       WHERE r.county_code = $1 AND r.evaluated_at IS NULL`,
      [countyCode, batch.map((r) => r.meterNo), batch.map((r) => r.day)],
    );
    if (!pending.length) return { matched: 0, alerts: 0 };
    const rules = (await this.rules.active(countyCode, 'reading_threshold')).map((r) => ({ id: r.id, name: r.name, params: r.params as ReadingThresholdParams }));
    let matched = 0;
    let alerts = 0;
    if (rules.length) {
      const lowest = Math.min(...rules.map((r) => r.params.threshold));
      const above: Reading[] = pending.filter((p) => Number(p.value) > lowest).map((p) => ({ meterNo: p.meter_no, day: p.day, householdId: p.household_id, value: Number(p.value) }));
      const households = await this.households(countyCode, [...new Set(above.map((r) => r.householdId))]);
      const matches = matchReadings(rules, above, households);
      matched = matches.length;
      const names = new Map(rules.map((r) => [r.id, r]));
      await eachLimited(matches, ALERT_CONCURRENCY, async (match) => {
        if (await this.alerts.raise(this.alertOf(countyCode, match, names.get(match.ruleId) as (typeof rules)[number]))) alerts++;
      });
    }
    await this.dataSource.query(
      `UPDATE command_dispatch.meter_reading r SET evaluated_at = now() FROM unnest($2::text[], $3::date[]) AS t(m, d) WHERE r.county_code = $1 AND r.meter_no = t.m AND r.day = t.d AND r.evaluated_at IS NULL`,
      [countyCode, pending.map((p) => p.meter_no), pending.map((p) => p.day)],
    );
    return { matched, alerts };
  }

  private async households(countyCode: string, ids: string[]): Promise<Map<string, HouseholdRecipient>> {
    const found = new Map<string, HouseholdRecipient>();
    for (let i = 0; i < ids.length; i += MAX_HOUSEHOLD_LOOKUP) {
      const { items } = await this.client.request(GRID_LOOKUP_SUBJECTS.lookupHouseholds, { ids: ids.slice(i, i + MAX_HOUSEHOLD_LOOKUP) }, { actor: systemActor(this.platform.serviceName, countyCode), timeoutMs: 30_000 });
      for (const h of items) found.set(h.id, h);
    }
    return found;
  }

  private alertOf(countyCode: string, match: ReadingMatch, rule: { id: string; name: string; params: ReadingThresholdParams }) {
    const { reading, household } = match;
    const worker = household.gridWorkerIds[0];
    const details = { meterNo: reading.meterNo, householdId: household.id, day: reading.day, value: reading.value, threshold: rule.params.threshold, flag: rule.params.householdFlag };
    return {
      countyCode,
      townCode: household.townCode,
      gridCode: household.gridCode,
      ruleId: rule.id,
      kind: 'reading_threshold' as const,
      key: match.alertKey,
      summary: `${household.gridName}:${rule.params.householdFlag === 'vacant' ? '空关户' : rule.params.householdFlag} ${reading.day} 用电 ${reading.value} kWh,超过 ${rule.params.threshold} kWh`,
      details,
      order: {
        category: rule.params.orderCategory ?? 'rule_alert.check_visit',
        townCode: household.townCode,
        gridCode: household.gridCode,
        unit: worker ? { id: worker, name: `${household.gridName} 网格员 Grid worker` } : null,
        title: `预警核查:${rule.name}`,
        description: `电表 ${reading.meterNo} 于 ${reading.day} 用电 ${reading.value} kWh,超过阈值 ${rule.params.threshold} kWh,请上门核查 Check visit: reading above the threshold`,
        address: household.address,
        fields: details,
      },
    };
  }
}
