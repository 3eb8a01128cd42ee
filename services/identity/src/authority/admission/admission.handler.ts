import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, AdmissionDecisionCommand, DutyRoutingQuery, DutyStatisticsQuery, IdParam, ListAdmissionsQuery, ListDutiesQuery, SubmitAdmissionRequest } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { DutiesService } from '../duties/duties.service';
import { AdmissionService } from './admission.service';

@Controller()
export class AdmissionHandler {
  constructor(
    private readonly admissions: AdmissionService,
    private readonly duties: DutiesService,
  ) {}

  @MessagePattern(AUTHORITY_SUBJECTS.submitAdmission)
  submit(@Payload(command(SubmitAdmissionRequest)) cmd: Command<SubmitAdmissionRequest>) {
    return this.admissions.submit(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.decideAdmission)
  decide(@Payload(command(AdmissionDecisionCommand)) cmd: Command<AdmissionDecisionCommand>) {
    return this.admissions.decide(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listAdmissions)
  list(@Payload(command(ListAdmissionsQuery)) cmd: Command<ListAdmissionsQuery>) {
    return this.admissions.list(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getAdmission)
  get(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.admissions.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listDuties)
  listDuties(@Payload(command(ListDutiesQuery)) cmd: Command<ListDutiesQuery>) {
    return this.duties.list(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.routeDuty)
  route(@Payload(command(DutyRoutingQuery)) cmd: Command<DutyRoutingQuery>) {
    return this.duties.route(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.dutyStatistics)
  statistics(@Payload(command(DutyStatisticsQuery)) cmd: Command<DutyStatisticsQuery>) {
    return this.duties.statistics(cmd.actor, cmd.data);
  }
}
