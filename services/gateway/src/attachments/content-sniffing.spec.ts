import { SNIFFED_TYPES, sniffContentType } from './content-sniffing';

describe('content type from the first bytes', () => {
  it('recognises JPEG, PNG, WebP and PDF by their signatures', () => {
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0, 0]))).toBe('image/jpeg');
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffContentType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(SNIFFED_TYPES).toEqual(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
  });

  it('knows nothing else: scripts, HTML, SVG, a WAV in RIFF, a truncated signature, nothing at all', () => {
    for (const text of ['<script>alert(1)</script>', '<!DOCTYPE html>', '<svg xmlns="http://www.w3.org/2000/svg">', 'RIFF\x10\x00\x00\x00WAVEfmt ', '%PD', '']) {
      expect(sniffContentType(Buffer.from(text, 'latin1'))).toBeNull();
    }
    expect(sniffContentType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffContentType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
  });
});
