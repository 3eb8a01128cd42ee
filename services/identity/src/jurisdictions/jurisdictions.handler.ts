import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateJurisdictionRequest, IDENTITY_SUBJECTS, JurisdictionCodeParam, ListJurisdictionsQuery } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { JurisdictionsService } from './jurisdictions.service';

@Controller()
export class JurisdictionsHandler {
  constructor(private readonly jurisdictions: JurisdictionsService) {}

  @MessagePattern(IDENTITY_SUBJECTS.createJurisdiction)
  create(@Payload(command(CreateJurisdictionRequest)) cmd: Command<CreateJurisdictionRequest>) {
    return this.jurisdictions.create(cmd.actor, cmd.data);
  }

  @MessagePattern(IDENTITY_SUBJECTS.getJurisdiction)
  get(@Payload(command(JurisdictionCodeParam)) cmd: Command<JurisdictionCodeParam>) {
    return this.jurisdictions.get(cmd.actor, cmd.data.code);
  }

  @MessagePattern(IDENTITY_SUBJECTS.listJurisdictions)
  list(@Payload(command(ListJurisdictionsQuery)) cmd: Command<ListJurisdictionsQuery>) {
    return this.jurisdictions.list(cmd.actor, cmd.data);
  }
}
