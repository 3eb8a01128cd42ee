import { useMemo, useState } from 'react';
import { Alert, Card, Collapse, Select, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { delegationMatrix, scopedTown } from '../lib/matrix';
import type { SessionUser } from '../lib/session';

const MODE: Record<string, { label: string; color: string }> = {
  delegated: { label: '已赋权', color: 'green' },
  transition: { label: '过渡期', color: 'orange' },
  county: { label: '县级行使', color: 'default' },
};
const CERT_STATUS: Record<string, { label: string; color: string }> = {
  valid: { label: '有效', color: 'green' },
  not_yet_valid: { label: '未生效', color: 'blue' },
  expired: { label: '已过期', color: 'red' },
  revoked: { label: '已注销', color: 'default' },
};

interface Paged<T> {
  items: T[];
  total: number;
}

/** A server-paged table with its loading state and its error in plain Chinese. */
function PagedTable<T extends object>({ load, deps, columns, empty, rowKey = 'id', testId }: { load: (page: number, pageSize: number) => Promise<Paged<T>>; deps: readonly unknown[]; columns: TableColumnsType<T>; empty: string; rowKey?: string; testId?: string }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useLoad(() => load(page, pageSize), [...deps, page, pageSize]);
  return (
    <>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 8 }} />}
      <Table<T>
        rowKey={rowKey}
        size="small"
        data-testid={testId}
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: empty }}
        columns={columns}
        pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => `共 ${n} 条`, onChange: (p, s) => (setPage(s === pageSize ? p : 1), setPageSize(s)) }}
      />
    </>
  );
}

function useTownNames() {
  const towns = useLoad(() => must(api.GET('/api/v1/jurisdictions', { params: { query: { level: 'town', pageSize: 100 } } })), []);
  const names = useMemo(() => new Map((towns.data?.items ?? []).map((j) => [j.code, j.name.replace('(示例数据)', '')])), [towns.data]);
  return { towns: towns.data?.items ?? [], nameOf: (code: string | null | undefined) => (code ? (names.get(code) ?? code) : '—') };
}

/** 基础管理: the delegation matrix, duty lists and admissions, training and certifications, staffing and dispatched agencies, users, the calendar. */
export function AdminPage({ user }: { user: SessionUser }) {
  const county = user.jurisdictionCode.slice(0, 6);
  const { towns, nameOf } = useTownNames();
  const [picked, setPicked] = useState<string>();
  const town = scopedTown(user.jurisdictionCode, picked);
  const countyUser = user.jurisdictionCode.length < 9;
  return (
    <Card
      title="基础管理"
      extra={
        countyUser ? (
          <Space>
            乡镇(街道)
            <Select allowClear placeholder="全县" value={picked} onChange={setPicked} style={{ width: 200 }} data-testid="town-picker" options={towns.map((t) => ({ value: t.code, label: t.name.replace('(示例数据)', '') }))} />
          </Space>
        ) : (
          <Tag color="gold">{nameOf(town)}</Tag>
        )
      }
    >
      <Tabs
        items={[
          { key: 'matrix', label: '赋权矩阵', children: <Matrix town={town} allTowns={town ? [town] : towns.map((t) => t.code)} nameOf={nameOf} /> },
          { key: 'delegations', label: '赋权清单', children: <Delegations town={town} nameOf={nameOf} /> },
          { key: 'duties', label: '职责清单与准入', children: <Duties town={town} nameOf={nameOf} /> },
          { key: 'training', label: '培训与执法资格', children: <Training county={county} town={town} /> },
          { key: 'staffing', label: '编制与派驻机构', children: <Staffing county={county} town={town} nameOf={nameOf} /> },
          { key: 'users', label: '用户', children: <Users town={town} /> },
          { key: 'calendar', label: '工作日历', children: <Calendar /> },
        ]}
      />
    </Card>
  );
}

type NameOf = (code: string | null | undefined) => string;

