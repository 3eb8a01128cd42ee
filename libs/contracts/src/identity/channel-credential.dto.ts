import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { CREDENTIAL_CHANNELS, type CredentialChannel } from '../command-dispatch/work-order.dto';
import { CountyCodeProperty } from '../common/fields';
import { PageQuery } from '../common/pagination';

const COUNTY_CODE = /^\d{6}$/;

/**
 * 渠道凭证 A machine credential of an external channel (12345, 数字城管, 公安, 安监, 环保, 水利, 电力): issued by
 * a county admin for one county and one channel, stored hashed, shown once. The channel's system
 * sends it as `Authorization: Channel <id>.<secret>`.
 */
export class IssueChannelCredentialRequest {
  @CountyCodeProperty()
  @Matches(COUNTY_CODE)
  countyCode: string;

  @ApiProperty({ description: '渠道:来件渠道,或 power 电力(报送日用电量) Channel: a ticket channel, or power (the power company posting daily readings)', enum: CREDENTIAL_CHANNELS })
  @IsIn(CREDENTIAL_CHANNELS)
  channel: CredentialChannel;

  @ApiProperty({ description: '名称 What the credential is for (the system that holds it)', example: '市12345热线平台' })
  @IsString()
  @Length(2, 100)
  name: string;
}

export class ChannelCredentialView {
  @ApiProperty({ description: '凭证ID Credential id' })
  id: string;
  @CountyCodeProperty()
  countyCode: string;
  @ApiProperty({ description: '渠道 Channel', enum: CREDENTIAL_CHANNELS })
  channel: CredentialChannel;
  @ApiProperty({ description: '名称 Name' })
  name: string;
  @ApiProperty({ description: '签发人 Issued by (user id)' })
  issuedBy: string;
  @ApiProperty({ description: '签发时间 Issued at' })
  issuedAt: string;
  @ApiPropertyOptional({ description: '吊销时间 Revoked at', nullable: true })
  revokedAt: string | null;
}

/** The credential at issue: the only time its secret is shown. */
export class IssuedChannelCredential extends ChannelCredentialView {
  @ApiProperty({ description: '密钥(仅显示一次) Secret, shown only now' })
  secret: string;
  @ApiProperty({ description: 'Authorization 请求头取值 The Authorization header value', example: 'Channel 3f0c…-….<secret>' })
  authorization: string;
}

export class ListChannelCredentialsQuery extends PageQuery {
  @CountyCodeProperty({ required: false })
  @IsOptional()
  @Matches(COUNTY_CODE)
  countyCode?: string;
}

/** The gateway asks identity whether a presented credential is valid. */
export class VerifyChannelCredentialRequest {
  @IsUUID()
  id: string;

  @IsString()
  @Length(16, 200)
  secret: string;
}

export interface VerifiedChannelCredential {
  id: string;
  countyCode: string;
  channel: CredentialChannel;
}
