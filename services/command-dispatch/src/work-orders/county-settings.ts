import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SlaLimit, SlaPolicyKey, TaxonomyEntry } from '@yiti/contracts';
import { countyTaxonomy, type CategoryRow } from './taxonomy';

/** A county's dispatch settings: when the due-soon warning comes, when an overdue order is supervised again, its limits. */
export interface CountyDispatchSettings {
  dueSoonHours: number;
  resuperviseHours: number;
  slaPolicies: Partial<Record<SlaPolicyKey, SlaLimit>>;
}

/** Defaults: warn 4 hours before the limit; supervise again every 8 hours (one working day) while overdue. */
export const DEFAULT_COUNTY_SETTINGS: CountyDispatchSettings = { dueSoonHours: 4, resuperviseHours: 8, slaPolicies: {} };

const TTL_MS = 30_000;

/**
 * The county's taxonomy and settings, read from the database and kept for a short while (a county
 * admin's edit reaches every instance within TTL_MS; the instance that saved forgets at once).
 */
@Injectable()
export class CountySettings {
  private readonly settings = new Map<string, { value: CountyDispatchSettings; until: number }>();
  private readonly taxonomies = new Map<string, { value: TaxonomyEntry[]; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async of(countyCode: string): Promise<CountyDispatchSettings> {
    const kept = this.settings.get(countyCode);
    if (kept && kept.until > Date.now()) return kept.value;
    const rows: { due_soon_hours: number; resupervise_hours: number; sla_policies: CountyDispatchSettings['slaPolicies'] }[] = await this.dataSource.query(
      `SELECT due_soon_hours, resupervise_hours, sla_policies FROM command_dispatch.county_setting WHERE county_code = $1`,
      [countyCode],
    );
    const row = rows[0];
    const value = row ? { dueSoonHours: row.due_soon_hours, resuperviseHours: row.resupervise_hours, slaPolicies: row.sla_policies ?? {} } : DEFAULT_COUNTY_SETTINGS;
    this.settings.set(countyCode, { value, until: Date.now() + TTL_MS });
    return value;
  }

  /** What was last read (the defaults if nothing was): for staging after `of` was awaited. */
  cached(countyCode: string): CountyDispatchSettings {
    return this.settings.get(countyCode)?.value ?? DEFAULT_COUNTY_SETTINGS;
  }

  async taxonomy(countyCode: string): Promise<TaxonomyEntry[]> {
    const kept = this.taxonomies.get(countyCode);
    if (kept && kept.until > Date.now()) return kept.value;
    const rows: CategoryRow[] = await this.dataSource.query(`SELECT code, name, kind, duty_category, sla_unit, sla_amount, active FROM command_dispatch.category WHERE county_code = $1 LIMIT 1000`, [countyCode]);
    const value = countyTaxonomy(rows);
    this.taxonomies.set(countyCode, { value, until: Date.now() + TTL_MS });
    return value;
  }

  forget(countyCode: string): void {
    this.settings.delete(countyCode);
    this.taxonomies.delete(countyCode);
  }
}
