import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import type { ServiceStatus } from '../common/service-status';
import { IdParam } from '../identity/organisation.dto';
import { GridCodeParam, HouseholdImportView, HouseholdView, ImportHouseholdsRequest, ListHouseholdsQuery, GridEventView, GridLocation, GridView, ImportGridsRequest, ImportGridsResult, ListGridEventsQuery, ListGridsQuery, LocatePointQuery, ReportGridEventRequest } from './grid.dto';

const svc = 'grid';

/**
 * The grid service (镇村治理一网格): request–reply subjects yiti.v1.grid.<resource>.<action>, each with the
 * class its request is validated against and its reply type. Events are in events.ts.
 */
export const GRID_SUBJECTS = {
  /** The service answers over NATS (no actor needed): ServiceStatus. */
  status: defineSubject(svc, 'service', 'status', null).returns<ServiceStatus>(),
  importGrids: defineSubject(svc, 'grids', 'import', ImportGridsRequest).returns<ImportGridsResult>(),
  listGrids: defineSubject(svc, 'grids', 'list', ListGridsQuery).returns<Page<GridView>>(),
  getGrid: defineSubject(svc, 'grids', 'get', GridCodeParam).returns<GridView>(),
  /** Point → grid: the grid a point lies in (null outside every grid), for any service. */
  locate: defineSubject(svc, 'grids', 'locate', LocatePointQuery).returns<GridLocation | null>(),
  reportEvent: defineSubject(svc, 'events', 'report', ReportGridEventRequest).returns<GridEventView>(),
  listEvents: defineSubject(svc, 'events', 'list', ListGridEventsQuery).returns<Page<GridEventView>>(),
  getEvent: defineSubject(svc, 'events', 'get', IdParam).returns<GridEventView>(),
  /** Starts a household CSV import and answers its job at once; the client polls getHouseholdImport. */
  importHouseholds: defineSubject(svc, 'household-imports', 'start', ImportHouseholdsRequest).returns<HouseholdImportView>(),
  getHouseholdImport: defineSubject(svc, 'household-imports', 'get', IdParam).returns<HouseholdImportView>(),
  listHouseholds: defineSubject(svc, 'households', 'list', ListHouseholdsQuery).returns<Page<HouseholdView>>(),
} as const;
