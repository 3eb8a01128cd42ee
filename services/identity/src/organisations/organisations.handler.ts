import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateOrganisationRequest, IDENTITY_SUBJECTS, IdParam, ListOrganisationsQuery } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { OrganisationsService } from './organisations.service';

@Controller()
export class OrganisationsHandler {
  constructor(private readonly organisations: OrganisationsService) {}

  @MessagePattern(IDENTITY_SUBJECTS.createOrganisation)
  create(@Payload(command(CreateOrganisationRequest)) cmd: Command<CreateOrganisationRequest>) {
    return this.organisations.create(cmd.actor, cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.getOrganisation)
  get(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.organisations.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(IDENTITY_SUBJECTS.listOrganisations)
  list(@Payload(command(ListOrganisationsQuery)) cmd: Command<ListOrganisationsQuery>) {
    return this.organisations.list(cmd.actor, cmd.data);
  }
}
