import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { command, type Command, Handles } from '@yiti/platform';
import { DispatchedAgencyService } from './dispatched-agency.service';
import { StaffingService } from './staffing.service';

@Controller()
export class StaffingHandler {
  constructor(
    private readonly staffing: StaffingService,
    private readonly agencies: DispatchedAgencyService,
  ) {}

  @Handles(AUTHORITY_SUBJECTS.setTownQuota)
  setQuota(@Payload(command(AUTHORITY_SUBJECTS.setTownQuota)) cmd: Command<SetTownQuotaCommand>) {
    return this.staffing.setQuota(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listTownQuotas)
  listQuotas(@Payload(command(AUTHORITY_SUBJECTS.listTownQuotas)) cmd: Command<ListTownQuotasQuery>) {
    return this.staffing.listQuotas(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.townQuotaHistory)
  quotaHistory(@Payload(command(AUTHORITY_SUBJECTS.townQuotaHistory)) cmd: Command<TownQuotaHistoryQuery>) {
    return this.staffing.quotaHistory(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.createSentDownStaff)
  createSentDownStaff(@Payload(command(AUTHORITY_SUBJECTS.createSentDownStaff)) cmd: Command<CreateSentDownStaffRequest>) {
    return this.staffing.createSentDownStaff(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.endSentDownStaff)
  endSentDownStaff(@Payload(command(AUTHORITY_SUBJECTS.endSentDownStaff)) cmd: Command<EndSentDownStaffCommand>) {
    return this.staffing.endSentDownStaff(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listSentDownStaff)
  listSentDownStaff(@Payload(command(AUTHORITY_SUBJECTS.listSentDownStaff)) cmd: Command<ListSentDownStaffQuery>) {
    return this.staffing.listSentDownStaff(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getSentDownStaff)
  getSentDownStaff(@Payload(command(AUTHORITY_SUBJECTS.getSentDownStaff)) cmd: Command<IdParam>) {
    return this.staffing.getSentDownStaff(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.createDispatchedAgency)
  createAgency(@Payload(command(AUTHORITY_SUBJECTS.createDispatchedAgency)) cmd: Command<CreateDispatchedAgencyRequest>) {
    return this.agencies.create(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.updateDispatchedAgency)
  updateAgency(@Payload(command(AUTHORITY_SUBJECTS.updateDispatchedAgency)) cmd: Command<UpdateDispatchedAgencyCommand>) {
    return this.agencies.update(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listDispatchedAgencies)
  listAgencies(@Payload(command(AUTHORITY_SUBJECTS.listDispatchedAgencies)) cmd: Command<ListDispatchedAgenciesQuery>) {
    return this.agencies.list(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getDispatchedAgency)
  getAgency(@Payload(command(AUTHORITY_SUBJECTS.getDispatchedAgency)) cmd: Command<IdParam>) {
    return this.agencies.get(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.staffingStatistics)
  statistics(@Payload(command(AUTHORITY_SUBJECTS.staffingStatistics)) cmd: Command<StaffingStatisticsQuery>) {
    return this.staffing.statistics(cmd.actor, cmd.data);
  }
}
