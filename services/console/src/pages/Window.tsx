import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';
import { CLOCK_LABELS, clockText, clockTone, missingMaterials } from '../lib/clocks';
import type { SessionUser } from '../lib/session';

interface Props {
  user: SessionUser;
  onOpen: (id: string) => void;
}

type Material = { name: string; required: boolean };

const TONE_COLOR = { overdue: 'red', 'due-soon': 'orange', ok: 'green' } as const;

/** 窗口: register an application for an item the town holds, with its checklist; the clerk's queue. */
export function WindowPage({ user, onOpen }: Props) {
  const townCode = user.jurisdictionCode;
  return (
    <Row gutter={16}>
      <Col span={13}>
        <IntakeForm townCode={townCode} onOpen={onOpen} />
      </Col>
      <Col span={11}>
        <Queue townCode={townCode} onOpen={onOpen} />
      </Col>
    </Row>
  );
}

function IntakeForm({ townCode, onOpen }: { townCode: string; onOpen: (id: string) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [itemId, setItemId] = useState<string>();
  const [brought, setBrought] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const powers = useLoad(() => must(api.GET('/api/v1/town-powers', { params: { query: { townCode } } })), [townCode]);
  const licensing = (powers.data ?? []).filter((p) => p.kind === 'licensing');
  const [materials, setMaterials] = useState<Material[]>([]);

  useEffect(() => {
    setBrought([]);
    if (!itemId) return setMaterials([]);
    must(api.GET('/api/v1/catalog-items/{id}', { params: { path: { id: itemId } } }))
      .then((item) => setMaterials((item.materials ?? []).map((m) => ({ name: m.name, required: m.required }))))
      .catch((e: unknown) => message.error(e instanceof ApiError ? e.message : String(e)));
  }, [itemId, message]);

  const missing = useMemo(() => missingMaterials(materials.filter((m) => m.required).map((m) => m.name), brought), [materials, brought]);

  const register = async (acceptNow: boolean) => {
    let values: { kind: 'person' | 'organisation'; name: string; idNumber: string; phone: string; address?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (!itemId) return message.warning('请选择事项');
    setBusy(true);
    try {
      const result = await must(
        api.POST('/api/v1/applications', {
          body: { townCode, itemId, acceptNow, applicant: { kind: values.kind, name: values.name, idNumber: values.idNumber, phone: values.phone, address: values.address || undefined }, materials: brought.map((name) => ({ name, copies: 1, original: true })) },
        }),
      );
      message.success(`已登记 ${result.application.applicationNo}(${result.application.statusLabel})`);
      form.resetFields();
      setItemId(undefined);
      onOpen(result.application.id);
    } catch (e) {
      if (e instanceof ApiError) {
        form.setFields(e.shown.fields.filter((f) => f.field.startsWith('applicant.')).map((f) => ({ name: f.field.slice('applicant.'.length), errors: [f.message] })));
        message.error(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="收件登记" data-testid="intake">
      {powers.error && <Alert type="error" title={powers.error} showIcon />}
      <Form form={form} layout="vertical" initialValues={{ kind: 'person' }}>
        <Form.Item label="事项(本镇持有的许可服务类事项)" required>
          <Select
            id="item"
            showSearch={{ optionFilterProp: 'label' }}
            loading={powers.loading}
            placeholder={licensing.length === 0 && !powers.loading ? '本镇暂无可办理的事项' : '请选择事项'}
            value={itemId}
            onChange={setItemId}
            options={licensing.map((p) => ({ value: p.itemId, label: `${p.itemName}(${p.itemCode})` }))}
          />
        </Form.Item>
        {materials.length > 0 && (
          <Form.Item label="材料清单(勾选申请人已提交的材料)">
            <Checkbox.Group value={brought} onChange={(v) => setBrought(v)} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} data-testid="materials">
              {materials.map((m) => (
                <Checkbox key={m.name} value={m.name}>
                  {m.name} {m.required ? <Tag color="red">必要</Tag> : <Tag>可选</Tag>}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        )}
        {itemId && missing.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="尚缺必要材料" description={missing.join('、')} data-testid="missing" />}
        {itemId && materials.length > 0 && missing.length === 0 && <Alert type="success" showIcon style={{ marginBottom: 12 }} title="必要材料齐全,可当场受理" />}
        <Form.Item label="申请人类型" name="kind">
          <Radio.Group options={[{ value: 'person', label: '自然人' }, { value: 'organisation', label: '法人或其他组织' }]} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="申请人姓名或单位名称" name="name" rules={[{ required: true, message: '请填写申请人' }]}>
              <Input id="applicant-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="证件号码" name="idNumber" rules={[{ required: true, message: '请填写证件号码' }]}>
              <Input id="applicant-id" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="联系电话" name="phone" rules={[{ required: true, message: '请填写联系电话' }]}>
              <Input id="applicant-phone" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="地址" name="address">
              <Input id="applicant-address" />
            </Form.Item>
          </Col>
        </Row>
        <Space>
          <Button onClick={() => void register(false)} loading={busy}>
            登记收件
          </Button>
          <Button type="primary" onClick={() => void register(true)} loading={busy} disabled={!itemId || missing.length > 0}>
            当场受理
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

function Queue({ townCode, onOpen }: { townCode: string; onOpen: (id: string) => void }) {
  const [page, setPage] = useState(1);
  const deadlines = useLoad(() => must(api.GET('/api/v1/application-deadlines', { params: { query: { townCode, withinWorkingDays: 3, page, pageSize: 10 } } })), [townCode, page]);
  const waiting = useLoad(() => must(api.GET('/api/v1/applications', { params: { query: { status: 'received', page: 1, pageSize: 10 } } })), [townCode]);
  const columns = [
    { title: '办件编号', dataIndex: 'applicationNo', width: 210, render: (no: string, row: Schemas['DeadlineEntryView']) => <a onClick={() => onOpen(row.applicationId)}>{no}</a> },
    { title: '事项', dataIndex: 'itemName', ellipsis: true },
    { title: '时限', dataIndex: 'clock', width: 80, render: (c: Schemas['DeadlineEntryView']['clock']) => CLOCK_LABELS[c] },
    { title: '到期', dataIndex: 'dueOn', width: 100 },
    { title: '剩余', dataIndex: 'workingDaysLeft', width: 130, render: (d: number) => <Tag color={TONE_COLOR[clockTone(d)]}>{clockText(d)}</Tag> },
  ];
  const data = deadlines.data;
  return (
    <Card title="我的待办" data-testid="queue">
      {deadlines.error && <Alert type="error" title={deadlines.error} showIcon />}
      <Tabs
        items={[
          {
            key: 'overdue',
            label: `已超期 ${data?.overdueTotal ?? 0}`,
            children: <Table size="small" rowKey={(r) => `${r.applicationId}-${r.clock}`} loading={deadlines.loading} dataSource={data?.overdue ?? []} columns={columns} pagination={{ current: page, pageSize: 10, total: data?.overdueTotal ?? 0, onChange: setPage }} locale={{ emptyText: '没有超期的办件' }} />,
          },
          {
            key: 'soon',
            label: `临期 ${data?.dueSoonTotal ?? 0}`,
            children: <Table size="small" rowKey={(r) => `${r.applicationId}-${r.clock}`} loading={deadlines.loading} dataSource={data?.dueSoon ?? []} columns={columns} pagination={{ current: page, pageSize: 10, total: data?.dueSoonTotal ?? 0, onChange: setPage }} locale={{ emptyText: '三个工作日内没有到期的办件' }} />,
          },
          {
            key: 'waiting',
            label: `待受理 ${waiting.data?.total ?? 0}`,
            children: (
              <Table
                size="small"
                rowKey="id"
                loading={waiting.loading}
                dataSource={waiting.data?.items ?? []}
                pagination={false}
                locale={{ emptyText: '没有待受理的办件' }}
                columns={[
                  { title: '办件编号', dataIndex: 'applicationNo', width: 210, render: (no: string, row: Schemas['ApplicationView']) => <a onClick={() => onOpen(row.id)}>{no}</a> },
                  { title: '事项', dataIndex: 'itemName', ellipsis: true },
                  { title: '申请人', render: (_: unknown, row: Schemas['ApplicationView']) => row.applicant.name },
                  { title: '收件日', dataIndex: 'receivedOn', width: 110 },
                ]}
              />
            ),
          },
        ]}
      />
      <Typography.Text type="secondary">时限按工作日计算(法定节假日与调休以平台日历为准)。</Typography.Text>
    </Card>
  );
}
