import { useState } from 'react';
import { Alert, Card, Select, Space, Table, Tag } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { clockText, clockTone } from '../lib/clocks';

type Status = Schemas['ApplicationView']['status'];

export const STATUS_OPTIONS: { value: Status; label: string }[] = [
  { value: 'received', label: '已收件' },
  { value: 'correction_requested', label: '待补正' },
  { value: 'accepted', label: '已受理' },
  { value: 'suspended', label: '中止计时' },
  { value: 'approved', label: '准予许可' },
  { value: 'rejected', label: '不予许可' },
  { value: 'not_accepted', label: '不予受理' },
  { value: 'certificate_issued', label: '已发证' },
  { value: 'withdrawn', label: '已撤回' },
];

/** 审批办件: every application in the user's jurisdiction, paged by the server. */
export function ApplicationsPage({ onOpen }: { onOpen: (id: string) => void }) {
  const [status, setStatus] = useState<Status>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useLoad(() => must(api.GET('/api/v1/applications', { params: { query: { status, page, pageSize } } })), [status, page, pageSize]);
  return (
    <Card
      title="审批办件"
      extra={
        <Space>
          状态
          <Select allowClear placeholder="全部" style={{ width: 140 }} value={status} onChange={(v) => (setStatus(v), setPage(1))} options={STATUS_OPTIONS} />
        </Space>
      }
    >
      {list.error && <Alert type="error" title={list.error} showIcon />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无办件' }}
        onRow={(row) => ({ onClick: () => onOpen(row.id), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => (setPage(p), setPageSize(s)) }}
        columns={[
          { title: '办件编号', dataIndex: 'applicationNo', width: 230 },
          { title: '乡镇', dataIndex: 'townName', width: 90 },
          { title: '事项', dataIndex: 'itemName', ellipsis: true },
          { title: '申请人', render: (_: unknown, r: Schemas['ApplicationView']) => r.applicant.name, width: 140 },
          { title: '状态', dataIndex: 'statusLabel', width: 100, render: (s: string) => <Tag>{s}</Tag> },
          { title: '收件日', dataIndex: 'receivedOn', width: 110 },
          { title: '审查时限', dataIndex: 'workingDaysLeft', width: 160, render: (d: number | null) => (d === null ? '—' : <Tag color={{ overdue: 'red', 'due-soon': 'orange', ok: 'green' }[clockTone(d)]}>{clockText(d)}</Tag>) },
        ]}
      />
    </Card>
  );
}
