import { NOTICE_KIND_LABELS, type NoticeKind } from '@yiti/contracts';
import { chineseDate, escapeHtml, renderPrintableDocument } from '@yiti/platform';
import type { ApplicationEntity, NoticeEntity } from './application.entity';
import type { Revealed } from './application-view';

/** What a print needs of the notice: as issued and stored. */
export type PrintableNotice = Pick<NoticeEntity, 'kind' | 'number' | 'issuedOn' | 'issuer' | 'fields'>;
/** What a print needs of the application besides the notice: the applicant's kind and the masked identifier. */
export type PrintableApplication = Pick<ApplicationEntity, 'applicantKind' | 'applicantName' | 'applicantIdMasked'>;

// The generic part (escaping, Chinese dates, the A4 page) is the platform's; re-exported for this service's callers.
export { chineseDate, escapeHtml } from '@yiti/platform';

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
    return { label, value: f.format ? f.format(value) : f.key === 'applicantIdNumber' || f.key.endsWith('No') ? String(value) : plain(value) };
  });
  // Fields a later kind of notice may carry that this layout does not know yet: printed, not lost.
  const others = Object.keys(values)
    .filter((k) => !LAYOUT_KEYS.has(k) && !isBlank(values[k]))
    .map((k) => ({ label: k, value: plain(values[k]) }));
  return renderPrintableDocument({
    issuer: notice.issuer,
    title,
    number: notice.number,
    addressee: applicantName,
    lead: isBlank(values[LEAD_FIELD]) ? null : plain(values[LEAD_FIELD]),
    rows: [...rows, ...others],
    extraHtml: materialsHtml(values.materials),
    paragraphs: PARAGRAPH_FIELDS.filter((f) => !isBlank(values[f.key])).map((f) => ({ heading: f.heading, text: plain(values[f.key]) })),
    issuedOn: notice.issuedOn,
  });
}