function Matrix({ town, allTowns, nameOf }: { town: string | undefined; allTowns: string[]; nameOf: NameOf }) {
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<'licensing' | 'penalty'>();
  const list = useLoad(() => must(api.GET('/api/v1/delegations', { params: { query: { townCode: town, kind, page, pageSize: 100 } } })), [town, kind, page]);
  const matrix = useMemo(() => delegationMatrix(list.data?.items ?? []), [list.data]);
  // Every town of the scope is a column, also one that holds nothing yet.
  const towns = [...new Set([...allTowns, ...matrix.towns])].sort();
  const rows = matrix.rows;
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Select allowClear placeholder="全部类型" value={kind} onChange={(k) => (setKind(k), setPage(1))} style={{ width: 140 }} options={[{ value: 'licensing', label: '许可服务' }, { value: 'penalty', label: '行政处罚' }]} />
        <span style={{ color: '#888' }}>每页 100 条赋权,按事项归行;单元格为今日行使方式</span>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} />}
      <Table
        rowKey="itemId"
        size="small"
        bordered
        data-testid="delegation-matrix"
        loading={list.loading}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '暂无赋权' }}
        pagination={{ current: page, pageSize: rows.length || 1, total: list.data?.total ? Math.ceil(list.data.total / 100) * (rows.length || 1) : 0, onChange: setPage, showTotal: () => `共 ${list.data?.total ?? 0} 条赋权` }}
        columns={[
          { title: '事项', dataIndex: 'itemName', fixed: 'left', width: 260, ellipsis: true },
          { title: '类型', dataIndex: 'kind', width: 90, render: (k: string) => (k === 'licensing' ? '许可服务' : '行政处罚') },
          ...towns.map((t) => ({ title: nameOf(t), key: t, width: 100, align: 'center' as const, render: (_: unknown, r: { modes: Record<string, string> }) => (r.modes[t] ? <Tag color={MODE[r.modes[t]]?.color}>{MODE[r.modes[t]]?.label ?? r.modes[t]}</Tag> : <span style={{ color: '#ccc' }}>—</span>) })),
        ]}
      />
    </>
  );
}

function Delegations({ town, nameOf }: { town: string | undefined; nameOf: NameOf }) {
  return (
    <PagedTable<Schemas['DelegationView']>
      deps={[town]}
      load={(page, pageSize) => must(api.GET('/api/v1/delegations', { params: { query: { townCode: town, page, pageSize } } }))}
      empty="暂无赋权"
      columns={[
        { title: '乡镇(街道)', dataIndex: 'townCode', render: (c: string) => nameOf(c) },
        { title: '事项', dataIndex: 'itemName' },
        { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'licensing' ? '许可服务' : '行政处罚') },
        { title: '今日方式', dataIndex: 'modeToday', render: (m: string) => <Tag color={MODE[m]?.color}>{MODE[m]?.label ?? m}</Tag> },
        { title: '赋权文号', dataIndex: 'decisionNo' },
        { title: '生效日', dataIndex: 'effectiveFrom', width: 110 },
      ]}
    />
  );
}

