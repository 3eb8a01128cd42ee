import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTHORITY_SUBJECTS,
  AdjustDelegationCommand,
  DelegationStatisticsQuery,
  GrantDelegationsRequest,
  IdParam,
  ListDelegationsQuery,
  PowerModeQuery,
  TownPowersQuery,
  WithdrawDelegationCommand,
} from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { DelegationService } from './delegation.service';

@Controller()
export class DelegationHandler {
  constructor(private readonly delegations: DelegationService) {}

  @MessagePattern(AUTHORITY_SUBJECTS.grantDelegations)
  grant(@Payload(command(GrantDelegationsRequest)) cmd: Command<GrantDelegationsRequest>) {
    return this.delegations.grant(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.adjustDelegation)
  adjust(@Payload(command(AdjustDelegationCommand)) cmd: Command<AdjustDelegationCommand>) {
    return this.delegations.adjust(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.withdrawDelegation)
  withdraw(@Payload(command(WithdrawDelegationCommand)) cmd: Command<WithdrawDelegationCommand>) {
    return this.delegations.withdraw(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listDelegations)
  list(@Payload(command(ListDelegationsQuery)) cmd: Command<ListDelegationsQuery>) {
    return this.delegations.list(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.delegationHistory)
  history(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.delegations.history(cmd.actor, cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.powerMode)
  mode(@Payload(command(PowerModeQuery)) cmd: Command<PowerModeQuery>) {
    return this.delegations.mode(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.townPowers)
  townPowers(@Payload(command(TownPowersQuery)) cmd: Command<TownPowersQuery>) {
    return this.delegations.townPowers(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.delegationStatistics)
  statistics(@Payload(command(DelegationStatisticsQuery)) cmd: Command<DelegationStatisticsQuery>) {
    return this.delegations.statistics(cmd.actor, cmd.data);
  }
}
