import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, AdmissionDecisionCommand, DutyRoutingQuery, DutyStatisticsQuery, IdParam, ListAdmissionsQuery, ListDutiesQuery, SubmitAdmissionRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { DutiesService } from '../duties/duties.service';
import { AdmissionService } from './admission.service';

@Controller()
export class AdmissionHandler {
  constructor(
    private readonly admissions: AdmissionService,
    private readonly duties: DutiesService,
  ) {}

  @Handles(AUTHORITY_SUBJECTS.submitAdmission)
  submit(@Payload(command(AUTHORITY_SUBJECTS.submitAdmission)) cmd: Command<SubmitAdmissionRequest>) {
    return this.admissions.submit(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.decideAdmission)
  decide(@Payload(command(AUTHORITY_SUBJECTS.decideAdmission)) cmd: Command<AdmissionDecisionCommand>) {
    return this.admissions.decide(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listAdmissions)
  list(@Payload(command(AUTHORITY_SUBJECTS.listAdmissions)) cmd: Command<ListAdmissionsQuery>) {
    return this.admissions.list(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getAdmission)
  get(@Payload(command(AUTHORITY_SUBJECTS.getAdmission)) cmd: Command<IdParam>) {
    return this.admissions.get(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.listDuties)
  listDuties(@Payload(command(AUTHORITY_SUBJECTS.listDuties)) cmd: Command<ListDutiesQuery>) {
    return this.duties.list(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.routeDuty)
  route(@Payload(command(AUTHORITY_SUBJECTS.routeDuty)) cmd: Command<DutyRoutingQuery>) {
    return this.duties.route(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.dutyStatistics)
  statistics(@Payload(command(AUTHORITY_SUBJECTS.dutyStatistics)) cmd: Command<DutyStatisticsQuery>) {
    return this.duties.statistics(cmd.actor, cmd.data);
  }
}
