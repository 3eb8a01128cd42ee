import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayConfig } from '../config';

/**
 * multipart/form-data for POST /attachments, beside the JSON parsers (a parser for its own media
 * type; other routes never read a multipart body). One file part, ATTACHMENT_MAX_BYTES at most: the
 * parser stops at the limit and the upload is refused, rather than throwing mid-stream.
 */
export async function useAttachmentUploads(app: NestFastifyApplication, config: GatewayConfig): Promise<void> {
  await app.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: config.ATTACHMENT_MAX_BYTES, files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 100 },
  });
}
