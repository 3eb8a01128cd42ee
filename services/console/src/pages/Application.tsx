import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, DatePicker, Descriptions, Form, Input, List, Modal, Row, Select, Space, Spin, Tag, Timeline } from 'antd';
import { api, must, openNoticeForPrint, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';
import { clockText } from '../lib/clocks';
import { roleLabels } from '../lib/menu';
import type { SessionUser } from '../lib/session';
import { actionsFor, type Action } from '../lib/steps';

type Application = Schemas['ApplicationView'];
const SUSPENSION_KINDS = [
  { value: 'hearing', label: '听证' },
  { value: 'tender', label: '招标' },
  { value: 'auction', label: '拍卖' },
  { value: 'testing', label: '检验检测' },
  { value: 'quarantine', label: '检疫' },
  { value: 'appraisal', label: '鉴定' },
  { value: 'expert_review', label: '专家评审' },
];

export function ApplicationPage({ id, user }: { id: string; user: SessionUser }) {
  const { message } = AntApp.useApp();
  const app = useLoad(() => must(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })), [id]);
  const history = useLoad(() => must(api.GET('/api/v1/applications/{id}/history', { params: { path: { id } } })), [id, app.data?.status]);
  const notices = useLoad(() => must(api.GET('/api/v1/applications/{id}/notices', { params: { path: { id } } })), [id, app.data?.status]);
  const [open, setOpen] = useState<Action>();

  if (app.loading && !app.data) return <Spin />;
  if (app.error || !app.data) return <Alert type="error" showIcon title={app.error ?? '办件不存在'} data-testid="app-error" />;
  const a = app.data;

  const print = (noticeId: string) => openNoticeForPrint(id, noticeId).catch((e: unknown) => message.error(e instanceof ApiError ? e.message : String(e)));

  return (
    <Row gutter={16}>
      <Col span={15}>
        <Card
          title={
            <Space>
              {a.applicationNo}
              <Tag color="blue" data-testid="status">
                {a.statusLabel}
              </Tag>
            </Space>
          }
          extra={
            <Space wrap>
              {actionsFor(a.status, user.roles).map((s) => (
                <Button key={s.action} danger={s.danger} type={s.danger ? 'default' : 'primary'} onClick={() => setOpen(s.action)}>
                  {s.label}
                </Button>
              ))}
            </Space>
          }
        >
          <Descriptions column={2} size="small" bordered styles={{ label: { width: 120, whiteSpace: "nowrap" } }}>
            <Descriptions.Item label="事项" span={2}>
              {a.itemName}({a.itemCode})
            </Descriptions.Item>
            <Descriptions.Item label="乡镇">{a.townName}</Descriptions.Item>
            <Descriptions.Item label="部门">{a.department}</Descriptions.Item>
            <Descriptions.Item label="申请人">{a.applicant.name}</Descriptions.Item>
            <Descriptions.Item label="证件号码">{a.applicant.idNumber}</Descriptions.Item>
            <Descriptions.Item label="收件日">{a.receivedOn}</Descriptions.Item>
            <Descriptions.Item label="受理日">{a.acceptedOn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="审查期限">{a.decisionDueOn ? `${a.decisionDueOn}(${clockText(a.workingDaysLeft)})` : '—'}</Descriptions.Item>
            <Descriptions.Item label="补正告知期限">{a.correctionNoticeDeadline ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="证件编号">{a.certificateNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="有效期至">{a.validUntil ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="已交材料" span={2}>
              {a.materials.map((m) => m.name).join('、') || '无'}
            </Descriptions.Item>
            <Descriptions.Item label="缺少的必要材料" span={2}>
              {a.missingRequired.length ? <span style={{ color: '#cf1322' }}>{a.missingRequired.join('、')}</span> : '无'}
            </Descriptions.Item>
            {a.correctionMaterials.length > 0 && (
              <Descriptions.Item label="补正告知的材料" span={2}>
                {a.correctionMaterials.join('、')}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
        <Card title="文书" style={{ marginTop: 16 }}>
          <List
            loading={notices.loading}
            dataSource={notices.data ?? []}
            locale={{ emptyText: '暂无文书' }}
            renderItem={(n) => (
              <List.Item actions={[<a key="print" onClick={() => void print(n.id)}>打印</a>]}>
                <List.Item.Meta title={n.title} description={`${n.number} · ${n.issuer} · ${n.issuedOn}`} />
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Col span={9}>
        <Card title="办理过程">
          {history.loading ? (
            <Spin />
          ) : (
            <Timeline
              data-testid="timeline"
              items={(history.data ?? []).map((h) => ({
                content: (
                  <div>
                    <b>{h.actionLabel}</b> <span style={{ color: '#888' }}>{new Date(h.at).toLocaleString('zh-CN', { hour12: false })}</span>
                    <div style={{ color: '#555' }}>{roleLabels(h.actorRoles)}</div>
                    {typeof h.details.reasons === 'string' && <div>事由:{h.details.reasons}</div>}
                  </div>
                ),
              }))}
            />
          )}
        </Card>
      </Col>
      {open && (
        <StepModal
          action={open}
          application={a}
          onClose={() => setOpen(undefined)}
          onDone={(result) => {
            setOpen(undefined);
            message.success(`已办理:${result.application.statusLabel}`);
            app.reload();
          }}
        />
      )}
    </Row>
  );
}

type StepResult = Schemas['ApplicationStepResult'];

function StepModal({ action, application, onClose, onDone }: { action: Action; application: Application; onClose: () => void; onDone: (r: StepResult) => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const path = { id: application.id };
  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const reasons = v.reasons as string;
      const call = (() => {
        switch (action) {
          case 'accept':
            return api.POST('/api/v1/applications/{id}/accept', { params: { path } });
          case 'request-correction':
            return api.POST('/api/v1/applications/{id}/request-correction', { params: { path }, body: { missingMaterials: v.missingMaterials as string[], reasons: reasons || undefined } });
          case 'not-accept':
            return api.POST('/api/v1/applications/{id}/not-accept', { params: { path }, body: { reasons } });
          case 'resubmit':
            return api.POST('/api/v1/applications/{id}/resubmit', { params: { path }, body: { materials: (v.materials as string[]).map((name) => ({ name, copies: 1, original: true })) } });
          case 'approve':
            return api.POST('/api/v1/applications/{id}/approve', { params: { path }, body: { reasons: reasons || undefined, validUntil: v.validUntil ? (v.validUntil as { format: (f: string) => string }).format('YYYY-MM-DD') : undefined } });
          case 'reject':
            return api.POST('/api/v1/applications/{id}/reject', { params: { path }, body: { reasons, legalBasis: v.legalBasis as string } });
          case 'suspend':
            return api.POST('/api/v1/applications/{id}/suspend', { params: { path }, body: { reasons, suspensionKind: v.suspensionKind as Schemas['SuspendRequest']['suspensionKind'] } });
          case 'resume':
            return api.POST('/api/v1/applications/{id}/resume', { params: { path }, body: {} });
          case 'extend':
            return api.POST('/api/v1/applications/{id}/extend', { params: { path }, body: { reasons } });
          case 'certificate':
            return api.POST('/api/v1/applications/{id}/certificate', { params: { path }, body: {} });
        }
      })();
      onDone((await must(call)) as StepResult);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.map((f) => ({ name: f.field.split('.')[0], errors: [f.message] })));
        setError(e.message);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };
  const titles: Record<Action, string> = {
    accept: '受理',
    'request-correction': '一次性告知补正',
    'not-accept': '不予受理',
    resubmit: '补正材料',
    approve: '准予许可',
    reject: '不予许可',
    suspend: '中止计时',
    resume: '恢复计时',
    extend: '延长审查期限',
    certificate: '颁发证件',
  };
  const needsReasons = action === 'not-accept' || action === 'reject' || action === 'suspend' || action === 'extend';
  return (
    <Modal open title={titles[action]} onCancel={onClose} onOk={() => void submit()} okText="确定" cancelText="取消" confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="step-error" />}
      <Form form={form} layout="vertical" initialValues={{ missingMaterials: application.missingRequired, materials: [] }}>
        {action === 'request-correction' && (
          <Form.Item label="需补正的全部材料(一次性告知)" name="missingMaterials" rules={[{ required: true, message: '请列明需补正的材料' }]}>
            <Select mode="tags" placeholder="可输入其他需补正的内容" />
          </Form.Item>
        )}
        {action === 'resubmit' && (
          <Form.Item label="申请人已补交的材料" name="materials" rules={[{ required: true, message: '请勾选补交的材料' }]}>
            <Checkbox.Group options={application.correctionMaterials} />
          </Form.Item>
        )}
        {action === 'suspend' && (
          <Form.Item label="中止事由(《行政许可法》第四十五条)" name="suspensionKind" rules={[{ required: true, message: '请选择中止事由' }]}>
            <Select options={SUSPENSION_KINDS} />
          </Form.Item>
        )}
        {action === 'approve' && (
          <Form.Item label="有效期至" name="validUntil">
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        {action === 'reject' && (
          <Form.Item label="法律依据" name="legalBasis" rules={[{ required: true, message: '请填写法律依据' }]}>
            <Input />
          </Form.Item>
        )}
        {(needsReasons || action === 'approve' || action === 'request-correction') && (
          <Form.Item label="理由" name="reasons" rules={needsReasons ? [{ required: true, message: '请填写理由' }] : []}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {(action === 'accept' || action === 'resume' || action === 'certificate') && <p>确认{titles[action]}?将出具相应文书。</p>}
      </Form>
    </Modal>
  );
}
