import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { UserView } from './user.dto';

export class LoginRequest {
  @ApiProperty({ description: '用户名 Username', example: 'liuhe.clerk' })
  @IsString()
  @Length(3, 64)
  username: string;

  @ApiProperty({ description: '密码 Password', example: 'Yiti@2026demo' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshRequest {
  @ApiProperty({ description: '刷新令牌 Refresh token' })
  @IsString()
  @Length(10, 256)
  refreshToken: string;
}

export class LogoutRequest {
  @ApiPropertyOptional({ description: '刷新令牌(可选,默认注销当前会话) Refresh token; defaults to the current session' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  refreshToken?: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ description: '原密码 Current password' })
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ description: '新密码(至少10位,含字母和数字) New password: at least 10 characters with letters and digits' })
  @IsString()
  @Length(10, 128)
  newPassword: string;
}

export class TokenResponse {
  @ApiProperty({ description: '访问令牌(JWT) Access token' })
  accessToken: string;

  @ApiProperty({ description: '刷新令牌 Refresh token (rotates on every use)' })
  refreshToken: string;

  @ApiProperty({ description: '令牌类型 Token type', example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: '访问令牌有效期(秒) Access token lifetime in seconds' })
  expiresIn: number;

  @ApiProperty({ description: '刷新令牌有效期(秒) Refresh token lifetime in seconds' })
  refreshExpiresIn: number;

  @ApiProperty({ description: '须先修改密码(此前其他接口一律拒绝) The user must change their password first; every other route refuses until then' })
  passwordChangeRequired: boolean;

  @ApiProperty({ description: '当前用户 Current user', type: () => UserView })
  user: UserView;
}

/** Claims the identity service signs into an access token. */
export interface AccessTokenClaims {
  sub: string;
  /** Session family id: revoking it ends every token of that login. */
  sid: string;
  usr: string;
  roles: string[];
  org: string;
  jur: string;
  /** Present (true) while the user must change their password: the gateway allows only the auth routes. */
  pwc?: true;
}

/** NATS command: the caller's session (from the token) and, optionally, another refresh token of theirs. */
export class LogoutCommand extends LogoutRequest {
  @IsUUID()
  sessionId: string;
}

/** NATS command: the caller's session stays; every other session of the user ends. */
export class ChangePasswordCommand extends ChangePasswordRequest {
  @IsUUID()
  sessionId: string;
}
