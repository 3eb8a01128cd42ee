import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import type { ServiceStatus } from '../common/service-status';
import { IdParam } from '../identity/organisation.dto';
import { GridCodeParam, GridEventView, GridLocation, GridView, ImportGridsRequest, ImportGridsResult, ListGridEventsQuery, ListGridsQuery, LocatePointQuery, ReportGridEventRequest } from './grid.dto';
import {
  BaseDataImportView,
  BuildingView,
  EnterpriseView,
  GridSummaryView,
  GridWorkerWorkloadView,
  HouseholdView,
  ListByGridQuery,
  ListEnterprisesQuery,
  ListHouseholdsQuery,
  ListResidentsQuery,
  ListVacantHouseholdsQuery,
  RegisterBuildingRequest,
  RegisterHouseholdRequest,
  RegisterEnterpriseRequest,
  RegisterResidentRequest,
  ResidentView,
  SearchResidentsRequest,
  StartBaseDataImportRequest,
  UserIdParam,
  VacantHouseholdView,
} from './base-data.dto';
import { AppendPatrolPointsRequest, ListPatrolsQuery, PatrolView, StartPatrolRequest } from './patrol.dto';

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
  /** 网格台账: records and events of one grid, counted. */
  gridSummary: defineSubject(svc, 'grids', 'summary', GridCodeParam).returns<GridSummaryView>(),
  /** Point → grid: the grid a point lies in (null outside every grid), for any service. */
  locate: defineSubject(svc, 'grids', 'locate', LocatePointQuery).returns<GridLocation | null>(),
  workerWorkload: defineSubject(svc, 'workers', 'workload', UserIdParam).returns<GridWorkerWorkloadView>(),
  reportEvent: defineSubject(svc, 'events', 'report', ReportGridEventRequest).returns<GridEventView>(),
  listEvents: defineSubject(svc, 'events', 'list', ListGridEventsQuery).returns<Page<GridEventView>>(),
  getEvent: defineSubject(svc, 'events', 'get', IdParam).returns<GridEventView>(),
  /** 巡查 (patrols): start, append track points, end, read. */
  startPatrol: defineSubject(svc, 'patrols', 'start', StartPatrolRequest).returns<PatrolView>(),
  appendPatrolPoints: defineSubject(svc, 'patrols', 'append-points', AppendPatrolPointsRequest).returns<PatrolView>(),
  endPatrol: defineSubject(svc, 'patrols', 'end', IdParam).returns<PatrolView>(),
  getPatrol: defineSubject(svc, 'patrols', 'get', IdParam).returns<PatrolView>(),
  listPatrols: defineSubject(svc, 'patrols', 'list', ListPatrolsQuery).returns<Page<PatrolView>>(),
  /** Starts a CSV import of a stored file (households, residents, enterprises) and answers its job at once; the client polls getImport. */
  startImport: defineSubject(svc, 'imports', 'start', StartBaseDataImportRequest).returns<BaseDataImportView>(),
  getImport: defineSubject(svc, 'imports', 'get', IdParam).returns<BaseDataImportView>(),
  registerHousehold: defineSubject(svc, 'households', 'register', RegisterHouseholdRequest).returns<HouseholdView>(),
  listHouseholds: defineSubject(svc, 'households', 'list', ListHouseholdsQuery).returns<Page<HouseholdView>>(),
  /** yiti.v1.grid.households.vacant — 空关户 with their meter numbers, paged: read by the command centre's early-warning rules. */
  vacantHouseholds: defineSubject(svc, 'households', 'vacant', ListVacantHouseholdsQuery).returns<Page<VacantHouseholdView>>(),
  registerResident: defineSubject(svc, 'residents', 'register', RegisterResidentRequest).returns<ResidentView>(),
  listResidents: defineSubject(svc, 'residents', 'list', ListResidentsQuery).returns<Page<ResidentView>>(),
  getResident: defineSubject(svc, 'residents', 'get', IdParam).returns<ResidentView>(),
  searchResidents: defineSubject(svc, 'residents', 'search', SearchResidentsRequest).returns<Page<ResidentView>>(),
  registerEnterprise: defineSubject(svc, 'enterprises', 'register', RegisterEnterpriseRequest).returns<EnterpriseView>(),
  listEnterprises: defineSubject(svc, 'enterprises', 'list', ListEnterprisesQuery).returns<Page<EnterpriseView>>(),
  getEnterprise: defineSubject(svc, 'enterprises', 'get', IdParam).returns<EnterpriseView>(),
  registerBuilding: defineSubject(svc, 'buildings', 'register', RegisterBuildingRequest).returns<BuildingView>(),
  listBuildings: defineSubject(svc, 'buildings', 'list', ListByGridQuery).returns<Page<BuildingView>>(),
} as const;
