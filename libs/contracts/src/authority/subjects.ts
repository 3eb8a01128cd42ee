import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import { IdParam } from '../identity/organisation.dto';
import { CalendarDaysQuery, CalendarDaysView, CalendarYearView, SetCalendarYearCommand, WorkingDaysQuery, WorkingDaysView, WorkingHoursQuery, WorkingHoursView } from './calendar.dto';
import { CatalogItemView, CatalogVersionView, CountyCatalogView, CountyCodeParam, CreateCatalogVersionRequest, ImportCatalogItemsCommand, ImportCatalogItemsResult, ListCatalogItemsQuery, SetCountyCatalogCommand } from './catalog.dto';
import { AdjustDelegationCommand, DelegationChangeView, DelegationStatisticsQuery, DelegationStatisticsView, DelegationView, GrantDelegationsRequest, GrantDelegationsResult, ListDelegationsQuery, PowerModeQuery, PowerModeView, TownPowerView, TownPowersQuery, WithdrawDelegationCommand } from './delegation.dto';
import { AdmissionDecisionCommand, AdmissionSummaryView, AdmissionView, DutyRoutingQuery, DutyRoutingView, DutyStatisticsQuery, DutyStatisticsView, DutyView, ListAdmissionsQuery, ListDutiesQuery, SubmitAdmissionRequest } from './duty.dto';
import { CreateDispatchedAgencyRequest, CreateSentDownStaffRequest, DispatchedAgencyView, EndSentDownStaffCommand, ListDispatchedAgenciesQuery, ListSentDownStaffQuery, ListTownQuotasQuery, SentDownStaffView, SetTownQuotaCommand, StaffingStatisticsQuery, StaffingStatisticsView, TownQuotaChangeView, TownQuotaHistoryQuery, TownQuotaView, UpdateDispatchedAgencyCommand } from './staffing.dto';
import { AttendanceView, CertificationView, CreateTrainingSessionRequest, IssueCertificationRequest, ListAttendanceQuery, ListCertificationsQuery, ListTrainingSessionsQuery, MayExerciseQuery, MayExerciseView, RecordAttendanceCommand, RecordAttendanceResult, RevokeCertificationCommand, TrainingSessionView } from './training.dto';

const svc = 'identity';

