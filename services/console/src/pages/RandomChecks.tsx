import { useState } from 'react';
import { Alert, App as AntApp, Button, Checkbox, Form, Input, Modal, Radio, Table, Tag } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { ApiError } from '../lib/problem';

type Draw = Schemas['DrawView'];
type Assignment = Schemas['AssignmentView'];

/** 双随机: the draws (plan, date, pool, picked, results recorded), each with its assignments and their results. */
export function RandomChecks({ roles }: { roles: readonly string[] }) {
  const [page, setPage] = useState(1);
  const [draw, setDraw] = useState<Draw>();
  const draws = useLoad(() => must(api.GET('/api/v1/enforcement/random-checks/draws', { params: { query: { page, pageSize: 10 } } })), [page]);
  return (
    <>
      {draws.error && <Alert type="error" showIcon title={draws.error} />}
      <Table<Draw>
        rowKey="id"
        size="small"
        loading={draws.loading}
        dataSource={draws.data?.items ?? []}
        locale={{ emptyText: '暂无抽查' }}
        pagination={{ current: page, pageSize: 10, total: draws.data?.total ?? 0, onChange: setPage }}
        onRow={(d) => ({ onClick: () => setDraw(d), style: { cursor: 'pointer' } })}
        rowClassName={(d) => (d.id === draw?.id ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '抽查编号', dataIndex: 'drawNo', width: 170 },
          { title: '抽查计划', dataIndex: 'title', ellipsis: true },
          { title: '检查日期', dataIndex: 'drawDate', width: 110 },
          { title: '名录库', dataIndex: 'entityPoolSize', width: 80 },
          { title: '抽中', dataIndex: 'picked', width: 70 },
          { title: '已录结果', key: 'rec', width: 110, render: (_: unknown, d) => <Tag color={d.resultsRecorded === d.picked ? 'green' : 'orange'}>{`${d.resultsRecorded} / ${d.picked}`}</Tag> },
        ]}
      />
      {draw && <Assignments draw={draw} mayRecord={roles.includes('enforcement_officer')} onRecorded={draws.reload} />}
    </>
  );
}

function Assignments({ draw, mayRecord, onRecorded }: { draw: Draw; mayRecord: boolean; onRecorded: () => void }) {
  const [page, setPage] = useState(1);
  const [pending, setPending] = useState(false);
  const [recording, setRecording] = useState<Assignment>();
  const list = useLoad(() => must(api.GET('/api/v1/enforcement/random-checks/draws/{drawId}/assignments', { params: { path: { drawId: draw.id }, query: { page, pageSize: 10, pending: pending ? 'true' : undefined } } })), [draw.id, page, pending]);
  return (
    <div style={{ marginTop: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <strong>
          {draw.title}:检查对象与结果(种子 <code>{draw.seed.slice(0, 12)}…</code>,名录快照 <code>{draw.snapshotHash.slice(0, 12)}…</code>)
        </strong>
        <Checkbox checked={pending} onChange={(e) => (setPending(e.target.checked), setPage(1))}>
          仅未录入结果
        </Checkbox>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Assignment>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: pending ? '结果已全部录入' : '暂无检查对象' }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '检查对象', dataIndex: 'entityName' },
          { title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
          { title: '检查人员', dataIndex: 'inspectors', render: (list: Assignment['inspectors']) => list.map((i) => i.name).join('、') },
          { title: '结果', dataIndex: 'result', width: 110, render: (r: Assignment['result']) => (r === null ? <Tag>未录入</Tag> : r === 'no_problem' ? <Tag color="green">未发现问题</Tag> : <Tag color="red">发现问题</Tag>) },
          { title: '说明', dataIndex: 'resultNote', ellipsis: true, render: (n: string | null) => n ?? '—' },
          ...(mayRecord ? [{ title: '', key: 'op', width: 90, render: (_: unknown, a: Assignment) => (a.result === null ? <Button size="small" onClick={() => setRecording(a)}>录入结果</Button> : null) }] : []),
        ]}
      />
      {recording && (
        <RecordResult
          assignment={recording}
          onClose={(changed) => {
            setRecording(undefined);
            if (changed) {
              list.reload();
              onRecorded();
            }
          }}
        />
      )}
    </div>
  );
}

function RecordResult({ assignment, onClose }: { assignment: Assignment; onClose: (changed: boolean) => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ result: 'no_problem' | 'problem_found'; note: string; raiseClue?: boolean }>();
  const result = Form.useWatch('result', form);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => undefined);
    if (!v) return;
    setBusy(true);
    try {
      await must(api.POST('/api/v1/enforcement/random-checks/assignments/{id}/result', { params: { path: { id: assignment.id } }, body: { result: v.result, note: v.note.trim(), raiseClue: v.result === 'problem_found' ? Boolean(v.raiseClue) : undefined } }));
      message.success('检查结果已录入并公示');
      onClose(true);
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`录入检查结果:${assignment.entityName}`} onCancel={() => onClose(false)} onOk={() => void submit()} okText="录入" cancelText="取消" okButtonProps={{ loading: busy }}>
      <Form form={form} layout="vertical" initialValues={{ result: 'no_problem' }}>
        <Form.Item label="检查结果" name="result">
          <Radio.Group options={[{ value: 'no_problem', label: '未发现问题' }, { value: 'problem_found', label: '发现问题' }]} />
        </Form.Item>
        <Form.Item label="结果说明(将公示)" name="note" rules={[{ required: true, whitespace: true, message: '请填写结果说明' }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        {result === 'problem_found' && (
          <Form.Item name="raiseClue" valuePropName="checked">
            <Checkbox>转为案件线索</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
