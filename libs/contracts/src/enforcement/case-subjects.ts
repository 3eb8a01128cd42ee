import { defineSubject } from '../common/messages';
import { Page } from '../common/pagination';
import { IdParam } from '../identity/organisation.dto';
import { CaseView } from './enforcement.dto';
import {
  CaseDocumentParams,
  CaseDocumentView,
  CaseSubListQuery,
  CountyParam,
  EvidenceCommand,
  EvidenceView,
  HearingThresholdsCommand,
  HearingThresholdsRequest,
  PreservationCommand,
  PreservationDecisionCommand,
  PreservationView,
  PrintedCaseDocumentView,
  RecusalCommand,
} from './case-procedure.dto';

const svc = 'enforcement';

/** The ordinary procedure's records beside the lifecycle steps: evidence, recusals, preservations, documents, county thresholds. */
export const ENFORCEMENT_CASE_SUBJECTS = {
  addEvidence: defineSubject(svc, 'case-evidence', 'add', EvidenceCommand).returns<EvidenceView>(),
  listEvidence: defineSubject(svc, 'case-evidence', 'list', CaseSubListQuery).returns<Page<EvidenceView>>(),
  recordRecusal: defineSubject(svc, 'case-recusals', 'record', RecusalCommand).returns<CaseView>(),
  preserve: defineSubject(svc, 'case-preservations', 'register', PreservationCommand).returns<PreservationView>(),
  decidePreservation: defineSubject(svc, 'case-preservations', 'decide', PreservationDecisionCommand).returns<PreservationView>(),
  listPreservations: defineSubject(svc, 'case-preservations', 'list', CaseSubListQuery).returns<Page<PreservationView>>(),
  listDocuments: defineSubject(svc, 'case-documents', 'list', CaseSubListQuery).returns<Page<CaseDocumentView>>(),
  printDocument: defineSubject(svc, 'case-documents', 'print', CaseDocumentParams).returns<PrintedCaseDocumentView>(),
  printOnTheSpot: defineSubject(svc, 'on-the-spot-penalties', 'print', IdParam).returns<PrintedCaseDocumentView>(),
  getHearingThresholds: defineSubject(svc, 'hearing-thresholds', 'get', CountyParam).returns<HearingThresholdsRequest>(),
  setHearingThresholds: defineSubject(svc, 'hearing-thresholds', 'set', HearingThresholdsCommand).returns<HearingThresholdsRequest>(),
} as const;
