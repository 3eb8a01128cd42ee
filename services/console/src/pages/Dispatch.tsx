import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Timeline } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';
import { CHANNEL_LABELS, WORK_ORDER_STATUS_LABELS } from '../lib/labels';
import { deskStepProblems, deskStepsFor, dueText, type DeskAction, type DeskStep } from '../lib/desk';

type Order = Schemas['WorkOrderView'];
type Queue = 'pending' | 'returned' | 'extension';

const QUEUES: { key: Queue; label: string; empty: string }[] = [
  { key: 'pending', label: '待派遣', empty: '没有待派遣的工单' },
  { key: 'returned', label: '退单待裁定', empty: '没有待裁定的退单' },
  { key: 'extension', label: '延期待审批', empty: '没有待审批的延期申请' },
];

const STEP_LABELS: Record<string, string> = {
  register: '登记',
  route: '派遣',
  sign: '签收',
  return: '退单',
  reassign: '改派',
  uphold: '维持原派',
  start: '开始处置',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  refuse_extension: '不予延期',
  feed_back: '反馈',
  verify_pass: '核查通过',
  verify_fail: '核查不通过',
  park: '挂账',
  unpark: '解除挂账',
  close: '结案',
  evaluate: '回访',
  cancel: '作废',
  split: '拆分联动',
  supervise: '督办',
};

/** Sends a desk step (typed per route); an idempotency key per opened form, so a double click is one step. */
function sendStep(action: DeskAction, id: string, body: { unitId?: string; reasons?: string }, key: string) {
  const params = { path: { id }, header: { 'Idempotency-Key': key } };
  switch (action) {
    case 'route':
      return must(api.POST('/api/v1/work-orders/{id}/route', { params, body }));
    case 'reassign':
      return must(api.POST('/api/v1/work-orders/{id}/reassign', { params, body }));
    case 'uphold':
      return must(api.POST('/api/v1/work-orders/{id}/uphold', { params, body }));
    case 'approve-extension':
      return must(api.POST('/api/v1/work-orders/{id}/approve-extension', { params, body }));
    case 'refuse-extension':
      return must(api.POST('/api/v1/work-orders/{id}/refuse-extension', { params, body }));
  }
}

/** 调度台: the dispatcher's queues (route waiting orders, arbitrate 退单, decide 延期), paged by the server. */
export function DispatchPage() {
  const [queue, setQueue] = useState<Queue>('pending');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Order>();
  const [tick, setTick] = useState(0);
  const query = queue === 'pending' ? { status: 'pending_dispatch' as const } : queue === 'returned' ? { status: 'returned' as const } : { extensionPending: 'true' as const };
  const list = useLoad(() => must(api.GET('/api/v1/work-orders', { params: { query: { ...query, page, pageSize: 20 } } })), [queue, page, tick]);
  const counts = useLoad(() => must(api.GET('/api/v1/dispatch-dashboard', {})), [tick]);
  const returned = counts.data?.byStatus.find((e) => e.key === 'returned')?.count;
  const badge = (q: Queue) => (q === 'pending' ? counts.data?.pendingDispatch : q === 'returned' ? returned : undefined);
  return (
    <Card title="调度台" extra={<Button onClick={() => setTick((t) => t + 1)}>刷新</Button>}>
      <Tabs
        activeKey={queue}
        onChange={(k) => (setQueue(k as Queue), setPage(1))}
        items={QUEUES.map((q) => ({ key: q.key, label: <Badge count={badge(q.key) ?? 0} size="small" offset={[8, -2]}>{q.label}</Badge> }))}
      />
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 12 }} />}
      <Table<Order>
        rowKey="id"
        size="small"
        data-testid="desk-queue"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: QUEUES.find((q) => q.key === queue)?.empty }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (n) => `共 ${n} 件` }}
        onRow={(o) => ({ onDoubleClick: () => setOpen(o) })}
        columns={[
          { title: '工单号', dataIndex: 'orderNo', width: 210, render: (n: string, o) => <a onClick={() => setOpen(o)}>{n}</a> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '分类', dataIndex: 'categoryName', width: 150, ellipsis: true },
          { title: '渠道', dataIndex: 'channel', width: 100, render: (c: Schemas['WorkOrderView']['channel']) => CHANNEL_LABELS[c] },
          { title: '紧急', dataIndex: 'urgency', width: 70, render: (u: string) => (u === 'urgent' ? <Tag color="red">紧急</Tag> : '一般') },
          ...(queue === 'pending'
            ? [{ title: '登记时间', dataIndex: 'createdAt', width: 150, render: (d: string) => new Date(d).toLocaleString('zh-CN', { hour12: false }) }]
            : [
                { title: '承办单位', dataIndex: 'unitName', width: 170, ellipsis: true, render: (n: unknown) => (n ? String(n) : '—') },
                ...(queue === 'extension' ? [{ title: '申请延期', dataIndex: 'pendingExtension', width: 90, render: (n: unknown, o: Order) => `${String(n)} ${(o.sla as { unit?: string }).unit === 'working_hours' ? '工作小时' : '工作日'}` }] : []),
                { title: '时限', dataIndex: 'dueAt', width: 110, render: (d: unknown, o: Order) => <span style={{ color: o.overdue ? '#cf1322' : undefined }}>{dueText(d as string | null)}</span> },
              ]),
          { title: '操作', key: 'op', width: 90, render: (_: unknown, o) => <Button size="small" type="primary" onClick={() => setOpen(o)}>{queue === 'pending' ? '派遣' : queue === 'returned' ? '裁定' : '审批'}</Button> },
        ]}
      />
      {open && (
        <OrderDialog
          order={open}
          onClose={(changed) => {
            setOpen(undefined);
            if (changed) setTick((t) => t + 1);
          }}
        />
      )}
    </Card>
  );
}

