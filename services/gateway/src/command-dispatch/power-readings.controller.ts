import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { COMMAND_ANALYSIS_SUBJECTS, PostReadingsResult, ReadingsBatch } from '@yiti/contracts';
import { DomainException, RawJson, ServiceClient } from '@yiti/platform';
import { ChannelRoute, type ChannelRequest } from '../auth/principal';

/** Evaluating a full batch raises its alerts and orders before answering: more than the default RPC wait. */
const BATCH_TIMEOUT_MS = 120_000;

/** 电力渠道 The power company's system posts the daily readings with its own machine credential (channel `power`). */
@ApiTags('研判预警 Early warning')
@ApiSecurity('channel')
@Controller()
export class PowerReadingsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('channels/power/readings')
  @HttpCode(200)
  @ChannelRoute()
  @ApiOperation({
    summary: '供电公司报送日用电量 The power company posts a batch of readings',
    description:
      '供电公司系统以县级管理员签发的电力渠道凭证(渠道 power,Authorization: Channel <id>.<secret>)报送,县由凭证确定;每批至多 10,000 条(JSON 或 CSV),同一电表同一日只收一次;随即研判(空关户用电超过阈值 → 预警 → 网格员核查走访工单)。调度员或县级管理员也可用本人令牌经 POST /meter-readings 报送(如供电公司发来的文件)。 ' +
      'The power company\'s system posts with its own machine credential (channel power), its county taken from the credential; up to 10,000 readings, idempotent per meter and day, evaluated at once. Dispatchers and county admins may post a file with their own token at POST /meter-readings.',
  })
  @ApiOkResponse({ type: PostReadingsResult })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: 格式有误,未写入任何数据 Malformed: nothing written (application/problem+json)' })
  @ApiUnauthorizedResponse({ description: 'CHANNEL_CREDENTIAL_INVALID: 凭证无效或已吊销 Credential invalid or revoked (application/problem+json)' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN_ROLE: 非电力渠道凭证 Not a power channel credential (application/problem+json)' })
  post(@Body() body: ReadingsBatch, @Req() request: ChannelRequest): Promise<RawJson<PostReadingsResult>> {
    const credential = request.channel;
    if (!credential || credential.channel !== 'power') {
      throw new DomainException('FORBIDDEN_ROLE', '该凭证不属于电力渠道 The credential is not one of the power channel');
    }
    return this.client.requestRaw(COMMAND_ANALYSIS_SUBJECTS.postChannelReadings, { ...body, countyCode: credential.countyCode, credentialId: credential.id }, { timeoutMs: BATCH_TIMEOUT_MS });
  }
}
