import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Row, Select, Space, Spin, Steps, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, must, openForPrint, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';
import { CASE_STAGES, caseClocks, caseStage, caseStepsFor, stepPath, type CaseField, type CaseStep } from '../lib/case';
import { localDate } from '../lib/screen';
import type { SessionUser } from '../lib/session';

/** Labels of the API's enums, typed by the generated client: a value added or renamed in contracts fails the console's typecheck. */
const PENALTY_KINDS: Record<Schemas['PenaltyTermsInput']['kinds'][number], string> = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation_illegal_gains: '没收违法所得',
  confiscation_property: '没收非法财物',
  licence_downgrade: '降低资质等级',
  licence_revocation: '吊销许可证件',
  qualification_restriction: '限制开展生产经营活动',
  suspension: '责令停产停业',
  closure: '责令关闭',
  employment_restriction: '限制从业',
};
const SERVICE_METHODS: Record<NonNullable<Schemas['CaseStepRequest']['serviceMethod']>, string> = { direct: '直接送达', left_at_premises: '留置送达', mail: '邮寄送达', entrusted: '委托送达', electronic: '电子送达(当事人同意)', public_notice: '公告送达' };
const NO_PENALTY_GROUNDS: Record<NonNullable<Schemas['CaseStepRequest']['noPenaltyGround']>, string> = {
  first_violation: '首违不罚(第三十三条第一款)',
  minor_corrected: '轻微并及时改正(第三十三条第一款)',
  no_fault: '没有主观过错(第三十三条第二款)',
  minor_age_or_mental: '未满十四周岁或精神病人(第三十、三十一条)',
  facts_unclear: '违法事实不能成立(第四十条)',
};
const FIELD_LABELS: Record<CaseField, string> = {
  itemId: '处罚事项',
  violationOn: '违法行为日期',
  safetyConcerned: '涉及生命健康、金融安全(时效5年)',
  reasons: '理由',
  transferTo: '移送至',
  officerIds: '承办执法人员(至少两名,均须持证)',
  proposedPenalty: '拟处罚',
  facts: '违法事实',
  legalBasis: '法律依据',
  statementWorkingDays: '陈述申辩期限(工作日,默认3)',
  statementRecord: '陈述申辩记录',
  hearingOn: '听证日期(通知之日起至少7个工作日后)',
  hearingPlace: '听证地点',
  presidingOfficerId: '听证主持人(非本案调查人员)',
  hearingRecord: '听证笔录',
  partyAbsent: '当事人无正当理由拒不出席(视为放弃听证)',
  penalty: '处罚决定',
  noPenaltyGround: '不予处罚情形',
  extensionDays: '延长天数(自然日)',
  serviceMethod: '送达方式',
  recipient: '签收人',
  deferredUntil: '暂缓缴纳至',
  paidYuan: '缴纳金额(元,含加处罚款)',
  closingReport: '结案报告',
  major: '重大案件(须法制审核与集体讨论)',
  complex: '案情复杂(须法制审核)',
};
const TONE: Record<string, string> = { overdue: 'red', 'due-soon': 'orange', ok: 'blue', done: 'default' };
const DOC_KINDS: Record<string, string> = { filing_approval: '立案审批表', preservation_notice: '证据保全通知书', prior_notice: '行政处罚事先告知书', hearing_notice: '听证通知书', decision: '行政处罚决定书', service_receipt: '送达回证', closing_report: '结案报告', on_the_spot_decision: '当场处罚决定书' };

type StepValues = Partial<Record<CaseField, unknown>> & { penaltyKinds?: string[]; fineYuan?: number; circumstance?: string };

/** The request body of a step from its form: dates as YYYY-MM-DD, the penalty terms gathered. */
function stepBody(step: CaseStep, v: StepValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of step.fields) {
    const value = v[field];
    if (field === 'proposedPenalty' || field === 'penalty') {
      if (v.penaltyKinds?.length) body[field] = { kinds: v.penaltyKinds, fineYuan: v.penaltyKinds.includes('fine') ? v.fineYuan : undefined, circumstance: v.circumstance || undefined };
    } else if (value && typeof value === 'object' && 'format' in value) body[field] = (value as Dayjs).format('YYYY-MM-DD');
    else if (typeof value === 'string') {
      if (value.trim()) body[field] = value.trim();
    } else if (value !== undefined && value !== null) body[field] = value;
  }
  return body;
}