/** One order: its facts, its steps so far (who returned it and why, who asked for how long), and the dispatcher's steps. */
function OrderDialog({ order, onClose }: { order: Order; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  const steps = deskStepsFor(order);
  const [step, setStep] = useState<DeskStep | undefined>(steps[0]);
  const [form] = Form.useForm<{ unitId?: string; reasons?: string }>();
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());
  const history = useLoad(() => must(api.GET('/api/v1/work-orders/{id}/history', { params: { path: { id: order.id } } })), [order.id]);
  const submit = async () => {
    if (!step) return;
    const values = form.getFieldsValue();
    const problems = deskStepProblems(step, values);
    form.setFields([
      { name: 'unitId', errors: problems.unitId ? [problems.unitId] : [] },
      { name: 'reasons', errors: problems.reasons ? [problems.reasons] : [] },
    ]);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await sendStep(step.action, order.id, { unitId: step.needsUnit ? values.unitId : undefined, reasons: values.reasons?.trim() || undefined }, `${key}-${step.action}`);
      message.success(`已${step.label}:${order.orderNo}`);
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.filter((f) => f.field === 'unitId' || f.field === 'reasons').map((f) => ({ name: f.field as 'unitId' | 'reasons', errors: [f.message] })));
        message.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={`工单 ${order.orderNo}`}
      onCancel={() => onClose(false)}
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>关闭</Button>
          {step && (
            <Button type="primary" danger={step.danger} loading={busy} onClick={() => void submit()} data-testid="desk-submit">
              {step.label}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={2} bordered items={[
        { label: '标题', children: order.title, span: 2 },
        { label: '诉求内容', children: order.description, span: 2 },
        { label: '分类', children: order.categoryName },
        { label: '渠道', children: CHANNEL_LABELS[order.channel] ?? order.channel },
        { label: '状态', children: WORK_ORDER_STATUS_LABELS[order.status] ?? order.status },
        { label: '时限', children: dueText(order.dueAt as unknown as string | null) },
        { label: '承办单位', children: order.unitName ? String(order.unitName) : '—' },
        { label: '返工次数', children: order.reworkCount },
      ]} />
      <div style={{ margin: '12px 0 4px', fontWeight: 600 }}>办理经过</div>
      {history.error && <Alert type="error" showIcon title={history.error} />}
      <Timeline
        style={{ maxHeight: 160, overflow: 'auto', paddingTop: 6 }}
        items={(history.data ?? []).slice(-6).map((h) => ({ color: h.action === 'return' || h.action === 'request_extension' ? 'orange' : 'blue', children: `${new Date(h.at).toLocaleString('zh-CN', { hour12: false })} ${STEP_LABELS[h.action] ?? h.action}${h.reasons ? `:${h.reasons}` : ''}${typeof h.details?.extension === 'number' ? `(${h.details.extension})` : ''}` }))}
      />
      {steps.length > 0 && (
        <Form form={form} layout="vertical" onValuesChange={(changed: object) => form.setFields(Object.keys(changed).map((name) => ({ name: name as 'unitId' | 'reasons', errors: [] })))}>
          {steps.length > 1 && (
            <Form.Item label="裁定">
              <Select value={step?.action} onChange={(a) => setStep(steps.find((s) => s.action === a))} options={steps.map((s) => ({ value: s.action, label: s.label }))} style={{ width: 200 }} data-testid="desk-step" />
            </Form.Item>
          )}
          {step?.needsUnit && (
            <Form.Item label="承办单位" name="unitId" required>
              <UnitSelect />
            </Form.Item>
          )}
          <Form.Item label={step?.needsReasons ? '理由' : '说明(可不填)'} name="reasons" required={step?.needsReasons}>
            <Input.TextArea rows={2} maxLength={500} data-testid="desk-reasons" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** Organisations of the county as handling units, searched on the server by name. */
function UnitSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const [q, setQ] = useState('');
  const units = useLoad(() => must(api.GET('/api/v1/organisations', { params: { query: { q: q || undefined, pageSize: 50 } } })), [q]);
  const options = useMemo(() => (units.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })), [units.data]);
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={units.loading}
      options={options}
      placeholder="输入名称查找承办单位"
      notFoundContent={units.loading ? '加载中…' : '没有匹配的单位'}
      data-testid="desk-unit"
    />
  );
}
