import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseStepCommand, ENFORCEMENT_SUBJECTS, IdParam, ListCasesQuery, ListSupervisionTasksQuery, OnTheSpotPenaltyRequest, RaiseClueCommand, RegisterClueRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { CaseCommands } from '../cases/case-commands';
import { SupervisionTasks } from '../supervision/supervision-tasks';
import { OnTheSpotPenalties } from './on-the-spot-penalties';

@Controller()
export class EnforcementHandler {
  constructor(
    private readonly onTheSpot: OnTheSpotPenalties,
    private readonly supervision: SupervisionTasks,
    private readonly cases: CaseCommands,
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

  @Handles(ENFORCEMENT_SUBJECTS.registerClue)
  registerClue(@Payload(command(ENFORCEMENT_SUBJECTS.registerClue)) cmd: Command<RegisterClueRequest>) {
    return this.cases.register(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_SUBJECTS.takeCaseStep)
  takeCaseStep(@Payload(command(ENFORCEMENT_SUBJECTS.takeCaseStep)) cmd: Command<CaseStepCommand>) {
    return this.cases.step(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_SUBJECTS.getCase)
  getCase(@Payload(command(ENFORCEMENT_SUBJECTS.getCase)) cmd: Command<IdParam>) {
    return this.cases.get(cmd.actor, cmd.data.id);
  }

  @Handles(ENFORCEMENT_SUBJECTS.listCases)
  listCases(@Payload(command(ENFORCEMENT_SUBJECTS.listCases)) cmd: Command<ListCasesQuery>) {
    return this.cases.list(cmd.actor, cmd.data);
  }

  @Handles(ENFORCEMENT_SUBJECTS.raiseClue)
  raiseClue(@Payload(command(ENFORCEMENT_SUBJECTS.raiseClue)) cmd: Command<RaiseClueCommand>) {
    return this.supervision.raiseClue(cmd.actor, cmd.data);
  }
}
