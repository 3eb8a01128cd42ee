import { createReadStream } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import aws4 from 'aws4';
import { ATTACHMENT_HASH, type AttachmentStore } from './attachment-store';

export interface S3Options {
  /** http(s)://host[:port], path-style addressing (MinIO, Ceph RGW and the like). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An S3-compatible bucket: objects `sha256/<hash>`, requests signed with AWS Signature V4 by the
 * aws4 package. The payload hash SigV4 signs is the attachment's address itself (both SHA-256), so a
 * PUT streams the staged file without reading it twice, and the store rejects bytes that do not
 * match. Plain PUT/GET/DELETE only: no checksum trailers or chunked signing, which on-premises
 * S3-compatible stores often refuse.
 */
export class S3AttachmentStore implements AttachmentStore {
  readonly stagingDirectory: string;
  private readonly endpoint: URL;

  constructor(private readonly options: S3Options, stagingDirectory = join(tmpdir(), 'yiti-attachments-incoming')) {
    this.endpoint = new URL(options.endpoint);
    this.stagingDirectory = stagingDirectory;
    mkdirSync(stagingDirectory, { recursive: true });
  }

  async put(hash: string, stagedFile: string, size: number, contentType: string): Promise<void> {
    try {
      const response = await this.send('PUT', hash, { 'Content-Type': contentType, 'Content-Length': size, 'X-Amz-Content-Sha256': hash }, createReadStream(stagedFile));
      await this.expect(response, [200]);
    } finally {
      await rm(stagedFile, { force: true });
    }
  }

  async open(hash: string): Promise<Readable | null> {
    const response = await this.send('GET', hash, {});
    if (response.statusCode === 404) {
      response.resume();
      return null;
    }
    if (response.statusCode !== 200) await this.expect(response, [200]);
    return response;
  }

  async delete(hash: string): Promise<void> {
    await this.expect(await this.send('DELETE', hash, {}), [200, 204, 404]);
  }

  private send(method: string, hash: string, headers: OutgoingHttpHeaders, body?: Readable): Promise<IncomingMessage> {
    if (!ATTACHMENT_HASH.test(hash)) throw new Error(`not an attachment hash: ${hash}`);
    const path = `${this.endpoint.pathname.replace(/\/$/, '')}/${this.options.bucket}/sha256/${hash}`;
    const signed = aws4.sign(
      { host: this.endpoint.host, path, method, service: 's3', region: this.options.region, headers: { ...headers } as Record<string, string> },
      { accessKeyId: this.options.accessKeyId, secretAccessKey: this.options.secretAccessKey },
    );
    const request = this.endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ protocol: this.endpoint.protocol, hostname: this.endpoint.hostname, port: this.endpoint.port, path, method, headers: signed.headers as OutgoingHttpHeaders }, resolve);
      req.on('error', reject);
      if (body) pipeline(body, req).catch(reject);
      else req.end();
    });
  }

  private async expect(response: IncomingMessage, statuses: number[]): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of response) if (chunks.length < 16) chunks.push(chunk as Buffer);
    if (!statuses.includes(response.statusCode ?? 0)) {
      throw new Error(`S3 store answered ${response.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
    }
  }
}
