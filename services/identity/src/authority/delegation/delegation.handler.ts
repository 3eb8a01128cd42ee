import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
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
import { command, type Command, Handles } from '@yiti/platform';
import { DelegationService } from './delegation.service';

@Controller()
export class DelegationHandler {
  constructor(private readonly delegations: DelegationService) {}

  @Handles(AUTHORITY_SUBJECTS.grantDelegations)
  grant(@Payload(command(AUTHORITY_SUBJECTS.grantDelegations)) cmd: Command<GrantDelegationsRequest>) {
    return this.delegations.grant(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.adjustDelegation)
  adjust(@Payload(command(AUTHORITY_SUBJECTS.adjustDelegation)) cmd: Command<AdjustDelegationCommand>) {
    return this.delegations.adjust(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.withdrawDelegation)
  withdraw(@Payload(command(AUTHORITY_SUBJECTS.withdrawDelegation)) cmd: Command<WithdrawDelegationCommand>) {
    return this.delegations.withdraw(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.listDelegations)
  list(@Payload(command(AUTHORITY_SUBJECTS.listDelegations)) cmd: Command<ListDelegationsQuery>) {
    return this.delegations.list(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.delegationHistory)
  history(@Payload(command(AUTHORITY_SUBJECTS.delegationHistory)) cmd: Command<IdParam>) {
    return this.delegations.history(cmd.actor, cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.powerMode)
  mode(@Payload(command(AUTHORITY_SUBJECTS.powerMode)) cmd: Command<PowerModeQuery>) {
    return this.delegations.mode(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.townPowers)
  townPowers(@Payload(command(AUTHORITY_SUBJECTS.townPowers)) cmd: Command<TownPowersQuery>) {
    return this.delegations.townPowers(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.delegationStatistics)
  statistics(@Payload(command(AUTHORITY_SUBJECTS.delegationStatistics)) cmd: Command<DelegationStatisticsQuery>) {
    return this.delegations.statistics(cmd.actor, cmd.data);
  }
}
