import { renderPrintableDocument } from './printable-document';

describe('renderPrintableDocument', () => {
  const doc = {
    issuer: '浏河镇综合行政执法局',
    title: '行政处罚决定书',
    number: '320585102综执罚决〔2026〕7号',
    addressee: '张<三>',
    rows: [{ label: '行政处罚', value: '罚款3000.00元 & 责令停产停业' }],
    paragraphs: [{ heading: '违法事实', text: '<script>alert(1)</script>' }],
    issuedOn: '2026-12-03',
    signatures: ['受送达人签名'],
  };

  it('prints a self-contained A4 page: title, number, addressee, rows, paragraphs, signature lines, the issuer and the date in Chinese', () => {
    const html = renderPrintableDocument(doc);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<h1>行政处罚决定书</h1>');
    expect(html).toContain('文书编号:320585102综执罚决〔2026〕7号');
    expect(html).toContain('<p class="addressee">张&lt;三&gt;:</p>');
    expect(html).toContain('<tr><th>行政处罚</th><td>罚款3000.00元 &amp; 责令停产停业</td></tr>');
    expect(html).toContain('<h2>违法事实</h2>');
    expect(html).toContain('受送达人签名');
    expect(html).toContain('2026年12月3日');
    expect(html).toContain('@page { size: A4;');
  });

  it('escapes every value: no markup of the caller\'s text reaches the page', () => {
    const html = renderPrintableDocument(doc);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
  });

  it('leaves out the addressee line when there is none', () => {
    expect(renderPrintableDocument({ ...doc, addressee: null })).not.toContain('class="addressee"');
  });
});
