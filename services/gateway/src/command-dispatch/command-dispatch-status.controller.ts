import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { COMMAND_DISPATCH_SUBJECTS, ServiceStatus } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';

/** The command-dispatch service's routes (/api/v1/command-dispatch/…): one controller per resource, each calling its subject. */
@ApiTags('command-dispatch')
@ApiBearerAuth()
@Controller('command-dispatch')
export class CommandDispatchStatusController {
  constructor(private readonly client: ServiceClient) {}

  @Get('status')
  @ApiOperation({ summary: '服务状态 command-dispatch status', description: 'command-dispatch 服务经 NATS 应答。 The command-dispatch service answers through NATS: the chain gateway → NATS → service works.' })
  @ApiOkResponse({ type: ServiceStatus })
  status(): Promise<RawJson<ServiceStatus>> {
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.status, {});
  }
}
