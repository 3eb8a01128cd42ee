import type { EntityManager, QueryRunner } from 'typeorm';
import { modeOn, type EventEnvelope, type PowerAdjustedEvent, type PowerDelegatedEvent, type PowerMode, type PowerRevokedEvent } from '@yiti/contracts';
import { qualified } from '@yiti/platform';

/** One delegation as the held-item table keeps it (dates as YYYY-MM-DD). */
export interface HeldItemRow {
  delegation_id: string;
  effective_from: string;
  transition_until: string | null;
  withdrawn_on: string | null;
}

/** Where a held-item row places the power on a date (the same rule identity applies). */
export function heldItemMode(row: HeldItemRow, date: string): PowerMode {
  return modeOn({ effectiveFrom: row.effective_from, transitionUntil: row.transition_until, withdrawnOn: row.withdrawn_on }, date);
}

/**
 * The table a service keeps of which towns hold which county powers, from identity's power.* events:
 * it answers when identity cannot. Created by the service's own migration with this statement.
 */
export async function createHeldItemTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${qualified(schema, 'held_item')} (
      delegation_id uuid PRIMARY KEY,
      county_code text NOT NULL,
      town_code text NOT NULL,
      item_id uuid NOT NULL,
      item_code text NOT NULL,
      kind text NOT NULL,
      effective_from date NOT NULL,
      transition_until date,
      withdrawn_on date,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await q.query(`CREATE INDEX held_item_town_item ON ${qualified(schema, 'held_item')} (town_code, item_id)`);
}

/** The held-item rows of a town and item, every delegation over the years. */
export async function heldItemRows(em: Pick<EntityManager, 'query'>, schema: string, townCode: string, itemId: string): Promise<HeldItemRow[]> {
  return em.query(
    `SELECT delegation_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(transition_until, 'YYYY-MM-DD') AS transition_until, to_char(withdrawn_on, 'YYYY-MM-DD') AS withdrawn_on
       FROM ${qualified(schema, 'held_item')} WHERE town_code = $1 AND item_id = $2`,
    [townCode, itemId],
  );
}

export async function applyPowerDelegated(em: EntityManager, schema: string, event: EventEnvelope<PowerDelegatedEvent>): Promise<void> {
  const d = event.data;
  await em.query(
    `INSERT INTO ${qualified(schema, 'held_item')} (delegation_id, county_code, town_code, item_id, item_code, kind, effective_from, transition_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delegation_id) DO NOTHING`,
    [d.delegationId, d.countyCode, d.townCode, d.itemId, d.itemCode, d.kind, d.effectiveFrom, d.transitionUntil],
  );
}

export async function applyPowerAdjusted(em: EntityManager, schema: string, event: EventEnvelope<PowerAdjustedEvent>): Promise<void> {
  await em.query(`UPDATE ${qualified(schema, 'held_item')} SET transition_until = $2, updated_at = now() WHERE delegation_id = $1`, [event.data.delegationId, event.data.transitionUntil]);
}

export async function applyPowerRevoked(em: EntityManager, schema: string, event: EventEnvelope<PowerRevokedEvent>): Promise<void> {
  await em.query(`UPDATE ${qualified(schema, 'held_item')} SET withdrawn_on = $2, updated_at = now() WHERE delegation_id = $1`, [event.data.delegationId, event.data.withdrawnOn]);
}