/** The authority registry (权责) lives in identity: catalog, delegation, duties, training, staffing. */
export const AUTHORITY_SUBJECTS = {
  listCatalogVersions: defineSubject(svc, 'catalog-versions', 'list', null).returns<CatalogVersionView[]>(),
  createCatalogVersion: defineSubject(svc, 'catalog-versions', 'create', CreateCatalogVersionRequest).returns<CatalogVersionView>(),
  importCatalogItems: defineSubject(svc, 'catalog-items', 'import', ImportCatalogItemsCommand).returns<ImportCatalogItemsResult>(),
  listCatalogItems: defineSubject(svc, 'catalog-items', 'list', ListCatalogItemsQuery).returns<Page<CatalogItemView>>(),
  getCatalogItem: defineSubject(svc, 'catalog-items', 'get', IdParam).returns<CatalogItemView>(),
  setCountyCatalog: defineSubject(svc, 'county-catalog', 'set', SetCountyCatalogCommand).returns<CountyCatalogView>(),
  getCountyCatalog: defineSubject(svc, 'county-catalog', 'get', CountyCodeParam).returns<CountyCatalogView>(),
  grantDelegations: defineSubject(svc, 'delegations', 'grant', GrantDelegationsRequest).returns<GrantDelegationsResult>(),
  listDelegations: defineSubject(svc, 'delegations', 'list', ListDelegationsQuery).returns<Page<DelegationView>>(),
  adjustDelegation: defineSubject(svc, 'delegations', 'adjust', AdjustDelegationCommand).returns<DelegationView>(),
  withdrawDelegation: defineSubject(svc, 'delegations', 'withdraw', WithdrawDelegationCommand).returns<DelegationView>(),
  delegationHistory: defineSubject(svc, 'delegations', 'history', IdParam).returns<DelegationChangeView[]>(),
  powerMode: defineSubject(svc, 'powers', 'mode', PowerModeQuery).returns<PowerModeView>(),
  townPowers: defineSubject(svc, 'powers', 'of-town', TownPowersQuery).returns<TownPowerView[]>(),
  delegationStatistics: defineSubject(svc, 'delegations', 'statistics', DelegationStatisticsQuery).returns<DelegationStatisticsView>(),
  submitAdmission: defineSubject(svc, 'duty-admissions', 'submit', SubmitAdmissionRequest).returns<AdmissionView>(),
  decideAdmission: defineSubject(svc, 'duty-admissions', 'decide', AdmissionDecisionCommand).returns<AdmissionView>(),
  listAdmissions: defineSubject(svc, 'duty-admissions', 'list', ListAdmissionsQuery).returns<Page<AdmissionSummaryView>>(),
  getAdmission: defineSubject(svc, 'duty-admissions', 'get', IdParam).returns<AdmissionView>(),
  listDuties: defineSubject(svc, 'duties', 'list', ListDutiesQuery).returns<Page<DutyView>>(),
  routeDuty: defineSubject(svc, 'duties', 'route', DutyRoutingQuery).returns<DutyRoutingView>(),
  dutyStatistics: defineSubject(svc, 'duties', 'statistics', DutyStatisticsQuery).returns<DutyStatisticsView>(),
  createTrainingSession: defineSubject(svc, 'training-sessions', 'create', CreateTrainingSessionRequest).returns<TrainingSessionView>(),
  listTrainingSessions: defineSubject(svc, 'training-sessions', 'list', ListTrainingSessionsQuery).returns<Page<TrainingSessionView>>(),
  getTrainingSession: defineSubject(svc, 'training-sessions', 'get', IdParam).returns<TrainingSessionView>(),
  recordAttendance: defineSubject(svc, 'training-attendance', 'record', RecordAttendanceCommand).returns<RecordAttendanceResult>(),
  listAttendance: defineSubject(svc, 'training-attendance', 'list', ListAttendanceQuery).returns<Page<AttendanceView>>(),
  issueCertification: defineSubject(svc, 'certifications', 'issue', IssueCertificationRequest).returns<CertificationView>(),
  revokeCertification: defineSubject(svc, 'certifications', 'revoke', RevokeCertificationCommand).returns<CertificationView>(),
  listCertifications: defineSubject(svc, 'certifications', 'list', ListCertificationsQuery).returns<Page<CertificationView>>(),
  getCertification: defineSubject(svc, 'certifications', 'get', IdParam).returns<CertificationView>(),
  mayExercise: defineSubject(svc, 'powers', 'may-exercise', MayExerciseQuery).returns<MayExerciseView>(),
  setTownQuota: defineSubject(svc, 'town-quotas', 'set', SetTownQuotaCommand).returns<TownQuotaView>(),
  listTownQuotas: defineSubject(svc, 'town-quotas', 'list', ListTownQuotasQuery).returns<Page<TownQuotaView>>(),
  townQuotaHistory: defineSubject(svc, 'town-quotas', 'history', TownQuotaHistoryQuery).returns<Page<TownQuotaChangeView>>(),
  createSentDownStaff: defineSubject(svc, 'sent-down-staff', 'create', CreateSentDownStaffRequest).returns<SentDownStaffView>(),
  endSentDownStaff: defineSubject(svc, 'sent-down-staff', 'end', EndSentDownStaffCommand).returns<SentDownStaffView>(),
  listSentDownStaff: defineSubject(svc, 'sent-down-staff', 'list', ListSentDownStaffQuery).returns<Page<SentDownStaffView>>(),
  getSentDownStaff: defineSubject(svc, 'sent-down-staff', 'get', IdParam).returns<SentDownStaffView>(),
  createDispatchedAgency: defineSubject(svc, 'dispatched-agencies', 'create', CreateDispatchedAgencyRequest).returns<DispatchedAgencyView>(),
  updateDispatchedAgency: defineSubject(svc, 'dispatched-agencies', 'update', UpdateDispatchedAgencyCommand).returns<DispatchedAgencyView>(),
  listDispatchedAgencies: defineSubject(svc, 'dispatched-agencies', 'list', ListDispatchedAgenciesQuery).returns<Page<DispatchedAgencyView>>(),
  getDispatchedAgency: defineSubject(svc, 'dispatched-agencies', 'get', IdParam).returns<DispatchedAgencyView>(),
  staffingStatistics: defineSubject(svc, 'staffing', 'statistics', StaffingStatisticsQuery).returns<StaffingStatisticsView>(),
  listCalendarYears: defineSubject(svc, 'calendar', 'list', null).returns<CalendarYearView[]>(),
  setCalendarYear: defineSubject(svc, 'calendar', 'set', SetCalendarYearCommand).returns<CalendarYearView>(),
  addWorkingDays: defineSubject(svc, 'calendar', 'add-working-days', WorkingDaysQuery).returns<WorkingDaysView>(),
  addWorkingHours: defineSubject(svc, 'calendar', 'add-working-hours', WorkingHoursQuery).returns<WorkingHoursView>(),
  addCalendarDays: defineSubject(svc, 'calendar', 'add-calendar-days', CalendarDaysQuery).returns<CalendarDaysView>(),
} as const;

