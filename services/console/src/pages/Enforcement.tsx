import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Table, Tabs, Tag } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';
import { ON_THE_SPOT_COLLECTION_LIMIT_YUAN, SIMPLIFIED_FINE_LIMIT_YUAN, penaltyFormField, penaltyProblems, type PenaltyDraft } from '../lib/penalty';
import type { SessionUser } from '../lib/session';
import { RandomChecks } from './RandomChecks';

type CaseStatus = NonNullable<Schemas['CaseView']['status']>;
const STAGES: { key: string; label: string; statuses: CaseStatus[] }[] = [
  { key: 'clues', label: '线索', statuses: ['clue_registered', 'filing_proposed'] },
  { key: 'investigating', label: '调查取证', statuses: ['investigating', 'statement_period', 'hearing_requested', 'hearing_noticed'] },
  { key: 'deciding', label: '审核决定', statuses: ['pending_decision', 'legal_review', 'reviewed', 'collective_discussion', 'discussed', 'decided'] },
  { key: 'executing', label: '送达执行', statuses: ['served', 'executed', 'referred_to_judiciary'] },
  { key: 'closed', label: '结案/不立案', statuses: ['closed', 'not_filed', 'transferred'] },
];

/** 综合执法: cases by stage, the on-the-spot penalty form with its legal limits, supervision tasks. */
export function EnforcementPage({ user, onOpen }: { user: SessionUser; onOpen: (id: string) => void }) {
  return (
    <Card title="综合执法">
      <Tabs
        items={[
          ...STAGES.map((s) => ({ key: s.key, label: s.label, children: <CaseList statuses={s.statuses} onOpen={onOpen} /> })),
          { key: 'penalty', label: '当场处罚', children: <OnTheSpotPenalty user={user} /> },
          { key: 'random', label: '双随机抽查', children: <RandomChecks roles={user.roles} /> },
          { key: 'supervision', label: '监管任务', children: <SupervisionTasks /> },
        ]}
      />
    </Card>
  );
}

function CaseList({ statuses, onOpen }: { statuses: CaseStatus[]; onOpen: (id: string) => void }) {
  const [status, setStatus] = useState<CaseStatus>(statuses[0] as CaseStatus);
  const [page, setPage] = useState(1);
  const list = useLoad(() => must(api.GET('/api/v1/enforcement/cases', { params: { query: { status, page, pageSize: 20 } } })), [status, page]);
  return (
    <>
      <Radio.Group value={status} onChange={(e) => (setStatus(e.target.value as CaseStatus), setPage(1))} style={{ marginBottom: 12 }} optionType="button" options={statuses.map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s }))} />
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Schemas['CaseView']>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(c) => ({ onDoubleClick: () => onOpen(c.id) })}
        locale={{ emptyText: '暂无案件' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '案号', dataIndex: 'caseNo', render: (n: string | null, c) => <a onClick={() => onOpen(c.id)}>{n ?? '(未立案)'}</a> },
          { title: '案由', dataIndex: 'summary', ellipsis: true },
          { title: '事项', dataIndex: 'itemName', render: (n: string | null) => n ?? '—' },
          { title: '状态', dataIndex: 'statusLabel', render: (s: string, c) => <Tag color={c.overdue ? 'red' : 'blue'}>{s}</Tag> },
          { title: '登记日', dataIndex: 'registeredOn', width: 110 },
          { title: '决定期限', dataIndex: 'decisionDueOn', width: 110, render: (d: string | null) => d ?? '—' },
        ]}
      />
    </>
  );
}

const STATUS_LABELS: Record<Schemas['CaseView']['status'], string> = {
  clue_registered: '线索登记',
  filing_proposed: '拟立案',
  not_filed: '不予立案',
  transferred: '已移送',
  investigating: '调查中',
  statement_period: '陈述申辩',
  hearing_requested: '申请听证',
  hearing_noticed: '听证告知',
  pending_decision: '待决定',
  legal_review: '法制审核',
  reviewed: '已审核',
  collective_discussion: '集体讨论',
  discussed: '已讨论',
  decided: '已决定',
  served: '已送达',
  executed: '已执行',
  referred_to_judiciary: '申请强制执行',
  closed: '已结案',
};

interface PenaltyForm {
  itemId: string;
  partyKind: 'person' | 'organisation';
  partyName: string;
  partyIdNumber: string;
  partyPhone: string;
  place: string;
  facts: string;
  legalBasis: string;
  kind: 'warning' | 'fine';
  fineYuan?: number;
  collectOnTheSpot: boolean;
  collectionReason?: string;
}

