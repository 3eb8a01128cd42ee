import { IsIn, IsString, Matches, MinLength, ValidateIf } from 'class-validator';
import { DirectoryAttachmentStore, type AttachmentStore } from './attachment-store';
import { S3AttachmentStore } from './s3-attachment-store';

/** The settings naming the attachment store: every service that reads or writes attachment bytes has them. */
export interface AttachmentStoreSettings {
  ATTACHMENT_STORE: 'directory' | 's3';
  ATTACHMENT_DIR: string;
  S3_ENDPOINT: string;
  S3_BUCKET: string;
  S3_REGION: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ConfigClass = abstract new (...args: any[]) => object;

/**
 * A service configuration with the attachment store's variables, validated: `class X extends
 * withAttachmentStore(BaseServiceConfig)`. The gateway (which receives uploads) and any service
 * that reads stored files (the grid service's CSV imports) name the same store.
 */
export function withAttachmentStore<TBase extends ConfigClass>(Base: TBase) {
  abstract class WithAttachmentStore extends Base implements AttachmentStoreSettings {
    /** Where uploaded attachments (photos, scans, evidence, import files) are kept: a directory (a mounted volume) or an S3-compatible bucket. */
    @IsIn(['directory', 's3'])
    ATTACHMENT_STORE: 'directory' | 's3' = 'directory';

    /** The directory store's root (compose and Kubernetes mount a volume there). */
    @IsString()
    @MinLength(1)
    ATTACHMENT_DIR = 'data/attachments';

    /** The S3-compatible endpoint (e.g. https://minio.county.local:9000), path-style. */
    @ValidateIf((c: AttachmentStoreSettings) => c.ATTACHMENT_STORE === 's3')
    @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http(s):// URL when ATTACHMENT_STORE=s3' })
    S3_ENDPOINT = '';

    @ValidateIf((c: AttachmentStoreSettings) => c.ATTACHMENT_STORE === 's3')
    @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name when ATTACHMENT_STORE=s3' })
    S3_BUCKET = '';

    @IsString()
    S3_REGION = 'us-east-1';

    @ValidateIf((c: AttachmentStoreSettings) => c.ATTACHMENT_STORE === 's3')
    @IsString()
    @MinLength(1, { message: 'S3_ACCESS_KEY_ID is required when ATTACHMENT_STORE=s3' })
    S3_ACCESS_KEY_ID = '';

    @ValidateIf((c: AttachmentStoreSettings) => c.ATTACHMENT_STORE === 's3')
    @IsString()
    @MinLength(1, { message: 'S3_SECRET_ACCESS_KEY is required when ATTACHMENT_STORE=s3' })
    S3_SECRET_ACCESS_KEY = '';
  }
  return WithAttachmentStore;
}

/** The store the configuration names. */
export function createAttachmentStore(config: AttachmentStoreSettings): AttachmentStore {
  if (config.ATTACHMENT_STORE === 's3') {
    return new S3AttachmentStore({ endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, region: config.S3_REGION, accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY });
  }
  return new DirectoryAttachmentStore(config.ATTACHMENT_DIR);
}
