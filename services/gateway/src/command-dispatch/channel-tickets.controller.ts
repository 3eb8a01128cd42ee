import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { COMMAND_DISPATCH_SUBJECTS, ChannelIntakeResult, ChannelTicketRequest, EXTERNAL_CHANNELS, type ExternalChannel } from '@yiti/contracts';
import { DomainException, RawJson, ServiceClient } from '@yiti/platform';
import { ChannelRoute, type ChannelRequest } from '../auth/principal';

export class ChannelParam {
  @ApiProperty({ description: '渠道 Channel', enum: EXTERNAL_CHANNELS })
  @IsIn(EXTERNAL_CHANNELS)
  channel: ExternalChannel;
}

/** 渠道来件: external channels post their tickets with their own machine credential. */
@ApiTags('指挥调度一中心 Command and dispatch centre')
@ApiSecurity('channel')
@Controller()
export class ChannelTicketsController {
  constructor(private readonly client: ServiceClient) {}

  @Post('channels/:channel/tickets')
  @HttpCode(200)
  @ChannelRoute()
  @ApiOperation({
    summary: '渠道来件 Post a channel ticket',
    description:
      '外部渠道(12345、数字城管、公安、安监、环保、水利)以本渠道凭证(Authorization: Channel <id>.<secret>)推送工单;同一外部工单号重复推送(含并发)只生成一张工单并得到相同应答;同号不同内容 409;渠道特有字段原样保存;来电人姓名和电话加密保存、脱敏显示。 ' +
      'An external channel posts a ticket with its machine credential; the same external ticket id (also concurrently) gives one order and the same answer; the same id with other content is 409; channel-specific fields are kept; the caller is stored encrypted and shown masked.',
  })
  @ApiOkResponse({ type: ChannelIntakeResult })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: 来件格式有误,未写入任何数据 Malformed: nothing written (application/problem+json)' })
  @ApiUnauthorizedResponse({ description: 'CHANNEL_CREDENTIAL_INVALID: 凭证无效或已吊销 Credential invalid or revoked (application/problem+json)' })
  post(@Param() params: ChannelParam, @Body() body: ChannelTicketRequest, @Req() request: ChannelRequest): Promise<RawJson<ChannelIntakeResult>> {
    const credential = request.channel;
    if (!credential || credential.channel !== params.channel) {
      throw new DomainException('FORBIDDEN_ROLE', `该凭证不属于渠道 ${params.channel} The credential is not one of channel ${params.channel}`);
    }
    return this.client.requestRaw(COMMAND_DISPATCH_SUBJECTS.intakeTicket, { ...body, channel: params.channel, countyCode: credential.countyCode });
  }
}
