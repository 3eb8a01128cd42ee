import { GRID_EVENT_CATEGORIES, GRID_TYPE_LABELS, type GridWorker, type GridEventKind, type GridEventState, type GridEventView, type GridType, type GridView, type PartyBranch } from '@yiti/contracts';
import type { Boundary } from './grid-geometry';

/** A row of grid.grid as pg returns it. */
export interface GridRow {
  code: string;
  county_code: string;
  town_code: string;
  village_code: string;
  name: string;
  type: GridType;
  boundary: Boundary;
  party_branch: PartyBranch | null;
  full_time_worker_ids: string[];
  part_time_worker_ids: string[];
  workers: GridWorker[];
  sample: boolean;
  updated_at: Date;
}

export const toGridView = (row: GridRow): GridView => ({
  code: row.code,
  name: row.name,
  type: row.type,
  typeLabel: GRID_TYPE_LABELS[row.type],
  countyCode: row.county_code,
  townCode: row.town_code,
  villageCode: row.village_code,
  boundary: row.boundary as unknown as Record<string, unknown>,
  partyBranch: row.party_branch,
  fullTimeWorkerIds: row.full_time_worker_ids,
  partTimeWorkerIds: row.part_time_worker_ids,
  workers: row.workers,
  sample: row.sample,
  updatedAt: row.updated_at.toISOString(),
});

/** A row of grid.grid_event joined with its grid's name. */
export interface GridEventRow {
  id: string;
  grid_code: string;
  grid_name: string;
  county_code: string;
  town_code: string;
  kind: GridEventKind;
  category: string;
  description: string;
  lng: number;
  lat: number;
  address: string | null;
  photos: string[];
  status: GridEventState;
  work_order_id: string | null;
  work_order_no: string | null;
  reported_by: string;
  reported_at: Date;
}

export const categoryLabel = (kind: GridEventKind, category: string): string | undefined => (GRID_EVENT_CATEGORIES[kind] as Record<string, string>)[category];

export const toGridEventView = (row: GridEventRow): GridEventView => ({
  id: row.id,
  gridCode: row.grid_code,
  gridName: row.grid_name,
  townCode: row.town_code,
  kind: row.kind,
  category: row.category,
  categoryLabel: categoryLabel(row.kind, row.category) ?? row.category,
  description: row.description,
  lng: row.lng,
  lat: row.lat,
  address: row.address,
  photos: row.photos,
  status: row.status,
  workOrderId: row.work_order_id,
  workOrderNo: row.work_order_no,
  reportedBy: row.reported_by,
  reportedAt: row.reported_at.toISOString(),
});
