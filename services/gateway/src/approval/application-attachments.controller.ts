import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APPROVAL_SUBJECTS, RecordAttachmentParams } from '@yiti/contracts';
import { DomainException, ServiceClient } from '@yiti/platform';
import { sendAttachment } from '../attachments/attachments.controller';
import { Attachments } from '../attachments/attachments';

@ApiTags('审批服务一窗口 Approval window')
@ApiBearerAuth()
@Controller()
export class ApplicationAttachmentsController {
  constructor(
    private readonly client: ServiceClient,
    private readonly attachments: Attachments,
  ) {}

  @Get('applications/:id/attachments/:hash')
  @ApiOperation({ summary: '下载办件材料扫描件 Download a scan of an application\'s material', description: '能查看该办件者可下载其材料引用的附件。 Whoever may see the application downloads the attachments its materials reference.' })
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiNotFoundResponse({ description: '办件不在管辖范围内、或未引用此附件 Application outside your jurisdiction, or it does not reference the attachment' })
  async download(@Param() params: RecordAttachmentParams, @Res() reply: FastifyReply): Promise<FastifyReply> {
    // approval-window answers for the record: NOT_FOUND outside the caller's jurisdiction.
    const application = await this.client.request(APPROVAL_SUBJECTS.getApplication, { id: params.id });
    if (!application.materials.some((m) => m.attachments.includes(params.hash))) throw new DomainException('ATTACHMENT_NOT_FOUND', '该办件未引用此附件 The application references no such attachment');
    return sendAttachment(reply, await this.attachments.open(params.hash));
  }
}
