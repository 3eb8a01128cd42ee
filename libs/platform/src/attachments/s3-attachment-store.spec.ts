import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3AttachmentStore } from './s3-attachment-store';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** AWS Signature V4, written from the specification, independently of the store's signer. */
function signatureV4(secret: string, request: { method: string; path: string; headers: Record<string, string>; signedHeaders: string[]; amzDate: string; region: string }): string {
  const canonicalHeaders = request.signedHeaders.map((name) => `${name}:${(request.headers[name] ?? '').trim()}\n`).join('');
  const payloadHash = request.headers['x-amz-content-sha256'] as string;
  const canonicalRequest = [request.method, request.path, '', canonicalHeaders, request.signedHeaders.join(';'), payloadHash].join('\n');
  const day = request.amzDate.slice(0, 8);
  const scope = `${day}/${request.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', request.amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), request.region), 's3'), 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

async function read(stream: Readable | IncomingMessage | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the S3 attachment store', () => {
  const ACCESS_KEY = 'YITITESTACCESSKEY';
  const SECRET = 'yiti-test-secret-access-key/0123456789';
  const REGION = 'cn-county-1';
  const objects = new Map<string, { body: Buffer; contentType: string }>();
  const seen: { method: string; url: string }[] = [];
  const staging = mkdtempSync(join(tmpdir(), 'yiti-s3-spec-'));
  let server: Server;
  let endpoint: string;

  /** A tiny S3: checks each request's signature and payload hash like S3 does, keeps objects in memory. */
  async function serve(req: IncomingMessage): Promise<{ status: number; body?: Buffer; contentType?: string }> {
    const body = (await read(req)) as Buffer;
    seen.push({ method: req.method as string, url: req.url as string });
    const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
    if (!auth || auth[1] !== ACCESS_KEY || auth[3] !== REGION) return { status: 403 };
    const signedHeaders = (auth[4] as string).split(';');
    if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-content-sha256') || !signedHeaders.includes('x-amz-date')) return { status: 403 };
    const headers = req.headers as Record<string, string>;
    const expected = signatureV4(SECRET, { method: req.method as string, path: req.url as string, headers, signedHeaders, amzDate: headers['x-amz-date'] as string, region: REGION });
    if (expected !== auth[5]) return { status: 403 };
    if (headers['x-amz-content-sha256'] !== sha256(body)) return { status: 400 };
    const key = req.url as string;
    if (req.method === 'PUT') {
      objects.set(key, { body, contentType: headers['content-type'] as string });
      return { status: 200 };
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return { status: 204 };
    }
    const object = objects.get(key);
    return object ? { status: 200, body: object.body, contentType: object.contentType } : { status: 404 };
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      void serve(req).then(({ status, body, contentType }) => {
        res.writeHead(status, contentType ? { 'Content-Type': contentType } : {});
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(staging, { recursive: true, force: true });
  });

  const store = (secret = SECRET) => new S3AttachmentStore({ endpoint, bucket: 'yiti-attachments', region: REGION, accessKeyId: ACCESS_KEY, secretAccessKey: secret }, staging);
  const stage = (bytes: Buffer) => {
    const path = join(staging, randomBytes(4).toString('hex'));
    writeFileSync(path, bytes);
    return path;
  };

  it('the verifier is right: AWS\'s documented GET Object example signs to f0e8bdb8…', () => {
    const signature = signatureV4('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', {
      method: 'GET',
      path: '/test.txt',
      headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': sha256(''), 'x-amz-date': '20130524T000000Z' },
      signedHeaders: ['host', 'range', 'x-amz-content-sha256', 'x-amz-date'],
      amzDate: '20130524T000000Z',
      region: 'us-east-1',
    });
    expect(signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('puts signed objects whose payload hash is the attachment hash, reads them back, deletes them', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(3000)]);
    const hash = sha256(bytes);
    const staged = stage(bytes);
    await store().put(hash, staged, bytes.length, 'image/jpeg');
    expect(existsSync(staged)).toBe(false);
    const key = `/yiti-attachments/sha256/${hash}`;
    expect(objects.get(key)).toEqual({ body: bytes, contentType: 'image/jpeg' });
    expect(await read(await store().open(hash))).toEqual(bytes);
    await store().delete(hash);
    expect(objects.has(key)).toBe(false);
    expect(await store().open(hash)).toBeNull();
    expect(seen.map((r) => r.method)).toEqual(expect.arrayContaining(['PUT', 'GET', 'DELETE']));
  });

  it('fails loudly on a refused signature, and when the bytes do not match their hash', async () => {
    const bytes = randomBytes(100);
    const hash = sha256(bytes);
    await expect(store('a-wrong-secret-access-key-0123456789').put(hash, stage(bytes), bytes.length, 'image/png')).rejects.toThrow('S3 store answered 403');
    await expect(store().put(sha256('other bytes'), stage(bytes), bytes.length, 'image/png')).rejects.toThrow('S3 store answered 400');
    expect(objects.size).toBe(0);
  });
});
