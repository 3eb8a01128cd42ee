import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';

/** An attachment's address: the SHA-256 of its bytes, 64 lowercase hex. 附件哈希 */
export const ATTACHMENT_HASH_PATTERN = /^[0-9a-f]{64}$/;

export class AttachmentView {
  @ApiProperty({ description: '附件哈希(内容的 SHA-256,小写十六进制) Attachment hash: SHA-256 of the content, lowercase hex', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  hash: string;

  @ApiProperty({ description: '字节数 Size in bytes' })
  size: number;

  @ApiProperty({ description: '内容类型(按文件内容识别) Content type, as read from the content', example: 'image/jpeg' })
  contentType: string;
}

/** A record's attachment: `/<records>/{id}/attachments/{hash}`. */
export class RecordAttachmentParams {
  @ApiProperty({ description: '记录标识 Record id (UUID)' })
  @IsUUID()
  id: string;

  @ApiProperty({ description: '附件哈希 Attachment hash (SHA-256, lowercase hex)' })
  @Matches(ATTACHMENT_HASH_PATTERN, { message: 'hash must be 64 lowercase hex digits' })
  hash: string;
}
