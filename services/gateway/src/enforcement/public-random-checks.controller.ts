import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DrawVerificationView, PublicCheckResultView, PublicDrawParam, PublicDrawView, PublicDrawsQuery, PublicResultsQuery, RANDOM_CHECK_SUBJECTS, type Page } from '@yiti/contracts';
import { Public, RawJson, ServiceClient } from '@yiti/platform';
import { ApiPage } from '../http/page';

/**
 * 一公开: what anyone may read without signing in. Organisations by name and credit code, results,
 * the draws' seeds and snapshot hashes; of inspectors only how many checked an entity.
 */
@ApiTags('双随机一公开(公开查询) Random spot checks, public')
@Public()
@Controller('public/random-checks')
export class PublicRandomChecksController {
  constructor(private readonly client: ServiceClient) {}

  @Get('draws')
  @ApiOperation({ summary: '公开:本县双随机抽查及随机种子 A county\'s draws with their seeds (no sign-in)' })
  @ApiPage(PublicDrawView)
  draws(@Query() query: PublicDrawsQuery): Promise<RawJson<Page<PublicDrawView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.publicDraws, query);
  }

  @Get('results')
  @ApiOperation({ summary: '公开:本县抽查结果 A county\'s check results (no sign-in)', description: '检查对象(法人和其他组织)名称、统一社会信用代码、检查结果;不公开检查人员个人信息。 Organisations and results; no inspector\'s personal data.' })
  @ApiPage(PublicCheckResultView)
  results(@Query() query: PublicResultsQuery): Promise<RawJson<Page<PublicCheckResultView>>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.publicResults, query);
  }

  @Get('draws/:drawId/verify')
  @ApiOperation({ summary: '公开:复核摇号 Re-run a draw from its seed and frozen snapshot (no sign-in)' })
  @ApiOkResponse({ type: DrawVerificationView })
  verify(@Param() params: PublicDrawParam): Promise<RawJson<DrawVerificationView>> {
    return this.client.requestRaw(RANDOM_CHECK_SUBJECTS.verifyDraw, { drawId: params.drawId });
  }
}
