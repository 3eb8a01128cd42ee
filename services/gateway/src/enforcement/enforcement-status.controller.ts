import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ENFORCEMENT_SUBJECTS, ServiceStatus } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';

/** The enforcement service's routes (/api/v1/enforcement/…): one controller per resource, each calling its subject. */
@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('enforcement')
export class EnforcementStatusController {
  constructor(private readonly client: ServiceClient) {}

  @Get('status')
  @ApiOperation({ summary: '服务状态 enforcement status', description: 'enforcement 服务经 NATS 应答。 The enforcement service answers through NATS: the chain gateway → NATS → service works.' })
  @ApiOkResponse({ type: ServiceStatus })
  status(): Promise<RawJson<ServiceStatus>> {
    return this.client.requestRaw(ENFORCEMENT_SUBJECTS.status, {});
  }
}
