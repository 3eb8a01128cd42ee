import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ENFORCEMENT_STATISTICS_SUBJECTS, type OfficerWorkloadQuery, type StatisticsQuery } from '@yiti/contracts';
import { command, Handles, type Command } from '@yiti/platform';
import { EnforcementStatistics } from './enforcement-statistics';

@Controller()
export class StatisticsHandler {
  constructor(private readonly statistics: EnforcementStatistics) {}

  @Handles(ENFORCEMENT_STATISTICS_SUBJECTS.byTeam)
  byTeam(@Payload(command(ENFORCEMENT_STATISTICS_SUBJECTS.byTeam)) cmd: Command<StatisticsQuery>) {
    return this.statistics.byTeam(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_STATISTICS_SUBJECTS.officers)
  officers(@Payload(command(ENFORCEMENT_STATISTICS_SUBJECTS.officers)) cmd: Command<OfficerWorkloadQuery>) {
    return this.statistics.officers(cmd.actor, cmd.data);
  }
}