function OnTheSpotPenalty({ user }: { user: SessionUser }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PenaltyForm>();
  const values = Form.useWatch([], form) as Partial<PenaltyForm> | undefined;
  const town = user.jurisdictionCode;
  const powers = useLoad(() => (town.length === 9 ? must(api.GET('/api/v1/town-powers', { params: { query: { townCode: town } } })) : Promise.resolve([])), [town]);
  const draft: PenaltyDraft = { partyKind: values?.partyKind ?? 'person', kind: values?.kind ?? 'fine', fineYuan: values?.fineYuan, collectOnTheSpot: values?.collectOnTheSpot ?? false, collectionReason: values?.collectionReason };
  const problems = penaltyProblems(draft);
  const submit = async (v: PenaltyForm) => {
    try {
      await must(
        api.POST('/api/v1/enforcement/on-the-spot-penalties', {
          body: {
            townCode: town,
            itemId: v.itemId,
            party: { kind: v.partyKind, name: v.partyName, idNumber: v.partyIdNumber, phone: v.partyPhone },
            place: v.place,
            facts: v.facts,
            legalBasis: v.legalBasis,
            kind: v.kind,
            fineYuan: v.kind === 'fine' ? v.fineYuan : undefined,
            collectOnTheSpot: v.kind === 'fine' && v.collectOnTheSpot,
            collectionReason: v.collectionReason || undefined,
          },
        }),
      );
      message.success('当场处罚决定已作出');
      form.resetFields();
    } catch (e) {
      if (e instanceof ApiError) {
        // The API's refusal (a limit, a bad field) shown on the field it concerns, and in one line above.
        const fields = e.shown.fields.map((f) => ({ name: penaltyFormField(f.field, e.shown.code), errors: [f.message] })).filter((f): f is { name: keyof PenaltyForm; errors: string[] } => f.name !== undefined);
        form.setFields(fields);
        message.error(e.message);
      }
    }
  };
  const limit = SIMPLIFIED_FINE_LIMIT_YUAN[draft.partyKind];
  return (
    <Form form={form} layout="vertical" initialValues={{ partyKind: 'person', kind: 'fine', collectOnTheSpot: false }} onFinish={(v) => void submit(v)} style={{ maxWidth: 760 }}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`简易程序:对公民罚款不超过 ${SIMPLIFIED_FINE_LIMIT_YUAN.person} 元、对法人或其他组织不超过 ${SIMPLIFIED_FINE_LIMIT_YUAN.organisation} 元;当场收缴不超过 ${ON_THE_SPOT_COLLECTION_LIMIT_YUAN} 元。`} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item label="事项" name="itemId" rules={[{ required: true, message: '请选择事项' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(powers.data ?? []).filter((p) => p.kind === 'penalty').map((p) => ({ value: p.itemId, label: p.itemName }))} placeholder={powers.data?.length === 0 ? '本辖区暂无处罚事项' : '请选择'} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="当事人类型" name="partyKind">
            <Radio.Group options={[{ value: 'person', label: '公民' }, { value: 'organisation', label: '法人或其他组织' }]} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="当事人" name="partyName" rules={[{ required: true, message: '请填写当事人' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="证件号码" name="partyIdNumber" rules={[{ required: true, message: '请填写证件号码' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="联系电话" name="partyPhone" rules={[{ required: true, message: '请填写联系电话' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="地点" name="place" rules={[{ required: true, message: '请填写地点' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item label="法律依据" name="legalBasis" rules={[{ required: true, message: '请填写法律依据' }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item label="违法事实" name="facts" rules={[{ required: true, message: '请填写违法事实' }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="处罚种类" name="kind">
            <Radio.Group options={[{ value: 'warning', label: '警告' }, { value: 'fine', label: '罚款' }]} />
          </Form.Item>
        </Col>
        {draft.kind === 'fine' && (
          <>
            <Col span={8}>
              <Form.Item label={`罚款金额(元,不超过 ${limit})`} name="fineYuan" validateStatus={problems.fineYuan && values?.fineYuan !== undefined ? 'error' : undefined} help={values?.fineYuan !== undefined ? problems.fineYuan : undefined}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label=" " name="collectOnTheSpot" valuePropName="checked">
                <Checkbox>当场收缴</Checkbox>
              </Form.Item>
            </Col>
            {draft.collectOnTheSpot && (draft.fineYuan ?? 0) > ON_THE_SPOT_COLLECTION_LIMIT_YUAN && (
              <Col span={24}>
                <Form.Item label="事后难以执行的理由" name="collectionReason" validateStatus={problems.collectionReason ? 'error' : undefined} help={problems.collectionReason}>
                  <Input />
                </Form.Item>
              </Col>
            )}
          </>
        )}
      </Row>
      <Button type="primary" htmlType="submit" disabled={Object.keys(problems).length > 0}>
        作出当场处罚决定
      </Button>
    </Form>
  );
}

function SupervisionTasks() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => must(api.GET('/api/v1/enforcement/supervision-tasks', { params: { query: { status: 'open', page, pageSize: 20 } } })), [page]);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Schemas['SupervisionTaskView']>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无待办监管任务' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '许可办件', dataIndex: 'applicationNo' },
          { title: '事项', dataIndex: 'itemName' },
          { title: '持证人', dataIndex: 'holderName' },
          { title: '批准日', dataIndex: 'approvedOn', width: 110 },
          { title: '监管主体', dataIndex: 'supervisor', render: (s: string) => (s === 'town_team' ? '镇综合执法队' : '县级部门') },
        ]}
      />
    </>
  );
}
