import { NOTICE_KIND_LABELS, type NoticeKind } from '@yiti/contracts';
import type { ApplicationEntity, NoticeEntity } from './application.entity';
import type { Revealed } from './application-view';

/** What a print needs of the notice: as issued and stored. */
export type PrintableNotice = Pick<NoticeEntity, 'kind' | 'number' | 'issuedOn' | 'issuer' | 'fields'>;
/** What a print needs of the application besides the notice: the applicant's kind and the masked identifier. */
export type PrintableApplication = Pick<ApplicationEntity, 'applicantKind' | 'applicantName' | 'applicantIdMasked'>;

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

/** Fields shown as rows of the document's table, in this order; how each value reads. */
const ROW_FIELDS: { key: string; label: string | ((app: PrintableApplication) => string); format?: (value: unknown) => string }[] = [
  { key: 'applicationNo', label: '申请编号' },
  { key: 'applicantName', label: '申请人' },
  { key: 'applicantIdNumber', label: (app) => (app.applicantKind === 'organisation' ? '统一社会信用代码' : '公民身份号码') },
  { key: 'itemName', label: '申请事项' },
  { key: 'itemCode', label: '事项编码' },
  { key: 'town', label: '受理乡镇(街道)' },
  { key: 'issuingAuthority', label: '许可机关' },
  { key: 'placeOfService', label: '受理和送达地点' },
  { key: 'receivedOn', label: '收件日期' },
  { key: 'enteredOn', label: '补录日期' },
  { key: 'lateEntryReason', label: '补录原因' },
  { key: 'correctionRound', label: '补正次数', format: (v) => `第${String(v)}次` },
  { key: 'acceptedOn', label: '受理日期' },
  { key: 'deemedAccepted', label: '受理方式', format: (v) => (v === true ? '逾期未告知补正,视为受理' : '窗口受理') },
  { key: 'statutoryWorkingDays', label: '法定审查期限', format: (v) => `${String(v)}个工作日` },
  { key: 'decisionDueOn', label: '法定办结日期' },
  { key: 'promisedDueOn', label: '承诺办结日期' },
  { key: 'kind', label: '中止事由' },
  { key: 'from', label: '中止日期' },
  { key: 'decidedOn', label: '决定日期' },
  { key: 'certificateNo', label: '证件编号' },
  { key: 'issuedOn', label: '发证日期' },
  { key: 'validUntil', label: '有效期至' },
  { key: 'certificateDueOn', label: '证件送达期限' },
  { key: 'supervisingDepartment', label: '监管部门' },
  { key: 'legalBasis', label: '法律依据' },
];

/** Fields printed as paragraphs of the body, in this order (null: no heading). */
const PARAGRAPH_FIELDS: { key: string; heading: string | null }[] = [
  { key: 'explanation', heading: '补正说明' },
  { key: 'opinion', heading: '审批意见' },
  { key: 'reasons', heading: '理由' },
  { key: 'remedy', heading: null },
];

/** The body's opening sentence, before the table. */
const LEAD_FIELD = 'text';

const LAYOUT_KEYS = new Set([LEAD_FIELD, 'materials', ...ROW_FIELDS.map((f) => f.key), ...PARAGRAPH_FIELDS.map((f) => f.key)]);

const isBlank = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** A value as plain text (escaped where it is placed): dates in Chinese, yes/no, lists joined. */
function plain(value: unknown): string {
  if (typeof value === 'string') return chineseDate(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('、');
  return JSON.stringify(value);
}

interface MaterialRow {
  name?: unknown;
  copies?: unknown;
  original?: unknown;
  round?: unknown;
}

/** 收件凭证: the materials handed in, as a table; 补正通知: the materials to hand in, as a numbered list. */
function materialsHtml(materials: unknown): string {
  if (!Array.isArray(materials) || materials.length === 0) return '';
  if (materials.every((m) => typeof m === 'string')) {
    return `<h2>需补正的材料</h2>\n<ol class="materials">${materials.map((m: string) => `<li>${escapeHtml(m)}</li>`).join('')}</ol>`;
  }
  const rows = (materials as MaterialRow[]).map((m, i) => {
    const round = typeof m.round === 'number' && m.round > 0 ? `第${m.round}次补正` : '申请时提交';
    const original = m.original === true ? '原件' : m.original === false ? '复印件' : '';
    return `<tr><td>${i + 1}</td><td>${escapeHtml(plain(m.name ?? ''))}</td><td>${escapeHtml(plain(m.copies ?? ''))}</td><td>${original}</td><td>${round}</td></tr>`;
  });
  return `<h2>收取材料清单</h2>\n<table class="materials"><thead><tr><th>序号</th><th>材料名称</th><th>份数</th><th>原件/复印件</th><th>提交批次</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const STYLE = `
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

/**
 * One notice as a printable, self-contained A4 page: no script, no external resource, every value
 * escaped. Prints the fields as issued, except the applicant's identifier: in full when `revealed`
 * (the caller may see it, decrypted at print time), else masked as stored.
 */
export function renderNotice(notice: PrintableNotice, application: PrintableApplication, revealed: Pick<Revealed, 'idNumber'> | null): string {
  const fields = notice.fields ?? {};
  const title = NOTICE_KIND_LABELS[notice.kind as NoticeKind] ?? '文书';
  const storedId = typeof fields.applicantIdNumber === 'string' ? fields.applicantIdNumber : application.applicantIdMasked;
  const values: Record<string, unknown> = { ...fields, applicantIdNumber: revealed ? revealed.idNumber : storedId };
  const applicantName = typeof fields.applicantName === 'string' ? fields.applicantName : application.applicantName;

  const rows = ROW_FIELDS.filter((f) => !isBlank(values[f.key])).map((f) => {
    const label = typeof f.label === 'function' ? f.label(application) : f.label;
    const value = values[f.key];
    // Identifiers and numbers print as they are; never read as a date.
    const text = f.format ? f.format(value) : f.key === 'applicantIdNumber' || f.key.endsWith('No') ? String(value) : plain(value);
    return `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(text)}</td></tr>`;
  });
  // Fields a later kind of notice may carry that this layout does not know yet: printed, not lost.
  const others = Object.keys(values)
    .filter((k) => !LAYOUT_KEYS.has(k) && !isBlank(values[k]))
    .map((k) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(plain(values[k]))}</td></tr>`);
  const lead = isBlank(values[LEAD_FIELD]) ? '' : `<p class="paragraph">${escapeHtml(plain(values[LEAD_FIELD]))}</p>`;
  const paragraphs = PARAGRAPH_FIELDS.filter((f) => !isBlank(values[f.key])).map(
    (f) => `${f.heading ? `<h2>${escapeHtml(f.heading)}</h2>\n` : ''}<p class="paragraph">${escapeHtml(plain(values[f.key]))}</p>`,
  );

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} ${notice.number}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="sheet">
<header>
<p class="issuer-head">${escapeHtml(notice.issuer)}</p>
<h1>${escapeHtml(title)}</h1>
<p class="number">文书编号:${escapeHtml(notice.number)}</p>
</header>
<p class="addressee">${escapeHtml(applicantName)}:</p>
<section>
${lead}
<table class="fields"><tbody>
${[...rows, ...others].join('\n')}
</tbody></table>
${materialsHtml(values.materials)}
${paragraphs.join('\n')}
</section>
<footer>
<p class="issuer">${escapeHtml(notice.issuer)}</p>
<p class="seal">(盖章)</p>
<p class="date">${escapeHtml(chineseDate(notice.issuedOn))}</p>
</footer>
</main>
</body>
</html>
`;
}
