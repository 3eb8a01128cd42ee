/**
 * The content type of an upload, read from its first bytes (the client's Content-Type and file name
 * are never believed: a script renamed .jpg stays a script). Only the types the platform accepts are
 * known; anything else is null. A table rather than the file-type package: its current versions are
 * ESM-only, which the CommonJS services cannot require, and four signatures need no library.
 */
interface Signature {
  type: string;
  /** Bytes at `offset`. */
  offset: number;
  bytes: number[];
  /** A second run of bytes that must match too (WebP: RIFF....WEBP). */
  and?: { offset: number; bytes: number[] };
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: Signature[] = [
  { type: 'image/jpeg', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/webp', offset: 0, bytes: ascii('RIFF'), and: { offset: 8, bytes: ascii('WEBP') } },
  { type: 'application/pdf', offset: 0, bytes: ascii('%PDF-') },
];

/** The types sniffContentType can recognise. */
export const SNIFFED_TYPES = SIGNATURES.map((s) => s.type);

/** How many leading bytes sniffing needs. */
export const SNIFF_BYTES = 16;

const matches = (head: Buffer, offset: number, bytes: number[]) => head.length >= offset + bytes.length && bytes.every((b, i) => head[offset + i] === b);

export function sniffContentType(head: Buffer): string | null {
  const found = SIGNATURES.find((s) => matches(head, s.offset, s.bytes) && (!s.and || matches(head, s.and.offset, s.and.bytes)));
  return found?.type ?? null;
}

/** The file name extension a download gets for a type. */
export function extensionOf(type: string): string {
  return { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[type] ?? 'bin';
}
