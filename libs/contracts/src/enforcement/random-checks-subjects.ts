import { defineSubject } from '../common/messages';
import type { Page } from '../common/pagination';
import {
  AssignmentView,
  CheckEntityView,
  CheckItemView,
  CreateCheckItemRequest,
  CreateDrawRequest,
  DrawIdParam,
  DrawSnapshotView,
  DrawVerificationView,
  DrawView,
  EnrolInspectorRequest,
  ImportCheckEntitiesRequest,
  ImportCheckEntitiesView,
  InspectorView,
  ListAssignmentsCommand,
  ListCheckEntitiesQuery,
  ListCheckItemsQuery,
  ListDrawsQuery,
  ListInspectorsQuery,
  PublicDrawParam,
  PublicDrawView,
  PublicDrawsQuery,
  PublicResultsQuery,
  PublicCheckResultView,
  RecordCheckResultCommand,
} from './random-checks.dto';

const svc = 'enforcement';

/** 双随机一公开 subjects (yiti.v1.enforcement.random-checks.*); the `public*` ones need no actor. */
export const RANDOM_CHECK_SUBJECTS = {
  createItem: defineSubject(svc, 'random-checks', 'create-item', CreateCheckItemRequest).returns<CheckItemView>(),
  listItems: defineSubject(svc, 'random-checks', 'list-items', ListCheckItemsQuery).returns<Page<CheckItemView>>(),
  importEntities: defineSubject(svc, 'random-checks', 'import-entities', ImportCheckEntitiesRequest).returns<ImportCheckEntitiesView>(),
  listEntities: defineSubject(svc, 'random-checks', 'list-entities', ListCheckEntitiesQuery).returns<Page<CheckEntityView>>(),
  enrolInspector: defineSubject(svc, 'random-checks', 'enrol-inspector', EnrolInspectorRequest).returns<InspectorView>(),
  listInspectors: defineSubject(svc, 'random-checks', 'list-inspectors', ListInspectorsQuery).returns<Page<InspectorView>>(),
  draw: defineSubject(svc, 'random-checks', 'draw', CreateDrawRequest).returns<DrawView>(),
  listDraws: defineSubject(svc, 'random-checks', 'list-draws', ListDrawsQuery).returns<Page<DrawView>>(),
  getDraw: defineSubject(svc, 'random-checks', 'get-draw', DrawIdParam).returns<DrawView>(),
  getSnapshot: defineSubject(svc, 'random-checks', 'get-snapshot', DrawIdParam).returns<DrawSnapshotView>(),
  listAssignments: defineSubject(svc, 'random-checks', 'list-assignments', ListAssignmentsCommand).returns<Page<AssignmentView>>(),
  recordResult: defineSubject(svc, 'random-checks', 'record-result', RecordCheckResultCommand).returns<AssignmentView>(),
  /** 公开: no actor, no personal data. */
  publicDraws: defineSubject(svc, 'random-checks', 'public-draws', PublicDrawsQuery).returns<Page<PublicDrawView>>(),
  publicResults: defineSubject(svc, 'random-checks', 'public-results', PublicResultsQuery).returns<Page<PublicCheckResultView>>(),
  verifyDraw: defineSubject(svc, 'random-checks', 'verify', PublicDrawParam).returns<DrawVerificationView>(),
} as const;
