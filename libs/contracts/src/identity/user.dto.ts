import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { JURISDICTION_CODE_PATTERN } from '../common/jurisdiction-code';
import { ALL_ROLES, type Role } from './roles';
import { IsReason } from '../common/validators';

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export class CreateUserRequest {
  @ApiProperty({ description: '用户名(登录名) Username', example: 'liuhe.clerk2' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3-64 lowercase letters, digits, ., _ or -' })
  username: string;

  @ApiProperty({ description: '姓名 Display name', example: '张三' })
  @IsString()
  @Length(1, 50)
  displayName: string;

  @ApiProperty({ description: '初始密码(至少10位,含字母和数字) Initial password' })
  @IsString()
  @Length(10, 128)
  password: string;

  @ApiProperty({ description: '所属机构ID Organisation id' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ description: '角色 Roles', enum: ALL_ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(ALL_ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: '管辖区划代码(默认为机构所在区划,须在其内) Jurisdiction; defaults to the organisation\'s and must lie inside it' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;

  @ApiPropertyOptional({ description: '首次登录须修改密码(默认否) The user must change the initial password at first sign-in; default false' })
  @IsOptional()
  @IsBoolean()
  requirePasswordChange?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: '机构ID Organisation id' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ description: '角色 Role', enum: ALL_ROLES })
  @IsOptional()
  @IsIn(ALL_ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: '区划代码(含下级) Jurisdiction code, subtree included' })
  @IsOptional()
  @Matches(JURISDICTION_CODE_PATTERN)
  jurisdictionCode?: string;

  @ApiPropertyOptional({ description: '用户名或姓名关键字 Username or name contains' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  q?: string;
}

export class SetUserStatusRequest {
  @ApiProperty({ description: '状态 Status: active 启用 / disabled 停用', enum: USER_STATUSES })
  @IsIn(USER_STATUSES)
  status: UserStatus;

  @ApiProperty({ description: '原因 Reason' })
  @IsReason(200)
  reason: string;
}

export class UserView {
  @ApiProperty({ description: '用户ID User id' })
  id: string;

  @ApiProperty({ description: '用户名 Username' })
  username: string;

  @ApiProperty({ description: '姓名 Display name' })
  displayName: string;

  @ApiProperty({ description: '所属机构ID Organisation id' })
  organisationId: string;

  @ApiProperty({ description: '管辖区划代码 Jurisdiction code' })
  jurisdictionCode: string;

  @ApiProperty({ description: '角色 Roles', enum: ALL_ROLES, isArray: true })
  roles: Role[];

  @ApiProperty({ description: '状态 Status', enum: USER_STATUSES })
  status: UserStatus;

  @ApiProperty({ description: '锁定至(登录失败过多) Locked until', nullable: true, type: String, format: 'date-time' })
  lockedUntil: string | null;

  @ApiProperty({ description: '创建时间 Created at', type: String, format: 'date-time' })
  createdAt: string;
}

/** The NATS command: the path's user id with the body. */
export class SetUserStatusCommand extends SetUserStatusRequest {
  @ApiProperty({ description: '用户ID User id' })
  @IsUUID()
  id: string;
}
