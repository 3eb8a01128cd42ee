import { defineSubject } from '../common/messages';
import type { Page } from '../common/pagination';
import { OfficerWorkloadQuery, StatisticsQuery, type OfficerWorkloadView, type StatisticsView } from './statistics.dto';

const svc = 'enforcement';

/** 查询统计 subjects (yiti.v1.enforcement.statistics.*). */
export const ENFORCEMENT_STATISTICS_SUBJECTS = {
  /** One row per team (town) of the scope and a total, for a period; clocks as of today. */
  byTeam: defineSubject(svc, 'statistics', 'by-team', StatisticsQuery).returns<StatisticsView>(),
  /** One row per officer, paged. */
  officers: defineSubject(svc, 'statistics', 'officers', OfficerWorkloadQuery).returns<Page<OfficerWorkloadView>>(),
} as const;
