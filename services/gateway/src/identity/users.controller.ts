import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateUserRequest, IDENTITY_SUBJECTS, IdParam, ListUsersQuery, SetUserStatusRequest, UserView, type Page } from '@yiti/contracts';
import { RawJson, ServiceClient } from '@yiti/platform';
import { Roles } from '../auth/principal';
import { ApiPage } from '../http/page';

@ApiTags('用户 Users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly client: ServiceClient) {}

  @Post()
  @Roles('province_admin', 'county_admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '幂等键 Idempotency key' })
  @ApiOperation({ summary: '新增用户 Create a user', description: '角色须与机构类型相符;用户管辖区划须在机构区划内。 Roles must fit the organisation kind; the jurisdiction must lie inside the organisation\'s.' })
  @ApiCreatedResponse({ type: UserView })
  create(@Body() body: CreateUserRequest): Promise<RawJson<UserView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.createUser, body);
  }

  @Get()
  @ApiOperation({ summary: '用户列表(本人管辖范围内) List users in your subtree' })
  @ApiPage(UserView)
  list(@Query() query: ListUsersQuery): Promise<RawJson<Page<UserView>>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.listUsers, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '用户详情 Get a user', description: '管辖范围外的用户视为不存在(404)。 Users outside your jurisdiction are not found (404).' })
  @ApiOkResponse({ type: UserView })
  get(@Param() params: IdParam): Promise<RawJson<UserView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.getUser, params);
  }

  @Post(':id/status')
  @HttpCode(200)
  @Roles('province_admin', 'county_admin')
  @ApiOperation({ summary: '启用/停用用户 Enable or disable a user', description: '停用立即注销其全部会话;启用同时解除锁定。 Disabling ends every session; enabling also clears a lockout.' })
  @ApiOkResponse({ type: UserView })
  setStatus(@Param() params: IdParam, @Body() body: SetUserStatusRequest): Promise<RawJson<UserView>> {
    return this.client.requestRaw(IDENTITY_SUBJECTS.setUserStatus, { ...body, id: params.id });
  }
}
