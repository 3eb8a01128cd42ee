import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, IdParam, ListSupervisionsQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { Supervisions } from './supervisions';

@Controller()
export class SupervisionHandler {
  constructor(private readonly supervisions: Supervisions) {}

  @Handles(COMMAND_DISPATCH_SUBJECTS.listSupervisions)
  list(@Payload(command(COMMAND_DISPATCH_SUBJECTS.listSupervisions)) cmd: Command<ListSupervisionsQuery>) {
    return this.supervisions.list(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.acknowledgeSupervision)
  acknowledge(@Payload(command(COMMAND_DISPATCH_SUBJECTS.acknowledgeSupervision)) cmd: Command<IdParam>) {
    return this.supervisions.acknowledge(cmd.actor, cmd.data.id);
  }
}
