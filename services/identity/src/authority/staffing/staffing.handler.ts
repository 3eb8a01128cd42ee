import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTHORITY_SUBJECTS,
  CreateDispatchedAgencyRequest,
  CreateSentDownStaffRequest,
  EndSentDownStaffCommand,
  IdParam,
  ListDispatchedAgenciesQuery,
  ListSentDownStaffQuery,
  ListTownQuotasQuery,
  SetTownQuotaCommand,
  StaffingStatisticsQuery,
  TownQuotaHistoryQuery,
  UpdateDispatchedAgencyCommand,
} from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { DispatchedAgencyService } from './dispatched-agency.service';
import { StaffingService } from './staffing.service';

@Controller()
export class StaffingHandler {
  constructor(
    private readonly staffing: StaffingService,
    private readonly agencies: DispatchedAgencyService,
  ) {}

  @MessagePattern(AUTHORITY_SUBJECTS.setTownQuota)
  setQuota(@Payload(command(SetTownQuotaCommand)) cmd: Command<SetTownQuotaCommand>) {
    return this.staffing.setQuota(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listTownQuotas)
  listQuotas(@Payload(command(ListTownQuotasQuery)) cmd: Command<ListTownQuotasQuery>) {
    return this.staffing.listQuotas(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.townQuotaHistory)
  quotaHistory(@Payload(command(TownQuotaHistoryQuery)) cmd: Command<TownQuotaHistoryQuery>) {
    return this.staffing.quotaHistory(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.createSentDownStaff)
  createSentDownStaff(@Payload(command(CreateSentDownStaffRequest)) cmd: Command<CreateSentDownStaffRequest>) {
    return this.staffing.createSentDownStaff(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.endSentDownStaff)
  endSentDownStaff(@Payload(command(EndSentDownStaffCommand)) cmd: Command<EndSentDownStaffCommand>) {
    return this.staffing.endSentDownStaff(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listSentDownStaff)
  listSentDownStaff(@Payload(command(ListSentDownStaffQuery)) cmd: Command<ListSentDownStaffQuery>) {
    return this.staffing.listSentDownStaff(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getSentDownStaff)
  getSentDownStaff(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.staffing.getSentDownStaff(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.createDispatchedAgency)
  createAgency(@Payload(command(CreateDispatchedAgencyRequest)) cmd: Command<CreateDispatchedAgencyRequest>) {
    return this.agencies.create(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.updateDispatchedAgency)
  updateAgency(@Payload(command(UpdateDispatchedAgencyCommand)) cmd: Command<UpdateDispatchedAgencyCommand>) {
    return this.agencies.update(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listDispatchedAgencies)
  listAgencies(@Payload(command(ListDispatchedAgenciesQuery)) cmd: Command<ListDispatchedAgenciesQuery>) {
    return this.agencies.list(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getDispatchedAgency)
  getAgency(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.agencies.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.staffingStatistics)
  statistics(@Payload(command(StaffingStatisticsQuery)) cmd: Command<StaffingStatisticsQuery>) {
    return this.staffing.statistics(cmd.actor, cmd.data);
  }
}
