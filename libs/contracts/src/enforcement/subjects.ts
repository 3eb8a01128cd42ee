import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import type { ServiceStatus } from '../common/service-status';
import { IdParam } from '../identity/organisation.dto';
import { RaiseClueCommand, CaseStepCommand, CaseView, ListCasesQuery, RegisterClueRequest, ListSupervisionTasksQuery, OnTheSpotPenaltyRequest, OnTheSpotPenaltyView, SupervisionTaskView } from './enforcement.dto';

const svc = 'enforcement';

/**
 * The enforcement service (综合执法): request–reply subjects yiti.v1.enforcement.<resource>.<action>,
 * each with the class its request is validated against and its reply type. Events are in events.ts.
 */
export const ENFORCEMENT_SUBJECTS = {
  /** The service answers over NATS (no actor needed): ServiceStatus. */
  status: defineSubject(svc, 'service', 'status', null).returns<ServiceStatus>(),
  /** 当场处罚 (简易程序): decided and numbered, or refused at its limit with nothing written. */
  decideOnTheSpot: defineSubject(svc, 'on-the-spot-penalties', 'decide', OnTheSpotPenaltyRequest).returns<OnTheSpotPenaltyView>(),
  getOnTheSpot: defineSubject(svc, 'on-the-spot-penalties', 'get', IdParam).returns<OnTheSpotPenaltyView>(),
  /** 审管联动 supervision tasks in the caller's jurisdiction. */
  listSupervisionTasks: defineSubject(svc, 'supervision-tasks', 'list', ListSupervisionTasksQuery).returns<Page<SupervisionTaskView>>(),
  /** 监管任务发现问题转为线索 A supervision task raises a clue (source supervision_task). */
  raiseClue: defineSubject(svc, 'supervision-tasks', 'raise-clue', RaiseClueCommand).returns<CaseView>(),
  /** 线索登记 */
  registerClue: defineSubject(svc, 'cases', 'register', RegisterClueRequest).returns<CaseView>(),
  /** One step of the case lifecycle (核查、立案、移送…). */
  takeCaseStep: defineSubject(svc, 'cases', 'step', CaseStepCommand).returns<CaseView>(),
  getCase: defineSubject(svc, 'cases', 'get', IdParam).returns<CaseView>(),
  listCases: defineSubject(svc, 'cases', 'list', ListCasesQuery).returns<Page<CaseView>>(),
} as const;
