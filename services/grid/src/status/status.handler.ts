import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GRID_SUBJECTS, type ServiceStatus } from '@yiti/contracts';
import { Handles, anonymousCommand } from '@yiti/platform';
import { GRID_SERVICE_NAME } from '../names';
import { serviceStatus } from './status';

/** Answers the status subject over NATS: proves the service is subscribed (the platform serves /health over HTTP). */
@Controller()
export class StatusHandler {
  private readonly startedAt = new Date();

  @Handles(GRID_SUBJECTS.status)
  status(@Payload(anonymousCommand(GRID_SUBJECTS.status)) _cmd: unknown): ServiceStatus {
    return serviceStatus(GRID_SERVICE_NAME, this.startedAt, new Date());
  }
}
