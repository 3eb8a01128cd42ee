import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  COMMAND_ANALYSIS_SUBJECTS as S,
  CreateNoticeRequest,
  IdParam,
  ListNoticesQuery,
  NoticeChannelView,
  NoticeStatisticsQuery,
  NoticeStatisticsView,
  RecordReferralRequest,
  ReferralView,
  SetNoticeChannelRequest,
  TargetedNoticeView,
  type Page,
} from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

const PUBLISHERS = ['dispatcher', 'commander', 'county_admin', 'leader'] as const;

/** 精准推送 Targeted notices: criteria over the grid's base data, one delivery per recipient through the county's SMS webhook. */
@ApiTags('精准推送 Targeted notices')
@ApiBearerAuth()
@Controller()
export class NoticesController {
  constructor(private readonly client: ServiceClient) {}

  @Put('notice-channel')
  @Roles('county_admin')
  @ApiOperation({ summary: '设置短信通道 Set the county\'s SMS webhook', description: '默认不向任何地方发送;启用后每条推送经此回调发往县短信网关。 Nothing is sent anywhere until a county admin enables the webhook.' })
  @ApiOkResponse({ type: NoticeChannelView })
  setChannel(@Body() body: SetNoticeChannelRequest): Promise<RawJson<NoticeChannelView>> {
    return this.client.requestRaw(S.setNoticeChannel, body);
  }

  @Post('notices')
  @Roles(...PUBLISHERS)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '新建推送 Create a notice', description: '按网格、户标记选择推送对象;年龄段、失业等居民条件待网格提供居民基础数据。 Recipients by grid and household flags; resident criteria await the grid\'s resident data.' })
  @ApiCreatedResponse({ type: TargetedNoticeView })
  @ApiUnprocessableEntityResponse({ description: 'NOTICE_RESIDENT_CRITERIA_UNAVAILABLE (application/problem+json)' })
  create(@Body() body: CreateNoticeRequest): Promise<RawJson<TargetedNoticeView>> {
    return this.client.requestRaw(S.createNotice, body);
  }

  @Post('notices/:id/deliver')
  @HttpCode(200)
  @Roles(...PUBLISHERS)
  @ApiOperation({ summary: '发送推送 Deliver a notice', description: '立即应答(推送中),后台逐一记录并发送,每个对象只发一次;已发出的 409。 Answers at once (delivering); each recipient gets one delivery; a delivered notice is 409.' })
  @ApiOkResponse({ type: TargetedNoticeView })
  deliver(@Param() params: IdParam): Promise<RawJson<TargetedNoticeView>> {
    return this.client.requestRaw(S.deliverNotice, params);
  }

  @Get('notices')
  @ApiOperation({ summary: '推送列表 Notices in your jurisdiction' })
  @ApiPage(TargetedNoticeView)
  list(@Query() query: ListNoticesQuery): Promise<RawJson<Page<TargetedNoticeView>>> {
    return this.client.requestRaw(S.listNotices, query);
  }

  @Get('notices/statistics')
  @ApiOperation({ summary: '推送统计 Counts per period', description: '期间内发布推送数、发送短信数、岗位数、推荐就业人数。 Notices, messages sent, postings and referrals in the period.' })
  @ApiOkResponse({ type: NoticeStatisticsView })
  statistics(@Query() query: NoticeStatisticsQuery): Promise<RawJson<NoticeStatisticsView>> {
    return this.client.requestRaw(S.noticeStatistics, query);
  }

  @Get('notices/:id')
  @ApiOperation({ summary: '推送详情 One notice with its counts' })
  @ApiOkResponse({ type: TargetedNoticeView })
  get(@Param() params: IdParam): Promise<RawJson<TargetedNoticeView>> {
    return this.client.requestRaw(S.getNotice, params);
  }

  @Post('referrals')
  @Roles('dispatcher', 'commander', 'leader', 'grid_worker')
  @ApiOperation({ summary: '登记推荐就业 Record a referral', description: '推送对象经推送被推荐到岗位;同一对象同一岗位只记一次。 A recipient referred to a posting; once per recipient and posting.' })
  @ApiCreatedResponse({ type: ReferralView })
  referral(@Body() body: RecordReferralRequest): Promise<RawJson<ReferralView>> {
    return this.client.requestRaw(S.recordReferral, body);
  }
}
