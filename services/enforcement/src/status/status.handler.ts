import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ENFORCEMENT_SUBJECTS, type ServiceStatus } from '@yiti/contracts';
import { Handles, anonymousCommand } from '@yiti/platform';
import { ENFORCEMENT_SERVICE_NAME } from '../names';
import { serviceStatus } from './status';

/** Answers the status subject over NATS: proves the service is subscribed (the platform serves /health over HTTP). */
@Controller()
export class StatusHandler {
  private readonly startedAt = new Date();

  @Handles(ENFORCEMENT_SUBJECTS.status)
  status(@Payload(anonymousCommand(ENFORCEMENT_SUBJECTS.status)) _cmd: unknown): ServiceStatus {
    return serviceStatus(ENFORCEMENT_SERVICE_NAME, this.startedAt, new Date());
  }
}