/** 案件: one case of the ordinary procedure: its stage, its clocks, its documents and the steps the user may take now. */
export function CasePage({ id, user, onBack }: { id: string; user: SessionUser; onBack: () => void }) {
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState<CaseStep>();
  const { message } = AntApp.useApp();
  const view = useLoad(() => must(api.GET('/api/v1/enforcement/cases/{id}', { params: { path: { id } } })), [id, tick]);
  const documents = useLoad(() => must(api.GET('/api/v1/enforcement/cases/{id}/documents', { params: { path: { id } } })), [id, tick]);
  if (view.error) return <Alert type="error" showIcon title={view.error} data-testid="case-error" action={<Button onClick={onBack}>返回</Button>} />;
  const c = view.data;
  if (!c) return <Spin />;
  const stage = caseStage(c.status);
  const clocks = caseClocks({ status: c.status, decisionDueOn: c.decisionDueOn, procedure: c.procedure as never }, localDate(new Date()));
  const steps = caseStepsFor(c.status, user.roles);
  const print = (docId: string) => openForPrint(`/api/v1/enforcement/cases/${id}/documents/${docId}/print`).catch((e: unknown) => message.error(e instanceof ApiError ? e.message : String(e)));
  const docs = (Array.isArray(documents.data) ? documents.data : ((documents.data as { items?: unknown[] } | undefined)?.items ?? [])) as { id: string; kind: string; number: string; title: string; issuedOn: string }[];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <a onClick={onBack}>综合执法</a>/<span>{c.caseNo ?? '线索'}</span>
            <Tag color={c.overdue ? 'red' : 'blue'} data-testid="case-status">
              {c.statusLabel}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            {steps.map((s) => (
              <Button key={s.action} danger={s.danger} type={s === steps[0] ? 'primary' : 'default'} onClick={() => setOpen(s)}>
                {s.label}
              </Button>
            ))}
          </Space>
        }
      >
        <Steps size="small" current={stage.index} status={stage.ended ? 'error' : c.status === 'closed' ? 'finish' : 'process'} items={CASE_STAGES.map((title) => ({ title }))} style={{ marginBottom: 16 }} />
        <Descriptions size="small" bordered column={3} items={[
          { label: '案由', children: c.summary, span: 3 },
          { label: '处罚事项', children: c.itemName ?? '—' },
          { label: '当事人', children: c.party ? `${c.party.name}(${c.party.kind === 'person' ? '公民' : '法人或其他组织'})` : '—' },
          { label: '违法行为日期', children: c.violationOn ?? '—' },
          { label: '登记日期', children: c.registeredOn },
          { label: '立案日期', children: c.filedOn ?? '—' },
          { label: '承办人员', children: `${c.officerIds.length} 名` },
          ...(c.reasons ? [{ label: '最近理由', children: c.reasons, span: 3 }] : []),
        ]} />
      </Card>
      <Row gutter={12}>
        <Col span={12}>
          <Card title="办案期限" size="small">
            <Table
              size="small"
              rowKey="label"
              pagination={false}
              dataSource={clocks}
              data-testid="case-clocks"
              locale={{ emptyText: '立案后开始计算期限' }}
              columns={[
                { title: '期限', dataIndex: 'label' },
                { title: '届满日', dataIndex: 'dueOn', width: 110 },
                { title: '状态', key: 'tone', width: 120, render: (_: unknown, k: (typeof clocks)[number]) => <Tag color={TONE[k.tone]}>{k.tone === 'done' ? '已完成' : k.daysLeft < 0 ? `超期 ${-k.daysLeft} 天` : k.daysLeft === 0 ? '今日届满' : `剩 ${k.daysLeft} 天`}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="执法文书" size="small">
            {documents.error && <Alert type="error" showIcon title={documents.error} />}
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              loading={documents.loading}
              dataSource={docs}
              locale={{ emptyText: '暂无文书' }}
              columns={[
                { title: '文书', dataIndex: 'kind', render: (k: string, d) => DOC_KINDS[k] ?? d.title },
                { title: '文号', dataIndex: 'number' },
                { title: '日期', dataIndex: 'issuedOn', width: 110 },
                { title: '', key: 'print', width: 70, render: (_: unknown, d) => <a onClick={() => void print(d.id)}>打印</a> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {open && (
        <StepDialog
          caseId={id}
          step={open}
          townCode={c.townCode}
          onClose={(changed) => {
            setOpen(undefined);
            if (changed) setTick((t) => t + 1);
          }}
        />
      )}
    </Space>
  );
}

function StepDialog({ caseId, step, townCode, onClose }: { caseId: string; step: CaseStep; townCode: string; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<StepValues>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  const kinds = Form.useWatch('penaltyKinds', form) as string[] | undefined;
  const needsOfficers = step.fields.includes('officerIds') || step.fields.includes('presidingOfficerId');
  const officers = useLoad(() => (needsOfficers ? must(api.GET('/api/v1/users', { params: { query: { role: 'enforcement_officer', pageSize: 100 } } })) : Promise.resolve(undefined)), [needsOfficers]);
  const items = useLoad(() => (step.fields.includes('itemId') ? must(api.GET('/api/v1/town-powers', { params: { query: { townCode } } })) : Promise.resolve(undefined)), [townCode]);
  const officerOptions = (officers.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}(${u.username})` }));
  const required = (f: CaseField) => step.required.includes(f);
  const rule = (f: CaseField) => (required(f) ? [{ required: true, message: `请填写${FIELD_LABELS[f].split('(')[0]}` }] : []);
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    try {
      await fetchStep(caseId, step.action, stepBody(step, values), key);
      message.success(`${step.label}:已完成`);
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.filter((f) => step.fields.includes(f.field.split('.')[0] as CaseField)).map((f) => ({ name: f.field.split('.')[0] as CaseField, errors: [f.message] })));
        message.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };
  const field = (f: CaseField) => {
    switch (f) {
      case 'itemId':
        return <Select showSearch={{ optionFilterProp: 'label' }} options={(items.data ?? []).filter((p) => p.kind === 'penalty').map((p) => ({ value: p.itemId, label: p.itemName }))} />;
      case 'officerIds':
        return <Select mode="multiple" options={officerOptions} loading={officers.loading} />;
      case 'presidingOfficerId':
        return <Select options={officerOptions} loading={officers.loading} />;
      case 'violationOn':
      case 'hearingOn':
      case 'deferredUntil':
        return <DatePicker style={{ width: '100%' }} />;
      case 'safetyConcerned':
      case 'partyAbsent':
      case 'major':
      case 'complex':
        return <Checkbox>{FIELD_LABELS[f]}</Checkbox>;
      case 'statementWorkingDays':
        return <InputNumber min={3} max={15} precision={0} style={{ width: '100%' }} />;
      case 'extensionDays':
        return <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} />;
      case 'paidYuan':
        return <InputNumber min={0} precision={2} style={{ width: '100%' }} />;
      case 'serviceMethod':
        return <Select options={Object.entries(SERVICE_METHODS).map(([value, label]) => ({ value, label }))} />;
      case 'noPenaltyGround':
        return <Select options={Object.entries(NO_PENALTY_GROUNDS).map(([value, label]) => ({ value, label }))} />;
      case 'reasons':
      case 'facts':
      case 'statementRecord':
      case 'hearingRecord':
      case 'closingReport':
        return <Input.TextArea rows={2} maxLength={2000} />;
      default:
        return <Input />;
    }
  };
  return (
    <Modal open width={720} title={step.label} onCancel={() => onClose(false)} onOk={() => void submit()} okText={step.label} okButtonProps={{ loading: busy, danger: step.danger }} cancelText="取消">
      <Form form={form} layout="vertical">
        {step.fields.length === 0 && <Alert type="info" showIcon title={`确认${step.label}?`} />}
        {step.fields.map((f) =>
          f === 'proposedPenalty' || f === 'penalty' ? (
            <Row gutter={12} key={f}>
              <Col span={12}>
                <Form.Item label={`${FIELD_LABELS[f]}:处罚种类`} name="penaltyKinds" rules={required(f) ? [{ required: true, message: '请选择处罚种类' }] : []}>
                  <Select mode="multiple" options={Object.entries(PENALTY_KINDS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="罚款(元)" name="fineYuan" rules={kinds?.includes('fine') ? [{ required: true, message: '请填写罚款金额' }] : []}>
                  <InputNumber min={0} precision={2} disabled={!kinds?.includes('fine')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item label="违法情节" name="circumstance">
                  <Input placeholder="如:一般" />
                </Form.Item>
              </Col>
            </Row>
          ) : ['safetyConcerned', 'partyAbsent', 'major', 'complex'].includes(f) ? (
            <Form.Item key={f} name={f} valuePropName="checked">
              {field(f)}
            </Form.Item>
          ) : (
            <Form.Item key={f} label={FIELD_LABELS[f]} name={f} rules={rule(f)}>
              {field(f)}
            </Form.Item>
          ),
        )}
      </Form>
    </Modal>
  );
}

/** Posts a case step to /enforcement/cases/{id}/<step>; problem+json comes back as an ApiError in plain Chinese. */
async function fetchStep(caseId: string, action: string, body: Record<string, unknown>, key: string): Promise<unknown> {
  // Every step shares one body type (CaseStepRequest); the path is the action's.
  const path = `/api/v1/enforcement/cases/{id}/${stepPath(action)}` as '/api/v1/enforcement/cases/{id}/file';
  return must(api.POST(path, { params: { path: { id: caseId }, header: { 'Idempotency-Key': `${key}-${action}` } } as never, body: body as never }));
}
