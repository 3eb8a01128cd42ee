import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ENFORCEMENT_SUBJECTS, IdParam, ListSupervisionTasksQuery, OnTheSpotPenaltyRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { SupervisionTasks } from '../supervision/supervision-tasks';
import { OnTheSpotPenalties } from './on-the-spot-penalties';

@Controller()
export class EnforcementHandler {
  constructor(
    private readonly onTheSpot: OnTheSpotPenalties,
    private readonly supervision: SupervisionTasks,
  ) {}

  @Handles(ENFORCEMENT_SUBJECTS.decideOnTheSpot)
  decideOnTheSpot(@Payload(command(ENFORCEMENT_SUBJECTS.decideOnTheSpot)) cmd: Command<OnTheSpotPenaltyRequest>) {
    return this.onTheSpot.decide(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_SUBJECTS.getOnTheSpot)
  getOnTheSpot(@Payload(command(ENFORCEMENT_SUBJECTS.getOnTheSpot)) cmd: Command<IdParam>) {
    return this.onTheSpot.get(cmd.actor, cmd.data.id);
  }

  @Handles(ENFORCEMENT_SUBJECTS.listSupervisionTasks)
  listSupervisionTasks(@Payload(command(ENFORCEMENT_SUBJECTS.listSupervisionTasks)) cmd: Command<ListSupervisionTasksQuery>) {
    return this.supervision.list(cmd.actor, cmd.data);
  }
}
