import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttachmentView } from '@yiti/contracts';
import { DomainException } from '@yiti/platform';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { extensionOf } from './content-sniffing';
import { Attachments, type StoredAttachment } from './attachments';

@ApiTags('附件 Attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: Attachments) {}

  @Post('attachments')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({
    summary: '上传附件 Upload an attachment',
    description:
      '照片、扫描件、证据材料;类型按文件内容识别(不信任客户端声明),大小与类型受配置限制;按内容哈希存储。上传后须在规定时间内被记录引用(如办件材料),否则将被清理;只有能查看引用记录的人才能下载。 Photos, scans and evidence; the type is read from the content, never from the client; size and type are limited by configuration; stored by content hash. An upload no record references within the configured hours is deleted; only those who may see a referencing record download it.',
  })
  @ApiCreatedResponse({ type: AttachmentView })
  async upload(@Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal): Promise<AttachmentView> {
    if (!request.isMultipart()) throw new DomainException('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传 Upload as multipart/form-data');
    let part: Awaited<ReturnType<FastifyRequest['file']>>;
    try {
      part = await request.file();
    } catch (error) {
      throw new DomainException('BAD_REQUEST', `无法解析上传内容 Malformed multipart body: ${(error as Error).message}`);
    }
    if (!part) throw new DomainException('VALIDATION_FAILED', '缺少文件 No file part', [{ field: 'file', messages: ['a file part is required'] }]);
    const { hash, size, contentType } = await this.attachments.receive(principal.actor, part.file, () => part.file.truncated);
    return { hash, size, contentType };
  }
}

/** Sends stored bytes as a download, once the record's owner said the caller may see a record that references them. */
export function sendAttachment(reply: FastifyReply, attachment: StoredAttachment & { content: NodeJS.ReadableStream }): FastifyReply {
  return reply
    .header('Content-Type', attachment.contentType)
    .header('Content-Length', String(attachment.size))
    .header('Content-Disposition', `attachment; filename="${attachment.hash}.${extensionOf(attachment.contentType)}"`)
    .header('Cache-Control', 'private, no-store')
    .header('ETag', `"${attachment.hash}"`)
    .send(attachment.content);
}
