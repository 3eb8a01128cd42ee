import { Controller, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { GRID_LOOKUP_SUBJECTS, LookupHouseholdsRequest, SelectHouseholdsRequest, type Actor, type HouseholdFlagCode, type HouseholdRecipient } from '@yiti/contracts';
import { command, DomainException, Handles, hasAnyRole, jurisdictionPattern, type Command } from '@yiti/platform';

/** Who may read households with their grid workers: the command centre's services and staff. */
const LOOKUP_ROLES = ['dispatcher', 'commander', 'county_admin', 'leader'] as const;

function assertLookup(actor: Actor): void {
  if (!actor.userId.startsWith('system:') && !hasAnyRole(actor, LOOKUP_ROLES)) throw new DomainException('FORBIDDEN_ROLE', '户信息查询 Household lookup: requires a command-centre role');
}

interface Row {
  id: string;
  town_code: string;
  grid_code: string;
  grid_name: string;
  address: string;
  lng: number | null;
  lat: number | null;
  flags: HouseholdFlagCode[];
  worker_ids: string[];
}

const toRecipient = (r: Row): HouseholdRecipient => ({ id: r.id, townCode: r.town_code, gridCode: r.grid_code, gridName: r.grid_name, address: r.address, lng: r.lng, lat: r.lat, flags: r.flags, gridWorkerIds: r.worker_ids });

const COLUMNS = `h.id, h.town_code, h.grid_code, g.name AS grid_name, h.address, h.lng, h.lat, h.flags, g.full_time_worker_ids AS worker_ids`;

/**
 * Households for the command centre (研判预警 and 精准推送): by id with their grid's workers, or by
 * criteria in keyset pages. Always within the caller's jurisdiction; bounded by the request.
 */
@Injectable()
export class HouseholdLookup {
  constructor(private readonly dataSource: DataSource) {}

  async lookup(actor: Actor, request: LookupHouseholdsRequest): Promise<{ items: HouseholdRecipient[] }> {
    assertLookup(actor);
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM grid.household h JOIN grid.grid g ON g.code = h.grid_code WHERE h.id = ANY($1::uuid[]) AND h.grid_code LIKE $2`, [request.ids, jurisdictionPattern(actor)]);
    return { items: rows.map(toRecipient) };
  }

  async select(actor: Actor, request: SelectHouseholdsRequest): Promise<{ items: HouseholdRecipient[] }> {
    assertLookup(actor);
    const params: unknown[] = [jurisdictionPattern(actor), `${request.jurisdictionCode}%`];
    const where = ['h.grid_code LIKE $1', 'h.grid_code LIKE $2'];
    const add = (clause: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(clause(params.length));
    };
    if (request.gridCodes?.length) add((n) => `h.grid_code = ANY($${n}::text[])`, request.gridCodes);
    if (request.flags?.length) add((n) => `h.flags @> $${n}::text[]`, request.flags);
    if (request.afterId) add((n) => `h.id > $${n}`, request.afterId);
    params.push(request.limit);
    const rows: Row[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM grid.household h JOIN grid.grid g ON g.code = h.grid_code WHERE ${where.join(' AND ')} ORDER BY h.id LIMIT $${params.length}`, params);
    return { items: rows.map(toRecipient) };
  }
}

@Controller()
export class HouseholdLookupHandler {
  constructor(private readonly households: HouseholdLookup) {}

  @Handles(GRID_LOOKUP_SUBJECTS.lookupHouseholds)
  lookup(@Payload(command(GRID_LOOKUP_SUBJECTS.lookupHouseholds)) cmd: Command<LookupHouseholdsRequest>) {
    return this.households.lookup(cmd.actor, cmd.data);
  }

  @Handles(GRID_LOOKUP_SUBJECTS.selectHouseholds)
  select(@Payload(command(GRID_LOOKUP_SUBJECTS.selectHouseholds)) cmd: Command<SelectHouseholdsRequest>) {
    return this.households.select(cmd.actor, cmd.data);
  }
}
