const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every markup character escaped, for element content and quoted attributes alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 2026-11-26 → 2026年11月26日, as dates are written on official documents; anything else unchanged. */
export function chineseDate(value: string): string {
  const match = ISO_DATE.exec(value);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : value;
}

/** The A4 print style of official documents (公文): FangSong body, HeiTi title, bordered field table. */
export const PRINT_STYLE = `
@page { size: A4; margin: 25mm 20mm 20mm 20mm; }
* { box-sizing: border-box; }
html { font-family: "FangSong", "STFangsong", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", serif; font-size: 12pt; color: #000; background: #fff; }
body { margin: 0; }
.sheet { width: 170mm; margin: 0 auto; padding: 12mm 0; }
.issuer-head { text-align: center; font-size: 16pt; letter-spacing: 0.1em; margin: 0 0 4mm; }
h1 { font-family: "SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", sans-serif; font-size: 22pt; font-weight: bold; text-align: center; letter-spacing: 0.3em; margin: 0 0 4mm; }
h2 { font-size: 12pt; font-weight: bold; margin: 6mm 0 2mm; }
.number { text-align: right; margin: 0 0 8mm; }
.addressee { margin: 0 0 4mm; }
p.paragraph { text-indent: 2em; line-height: 1.8; margin: 0 0 3mm; white-space: pre-wrap; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; }
th, td { border: 0.5pt solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top; word-break: break-all; }
table.fields th { width: 34%; font-weight: normal; }
table.materials th { font-weight: bold; }
tr { page-break-inside: avoid; break-inside: avoid; }
ol.materials { margin: 0 0 4mm; padding-left: 2em; line-height: 1.8; }
footer { margin-top: 16mm; text-align: right; page-break-inside: avoid; break-inside: avoid; }
footer p { margin: 0 0 2mm; }
.seal { color: #555; }
@media print { .sheet { width: auto; padding: 0; } }
`;

/** One official document to print: plain text everywhere (escaped here), except `extraHtml`, which the caller built escaped. */
export interface PrintableDocument {
  /** 制作机关 The issuing authority, at the head and above the seal. */
  issuer: string;
  title: string;
  /** 文书编号 */
  number: string;
  /** 抬头 Whom it is addressed to (without the colon). */
  addressee?: string | null;
  /** The opening sentence, before the table. */
  lead?: string | null;
  /** The table's rows, in order. */
  rows: readonly { label: string; value: string }[];
  /** Markup placed after the table (lists, sub-tables), already escaped by the caller. */
  extraHtml?: string;
  paragraphs: readonly { heading: string | null; text: string }[];
  /** The date under the seal (ISO date or text). */
  issuedOn: string;
  /** Signature lines above the issuer (签收人、执法人员 …). */
  signatures?: readonly string[];
}

/** A document as a printable, self-contained A4 HTML page: no script, no external resource, every value escaped. */
export function renderPrintableDocument(doc: PrintableDocument): string {
  const rows = doc.rows.map((r) => `<tr><th>${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`);
  const lead = doc.lead ? `<p class="paragraph">${escapeHtml(doc.lead)}</p>` : '';
  const paragraphs = doc.paragraphs.map((p) => `${p.heading ? `<h2>${escapeHtml(p.heading)}</h2>\n` : ''}<p class="paragraph">${escapeHtml(p.text)}</p>`);
  const addressee = doc.addressee ? `<p class="addressee">${escapeHtml(doc.addressee)}:</p>\n` : '';
  const signatures = (doc.signatures ?? []).map((s) => `<p class="signature">${escapeHtml(s)}:____________</p>\n`).join('');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${doc.title} ${doc.number}`)}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<main class="sheet">
<header>
<p class="issuer-head">${escapeHtml(doc.issuer)}</p>
<h1>${escapeHtml(doc.title)}</h1>
<p class="number">文书编号:${escapeHtml(doc.number)}</p>
</header>
${addressee}<section>
${lead}
<table class="fields"><tbody>
${rows.join('\n')}
</tbody></table>
${doc.extraHtml ?? ''}
${paragraphs.join('\n')}
</section>
<footer>
${signatures}<p class="issuer">${escapeHtml(doc.issuer)}</p>
<p class="seal">(盖章)</p>
<p class="date">${escapeHtml(chineseDate(doc.issuedOn))}</p>
</footer>
</main>
</body>
</html>
`;
}
