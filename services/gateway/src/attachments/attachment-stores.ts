import type { GatewayConfig } from '../config';
import { DirectoryAttachmentStore, type AttachmentStore } from './attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';

/** The store the configuration names. */
export function createAttachmentStore(config: GatewayConfig): AttachmentStore {
  if (config.ATTACHMENT_STORE === 's3') {
    return new S3AttachmentStore({ endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, region: config.S3_REGION, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY });
  }
  return new DirectoryAttachmentStore(config.ATTACHMENT_DIR);
}
