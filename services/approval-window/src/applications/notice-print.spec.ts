import { NOTICE_KIND_LABELS, NOTICE_KINDS, type NoticeKind } from '@yiti/contracts';
import type { ApplicationEntity } from './application.entity';
import { SPEC_MASKED_ID, receivedForSpec } from './application.spec-fixtures';
import { decidingAuthority, noticeFields, noticeIssuer, NOTICE_NUMBER_PREFIX } from './notice-fields';
import { chineseDate, escapeHtml, renderNotice, type PrintableNotice } from './notice-print';

const FULL_ID = '11010519491231002X';
const MASKED_ID = SPEC_MASKED_ID;

function application(overrides: Partial<ApplicationEntity> = {}): ApplicationEntity {
  const received = receivedForSpec([{ name: '申请表', copies: 2, original: true }, { name: '身份证明' }]) as ApplicationEntity;
  return {
    ...received,
    applicationNo: 'SQ320585102-2026-00000001',
    acceptedOn: '2026-09-24',
    statutoryWorkingDays: 20,
    decisionDueOn: '2026-10-29',
    promisedDueOn: '2026-10-09',
    correctionMaterials: ['申请表签字页'],
    decisionReasons: '符合法定条件',
    legalBasis: '《中华人民共和国行政许可法》第三十八条',
    decidedOn: '2026-10-15',
    validUntil: '2029-12-31',
    certificateDueOn: '2026-10-29',
    certificateNo: 'ZS320585102-2026-00000009',
    certificateIssuedOn: '2026-10-20',
    suspensions: [{ kind: 'expert_review', from: '2026-10-01', reasons: '需组织专家评审' }],
    ...overrides,
  };
}

/** A notice as the service stores it: fields from noticeFields, identifiers masked. */
function notice(kind: NoticeKind, app: ApplicationEntity = application()): PrintableNotice {
  return { kind, number: `${NOTICE_NUMBER_PREFIX[kind]}320585102-2026-00000042`, issuedOn: '2026-11-26', issuer: '浏河镇便民服务中心', fields: noticeFields(kind, app) };
}

describe('escapeHtml and chineseDate', () => {
  it('escapes every markup character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('writes ISO dates the way official documents do, and leaves anything else alone', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
    expect(chineseDate('2026-11-26')).toBe('2026年11月26日');
    expect(chineseDate('SL320585102-2026-00000042')).toBe('SL320585102-2026-00000042');
  });
});

