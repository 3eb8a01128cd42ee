import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CreateOrganisationRequest, IDENTITY_SUBJECTS, IdParam, ListOrganisationsQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { OrganisationsService } from './organisations.service';

@Controller()
export class OrganisationsHandler {
  constructor(private readonly organisations: OrganisationsService) {}

  @Handles(IDENTITY_SUBJECTS.createOrganisation)
  create(@Payload(command(IDENTITY_SUBJECTS.createOrganisation)) cmd: Command<CreateOrganisationRequest>) {
    return this.organisations.create(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.getOrganisation)
  get(@Payload(command(IDENTITY_SUBJECTS.getOrganisation)) cmd: Command<IdParam>) {
    return this.organisations.get(cmd.actor, cmd.data.id);
  }

  @Handles(IDENTITY_SUBJECTS.listOrganisations)
  list(@Payload(command(IDENTITY_SUBJECTS.listOrganisations)) cmd: Command<ListOrganisationsQuery>) {
    return this.organisations.list(cmd.actor, cmd.data);
  }
}
