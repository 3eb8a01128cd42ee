import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChannelCredentialView, IDENTITY_SUBJECTS, IdParam, IssueChannelCredentialRequest, IssuedChannelCredential, ListChannelCredentialsQuery, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { ChannelCredentials } from '../auth/channel-credentials';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('渠道凭证 Channel credentials')
@ApiBearerAuth()
@Controller('channel-credentials')
export class ChannelCredentialsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly credentials: ChannelCredentials,
  ) {}

  @Post()
  @Roles('province_admin', 'county_admin')
  @ApiOperation({
    summary: '签发渠道凭证 Issue a channel credential',
    description:
      '为本县一个外部渠道(12345、数字城管、公安、安监、环保、水利)签发机器凭证;密钥仅此一次显示,只保存其哈希。渠道系统以 Authorization: Channel <id>.<secret> 调用 POST /api/v1/channels/{channel}/tickets。 A machine credential for one channel of the county; the secret is shown only now and kept only as a hash. The channel calls POST /api/v1/channels/{channel}/tickets with Authorization: Channel <id>.<secret>.',
  })
  @ApiCreatedResponse({ type: IssuedChannelCredential })
  issue(@Body() body: IssueChannelCredentialRequest): Promise<RawJson<IssuedChannelCredential>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.issueChannelCredential, body);
  }

  @Get()
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '渠道凭证列表 Channel credentials of your counties (never their secrets)' })
  @ApiPage(ChannelCredentialView)
  list(@Query() query: ListChannelCredentialsQuery): Promise<RawJson<Page<ChannelCredentialView>>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.listChannelCredentials, query);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '吊销渠道凭证 Revoke a channel credential', description: '吊销后本网关立即拒绝该凭证;其他网关收到吊销事件即拒绝,最迟 10 秒。 This gateway refuses it at once; every other one as soon as the revocation event arrives, within 10 seconds at most.' })
  @ApiOkResponse({ type: ChannelCredentialView })
  async revoke(@Param() params: IdParam): Promise<ChannelCredentialView> {
    const revoked = await this.client.request(IDENTITY_SUBJECTS.revokeChannelCredential, { id: params.id });
    this.credentials.forget(revoked.id);
    return revoked;
  }
}
