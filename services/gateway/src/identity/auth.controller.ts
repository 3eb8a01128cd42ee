import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangePasswordRequest, IDENTITY_SUBJECTS, LoginRequest, LogoutRequest, RefreshRequest, TokenResponse, UserView } from '@yiti/contracts';
import { Public, RawJson, ServiceClient } from '@yiti/platform';
import { AllowedBeforePasswordChange, CurrentPrincipal, type Principal } from '../auth/principal';
import { RevokedSessions } from '../auth/revoked-sessions';

@ApiTags('认证 Authentication')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly client: ServiceClient,
    private readonly revoked: RevokedSessions,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 Log in', description: '用户名密码登录,返回访问令牌与刷新令牌。连续失败将锁定账号。 Password login; repeated failures lock the account.' })
  @ApiOkResponse({ type: TokenResponse })
  login(@Body() body: LoginRequest): Promise<RawJson<TokenResponse>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.login, body);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: '刷新令牌 Refresh tokens', description: '刷新令牌每次使用后更换;重复使用旧令牌将注销整个会话。 Refresh tokens rotate; reusing an old one ends the session.' })
  @ApiOkResponse({ type: TokenResponse })
  refresh(@Body() body: RefreshRequest): Promise<RawJson<TokenResponse>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.refresh, body);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({ summary: '注销 Log out', description: '注销当前会话;其访问令牌随即失效。 Ends the session; its access tokens stop working.' })
  async logout(@CurrentPrincipal() principal: Principal, @Body() body: LogoutRequest): Promise<{ revoked: boolean }> {
    const result = await this.client.request(IDENTITY_SUBJECTS.logout, { ...body, sessionId: principal.sessionId });
    // A refresh token may name another login of the user; without one the caller's own login ended.
    if (!body.refreshToken) this.revoked.revokeHere(principal.sessionId);
    return result;
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('change-password')
  @HttpCode(200)
  @ApiOperation({ summary: '修改密码 Change password', description: '修改后其他会话全部注销;须修改初始密码的用户修改后刷新令牌即可使用其他接口。 Every other session ends; a user who had to change the initial password refreshes the tokens to use the other routes.' })
  changePassword(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordRequest): Promise<RawJson<{ changed: boolean }>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.changePassword, { ...body, sessionId: principal.sessionId });
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: '当前用户 Current user' })
  @ApiOkResponse({ type: UserView })
  me(): Promise<RawJson<UserView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.me, {});
  }
}
