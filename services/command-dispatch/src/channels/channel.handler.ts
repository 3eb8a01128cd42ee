import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, ChannelIntakeCommand } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { ChannelIntake } from './channel-intake';

@Controller()
export class ChannelHandler {
  constructor(private readonly channels: ChannelIntake) {}

  @Handles(COMMAND_DISPATCH_SUBJECTS.intakeTicket)
  ticket(@Payload(command(COMMAND_DISPATCH_SUBJECTS.intakeTicket)) cmd: Command<ChannelIntakeCommand>) {
    return this.channels.ticket(cmd.actor, cmd.data);
  }
}
