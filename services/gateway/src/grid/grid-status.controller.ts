import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GRID_SUBJECTS, ServiceStatus } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';

/** The grid service's routes (/api/v1/grid/…): one controller per resource, each calling its subject. */
@ApiTags('grid')
@ApiBearerAuth()
@Controller('grid')
export class GridStatusController {
  constructor(private readonly client: ServiceClient) {}

  @Get('status')
  @ApiOperation({ summary: '服务状态 grid status', description: 'grid 服务经 NATS 应答。 The grid service answers through NATS: the chain gateway → NATS → service works.' })
  @ApiOkResponse({ type: ServiceStatus })
  status(): Promise<RawJson<ServiceStatus>> {
    return this.client.requestRaw(GRID_SUBJECTS.status, {});
  }
}
