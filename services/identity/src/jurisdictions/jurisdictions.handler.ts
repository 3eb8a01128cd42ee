import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CreateJurisdictionRequest, IDENTITY_SUBJECTS, JurisdictionCodeParam, ListJurisdictionsQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { JurisdictionsService } from './jurisdictions.service';

@Controller()
export class JurisdictionsHandler {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @Handles(IDENTITY_SUBJECTS.createJurisdiction)
  create(@Payload(command(IDENTITY_SUBJECTS.createJurisdiction)) cmd: Command<CreateJurisdictionRequest>) {
    return this.jurisdictions.create(cmd.actor, cmd.data);
  }

  @Handles(IDENTITY_SUBJECTS.getJurisdiction)
  get(@Payload(command(IDENTITY_SUBJECTS.getJurisdiction)) cmd: Command<JurisdictionCodeParam>) {
    return this.jurisdictions.get(cmd.actor, cmd.data.code);
  }

  @Handles(IDENTITY_SUBJECTS.listJurisdictions)
  list(@Payload(command(IDENTITY_SUBJECTS.listJurisdictions)) cmd: Command<ListJurisdictionsQuery>) {
    return this.jurisdictions.list(cmd.actor, cmd.data);
  }
}