function Duties({ town, nameOf }: { town: string | undefined; nameOf: NameOf }) {
  return (
    <Collapse
      defaultActiveKey={['duties', 'admissions']}
      items={[
        {
          key: 'duties',
          label: '职责清单',
          children: (
            <PagedTable<Schemas['DutyView']>
              deps={[town]}
              load={(page, pageSize) => must(api.GET('/api/v1/duties', { params: { query: { townCode: town, page, pageSize } } }))}
              empty="暂无职责事项"
              columns={[
                { title: '乡镇(街道)', dataIndex: 'townCode', width: 120, render: (c: string) => nameOf(c) },
                { title: '职责事项', dataIndex: 'name', ellipsis: true },
                { title: '类别', dataIndex: 'kindLabel', width: 120 },
                { title: '共担', dataIndex: 'shared', width: 70, render: (v: boolean) => (v ? '是' : '否') },
                { title: '事件类别', dataIndex: 'eventCategories', ellipsis: true, render: (c: string[]) => c.join('、') || '—' },
                { title: '列入日期', dataIndex: 'listedAt', width: 110 },
              ]}
            />
          ),
        },
        {
          key: 'admissions',
          label: '准入申请',
          children: (
            <PagedTable<Schemas['AdmissionSummaryView']>
              deps={[town]}
              load={(page, pageSize) => must(api.GET('/api/v1/duty-admissions', { params: { query: { townCode: town, page, pageSize } } }))}
              empty="暂无准入申请"
              columns={[
                { title: '文号', dataIndex: 'documentNo', width: 160 },
                { title: '标题', dataIndex: 'title', ellipsis: true },
                { title: '涉及乡镇', dataIndex: 'townCodes', render: (c: string[]) => c.map(nameOf).join('、') },
                { title: '事项数', dataIndex: 'dutyCount', width: 70 },
                { title: '状态', dataIndex: 'statusLabel', width: 120, render: (s: string) => <Tag>{s}</Tag> },
                { title: '提交时间', dataIndex: 'submittedAt', width: 160, render: (d: string) => new Date(d).toLocaleString('zh-CN', { hour12: false }) },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

function Training({ county, town }: { county: string; town: string | undefined }) {
  return (
    <Collapse
      defaultActiveKey={['sessions', 'certs']}
      items={[
        {
          key: 'sessions',
          label: '培训记录',
          children: (
            <PagedTable<Schemas['TrainingSessionView']>
              deps={[county]}
              load={(page, pageSize) => must(api.GET('/api/v1/training-sessions', { params: { query: { countyCode: county, page, pageSize } } }))}
              empty="暂无培训"
              columns={[
                { title: '日期', dataIndex: 'heldOn', width: 110 },
                { title: '主题', dataIndex: 'topic', ellipsis: true },
                { title: '主办单位', dataIndex: 'organiserName', ellipsis: true },
                { title: '学时', dataIndex: 'hours', width: 70 },
                { title: '参训/合格', key: 'att', width: 100, render: (_: unknown, t) => `${t.attended} / ${t.passed}` },
              ]}
            />
          ),
        },
        {
          key: 'certs',
          label: '执法资格证',
          children: (
            <PagedTable<Schemas['CertificationView']>
              deps={[town, county]}
              load={(page, pageSize) => must(api.GET('/api/v1/certifications', { params: { query: { jurisdictionCode: town ?? county, page, pageSize } } }))}
              empty="暂无执法资格证"
              columns={[
                { title: '姓名', dataIndex: 'displayName', width: 110 },
                { title: '证号', dataIndex: 'certificateNo', width: 170 },
                { title: '执法类别', dataIndex: 'categories', ellipsis: true, render: (c: string[]) => c.join('、') },
                { title: '发证日', dataIndex: 'issuedOn', width: 110 },
                { title: '有效期至', dataIndex: 'expiresOn', width: 110 },
                { title: '今日状态', dataIndex: 'statusToday', width: 90, render: (s: string) => <Tag color={CERT_STATUS[s]?.color}>{CERT_STATUS[s]?.label ?? s}</Tag> },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

function Staffing({ county, town, nameOf }: { county: string; town: string | undefined; nameOf: NameOf }) {
  return (
    <Collapse
      defaultActiveKey={['quotas', 'agencies', 'staff']}
      items={[
        {
          key: 'quotas',
          label: '乡镇编制',
          children: (
            <PagedTable<Schemas['TownQuotaView']>
              rowKey="townCode"
              deps={[county]}
              load={(page, pageSize) => must(api.GET('/api/v1/town-quotas', { params: { query: { countyCode: county, page, pageSize } } }))}
              empty="暂无编制数据"
              columns={[
                { title: '乡镇(街道)', dataIndex: 'townName', render: (n: string) => n.replace('(示例数据)', '') },
                { title: '行政编制', dataIndex: 'administrative' },
                { title: '事业编制', dataIndex: 'institutional' },
                { title: '更新时间', dataIndex: 'updatedAt', render: (d: string) => new Date(d).toLocaleDateString('zh-CN') },
              ]}
            />
          ),
        },
        {
          key: 'agencies',
          label: '派驻机构',
          children: (
            <PagedTable<Schemas['DispatchedAgencyView']>
              deps={[town]}
              load={(page, pageSize) => must(api.GET('/api/v1/dispatched-agencies', { params: { query: { townCode: town, page, pageSize } } }))}
              empty="暂无派驻机构"
              columns={[
                { title: '机构', dataIndex: 'name' },
                { title: '乡镇(街道)', dataIndex: 'townCode', render: (c: string) => nameOf(c) },
                { title: '县级主管部门', dataIndex: 'parentDepartmentName' },
                { title: '管理方式', dataIndex: 'managementModeLabel' },
                { title: '乡镇考核权重', dataIndex: 'townAssessmentWeight', render: (w: number) => `${w}%` },
              ]}
            />
          ),
        },
        {
          key: 'staff',
          label: '下沉人员',
          children: (
            <PagedTable<Schemas['SentDownStaffView']>
              deps={[town]}
              load={(page, pageSize) => must(api.GET('/api/v1/sent-down-staff', { params: { query: { townCode: town, page, pageSize } } }))}
              empty="暂无下沉人员"
              columns={[
                { title: '姓名', dataIndex: 'personName' },
                { title: '派出部门', dataIndex: 'fromDepartmentName' },
                { title: '乡镇(街道)', dataIndex: 'townCode', render: (c: string) => nameOf(c) },
                { title: '岗位', dataIndex: 'post' },
                { title: '起止', key: 'when', render: (_: unknown, s) => `${s.since} 至 ${s.until ?? '今'}` },
                { title: '今日在岗', dataIndex: 'activeToday', render: (a: boolean) => (a ? <Tag color="green">在岗</Tag> : <Tag>已结束</Tag>) },
              ]}
            />
          ),
        },
      ]}
    />
  );
}

function Users({ town }: { town: string | undefined }) {
  return (
    <PagedTable<Schemas['UserView']>
      deps={[town]}
      load={(page, pageSize) => must(api.GET('/api/v1/users', { params: { query: { jurisdictionCode: town, page, pageSize } } }))}
      empty="暂无用户"
      columns={[
        { title: '用户名', dataIndex: 'username' },
        { title: '姓名', dataIndex: 'displayName' },
        { title: '区划', dataIndex: 'jurisdictionCode' },
        { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'active' ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>) },
      ]}
    />
  );
}

/** 工作日历: each year's days off and make-up working days, as the platform counts working days. */
function Calendar() {
  const years = useLoad(() => must(api.GET('/api/v1/calendar-years')), []);
  const list = ((years.data ?? []) as Schemas['CalendarYearView'][]).slice().sort((a, b) => b.year - a.year);
  const dates = (days: string[]) => (days.length ? days.map((d) => d.slice(5)).join(' ') : '—');
  return (
    <>
      {years.error && <Alert type="error" showIcon title={years.error} />}
      <Table<Schemas['CalendarYearView']>
        rowKey="year"
        size="small"
        loading={years.loading}
        dataSource={list}
        pagination={false}
        data-testid="calendar-years"
        locale={{ emptyText: '暂无日历数据' }}
        columns={[
          { title: '年份', dataIndex: 'year', width: 80 },
          { title: '状态', key: 'st', width: 150, render: (_: unknown, y) => <Space>{y.provisional ? <Tag color="orange">暂定</Tag> : <Tag color="green">已公布</Tag>}{y.origin === 'configured' ? <Tag>运维修订</Tag> : null}</Space> },
          { title: `放假日期`, dataIndex: 'daysOff', render: (d: string[]) => <span style={{ fontFamily: 'monospace', fontSize: 12 }}>{`${d.length} 天:${dates(d)}`}</span> },
          { title: '调休上班', dataIndex: 'makeupWorkdays', width: 200, render: (d: string[]) => <span style={{ fontFamily: 'monospace', fontSize: 12 }}>{dates(d)}</span> },
          { title: '依据', dataIndex: 'source', width: 220, ellipsis: true },
        ]}
      />
    </>
  );
}
