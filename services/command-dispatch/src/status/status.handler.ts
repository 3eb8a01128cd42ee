import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, type ServiceStatus } from '@yiti/contracts';
import { Handles, anonymousCommand } from '@yiti/platform';
import { COMMAND_DISPATCH_SERVICE_NAME } from '../names';
import { serviceStatus } from './status';

/** Answers the status subject over NATS: proves the service is subscribed (the platform serves /health over HTTP). */
@Controller()
export class StatusHandler {
  private readonly startedAt = new Date();

  @Handles(COMMAND_DISPATCH_SUBJECTS.status)
  status(@Payload(anonymousCommand(COMMAND_DISPATCH_SUBJECTS.status)) _cmd: unknown): ServiceStatus {
    return serviceStatus(COMMAND_DISPATCH_SERVICE_NAME, this.startedAt, new Date());
  }
}
