import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BuildInfoView } from '@yiti/contracts';
import { buildInfo } from '@yiti/platform';

/**
 * The release and commit the gateway runs (the services of one image share them). For any signed-in
 * user, not public: a public exact version tells an attacker which known flaws to try.
 */
@ApiTags('运维 Operations')
@ApiBearerAuth()
@Controller('version')
export class VersionController {
  @Get()
  @ApiOperation({ summary: '版本 Version', description: '发行版本与代码提交(任何已登录用户)。 Release and commit of the running platform, for any signed-in user; `yiti-ops version` adds the schema versions.' })
  @ApiOkResponse({ type: BuildInfoView })
  version(): BuildInfoView {
    return buildInfo();
  }
}