describe('renderNotice', () => {
  it.each(NOTICE_KINDS)('renders a %s with its Chinese title, number, issuer and date', (kind) => {
    const html = renderNotice(notice(kind), application(), null);
    const title = NOTICE_KIND_LABELS[kind];
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(`<title>${title} ${NOTICE_NUMBER_PREFIX[kind]}320585102-2026-00000042</title>`);
    expect(html).toContain(`文书编号:${NOTICE_NUMBER_PREFIX[kind]}320585102-2026-00000042`);
    expect(html).toContain('浏河镇便民服务中心');
    expect(html).toContain('2026年11月26日');
    expect(html).toContain('<tr><th>申请事项</th><td>临时占用城市道路许可</td></tr>');
    expect(html).toContain('<p class="addressee">张三:</p>');
  });

  it('is self-contained A4 print: no script, no link, no external resource', () => {
    for (const kind of NOTICE_KINDS) {
      const html = renderNotice(notice(kind), application(), { idNumber: FULL_ID });
      expect(html).toContain('@page { size: A4;');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|\bsrc=|\bhref=|https?:/i);
    }
  });

  it('lays out each kind\'s own fields', () => {
    expect(renderNotice(notice('receipt'), application(), null)).toMatch(/<h2>收取材料清单<\/h2>[\s\S]*<td>1<\/td><td>申请表<\/td><td>2<\/td><td>原件<\/td><td>申请时提交<\/td>/);
    expect(renderNotice(notice('acceptance'), application(), null)).toContain('<tr><th>法定审查期限</th><td>20个工作日</td></tr>');
    expect(renderNotice(notice('acceptance'), application(), null)).toContain('<tr><th>法定办结日期</th><td>2026年10月29日</td></tr>');
    expect(renderNotice(notice('correction'), application(), null)).toContain('<h2>需补正的材料</h2>\n<ol class="materials"><li>申请表签字页</li></ol>');
    expect(renderNotice(notice('suspension'), application(), null)).toContain('<tr><th>中止事由</th><td>专家评审</td></tr>');
    expect(renderNotice(notice('rejection'), application(), null)).toContain('如不服本决定');
    expect(renderNotice(notice('certificate'), application(), null)).toContain('<tr><th>证件编号</th><td>ZS320585102-2026-00000009</td></tr>');
    expect(renderNotice(notice('approval'), application(), null)).toContain('<tr><th>有效期至</th><td>2029年12月31日</td></tr>');
  });

  it('prints the masked ID number unless the full one is revealed', () => {
    const masked = renderNotice(notice('acceptance'), application(), null);
    expect(masked).toContain(`<tr><th>公民身份号码</th><td>${MASKED_ID}</td></tr>`);
    expect(masked).not.toContain(FULL_ID);

    const full = renderNotice(notice('acceptance'), application(), { idNumber: FULL_ID });
    expect(full).toContain(`<tr><th>公民身份号码</th><td>${FULL_ID}</td></tr>`);
    expect(full).not.toContain(MASKED_ID);
  });

  it('names an organisation\'s identifier as its unified social credit code', () => {
    const org = application({ applicantKind: 'organisation', applicantName: '太仓某某有限公司', applicantIdMasked: '913205********123Y' });
    expect(renderNotice(notice('receipt', org), org, null)).toContain('<tr><th>统一社会信用代码</th><td>913205********123Y</td></tr>');
  });

  it('escapes every value: a name, reasons, materials, the issuer and a field it does not know', () => {
    const hostile = '<script>alert("x")</script>';
    const app = application({ applicantName: `李四${hostile}`, decisionReasons: `理由${hostile}`, correctionMaterials: [`材料${hostile}`] });
    const printed = [
      renderNotice(notice('receipt', app), app, null),
      renderNotice(notice('correction', app), app, { idNumber: `${FULL_ID}<b>` }),
      renderNotice({ ...notice('rejection', app), issuer: `浏河${hostile}`, fields: { ...notice('rejection', app).fields, [`x${hostile}`]: hostile } }, app, null),
    ];
    for (const html of printed) {
      expect(html).not.toContain('<script');
      expect(html).not.toContain('</script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
    expect(printed[0]).toContain('<p class="addressee">李四&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;:</p>');
    expect(printed[1]).toContain(`${FULL_ID}&lt;b&gt;`);
  });

  it('leaves out blank fields and prints fields a later notice kind may add', () => {
    const html = renderNotice({ ...notice('resumption'), fields: { ...notice('resumption').fields, promisedDueOn: null, extra: '附加说明' } }, application(), null);
    expect(html).not.toContain('承诺办结日期');
    expect(html).toContain('<tr><th>extra</th><td>附加说明</td></tr>');
  });
});

describe('who issues a notice', () => {
  it('decides in the town government\'s name when delegated, the county department\'s otherwise; the window serves it', () => {
    expect(decidingAuthority('delegated', '浏河镇', '太仓市城市管理局')).toBe('浏河镇人民政府');
    expect(decidingAuthority('delegated', '城厢街道', '太仓市城市管理局')).toBe('城厢街道办事处');
    expect(decidingAuthority('transition', '浏河镇', '太仓市城市管理局')).toBe('太仓市城市管理局');
    expect(decidingAuthority('county', '浏河镇', '太仓市城市管理局')).toBe('太仓市城市管理局');
    const decided = { townName: '浏河镇', issuingAuthority: '浏河镇人民政府' };
    expect(noticeIssuer('approval', decided)).toBe('浏河镇人民政府');
    expect(noticeIssuer('certificate', decided)).toBe('浏河镇人民政府');
    expect(noticeIssuer('acceptance', decided)).toBe('浏河镇便民服务中心');
    expect(noticeIssuer('approval', { townName: '浏河镇', issuingAuthority: null })).toBe('浏河镇便民服务中心');
  });
});
