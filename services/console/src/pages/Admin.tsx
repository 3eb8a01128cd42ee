import { useMemo, useState } from 'react';
import { Alert, Card, Table, Tabs, Tag } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import type { SessionUser } from '../lib/session';

const MODE: Record<string, { label: string; color: string }> = {
  delegated: { label: '已赋权', color: 'green' },
  transition: { label: '过渡期', color: 'orange' },
  county: { label: '县级行使', color: 'default' },
};

/** 基础管理: the power-delegation list (towns × items with their mode today), users, the working-day calendar. */
export function AdminPage({ user }: { user: SessionUser }) {
  return (
    <Card title="基础管理">
      <Tabs
        items={[
          { key: 'delegations', label: '赋权清单', children: <Delegations /> },
          { key: 'users', label: '用户', children: <Users /> },
          { key: 'calendar', label: '工作日历', children: <Calendar county={user.jurisdictionCode.slice(0, 6)} /> },
        ]}
      />
    </Card>
  );
}

function Delegations() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => must(api.GET('/api/v1/delegations', { params: { query: { page, pageSize: 20 } } })), [page]);
  const towns = useLoad(() => must(api.GET('/api/v1/jurisdictions', { params: { query: { level: 'town', pageSize: 100 } } })), []);
  const nameOf = useMemo(() => new Map((towns.data?.items ?? []).map((j) => [j.code, j.name])), [towns.data]);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Schemas['DelegationView']>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无赋权' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '乡镇(街道)', dataIndex: 'townCode', render: (c: string) => nameOf.get(c) ?? c },
          { title: '事项', dataIndex: 'itemName' },
          { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'licensing' ? '许可服务' : '行政处罚') },
          { title: '今日方式', dataIndex: 'modeToday', render: (m: string) => <Tag color={MODE[m]?.color}>{MODE[m]?.label ?? m}</Tag> },
          { title: '赋权文号', dataIndex: 'decisionNo' },
          { title: '生效日', dataIndex: 'effectiveFrom', width: 110 },
        ]}
      />
    </>
  );
}

function Users() {
  const [page, setPage] = useState(1);
  const list = useLoad(() => must(api.GET('/api/v1/users', { params: { query: { page, pageSize: 20 } } })), [page]);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table<Schemas['UserView']>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: '暂无用户' }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '区划', dataIndex: 'jurisdictionCode' },
          { title: '状态', dataIndex: 'status' },
        ]}
      />
    </>
  );
}

function Calendar({ county }: { county: string }) {
  const year = new Date().getFullYear();
  const days = useLoad(() => must(api.GET('/api/v1/calendar-years')), [year]);
  return (
    <>
      {days.error && <Alert type="error" showIcon title={days.error} />}
      <pre style={{ maxHeight: 400, overflow: 'auto', background: '#fff', padding: 12 }} data-county={county}>
        {days.loading ? '加载中…' : JSON.stringify(days.data ?? [], null, 2)}
      </pre>
    </>
  );
}
