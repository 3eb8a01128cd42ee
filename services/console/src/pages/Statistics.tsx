import { useMemo, useState } from 'react';
import { Alert, Card, DatePicker, Empty, Space, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { percent } from '../lib/clocks';
import { Chart } from '../lib/Chart';
import type { SessionUser } from '../lib/session';

type TownStats = Schemas['TownApplicationStatistics'];

/** 办件统计: per town, received / decided, on-time rate and average working days, with charts. */
export function StatisticsPage({ user }: { user: SessionUser }) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs()]);
  const stats = useLoad(
    () => must(api.GET('/api/v1/application-statistics', { params: { query: { jurisdictionCode: user.jurisdictionCode, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } } })),
    [user.jurisdictionCode, range[0].valueOf(), range[1].valueOf()],
  );
  const towns = stats.data?.towns ?? [];
  const names = useLoad(() => must(api.GET('/api/v1/jurisdictions', { params: { query: { level: 'town', pageSize: 100 } } })), []);
  const nameOf = useMemo(() => new Map((names.data?.items ?? []).map((j) => [j.code, j.name])), [names.data]);
  const label = (code: string) => nameOf.get(code) ?? code;
  const option = useMemo(
    () => ({
      animationDuration: 300,
      tooltip: { trigger: 'axis' as const },
      legend: { top: 0, data: ['收件', '受理', '办结', '按期办结率'] },
      grid: { left: 50, right: 60, bottom: 40, top: 40 },
      xAxis: { type: 'category' as const, data: towns.map((t) => label(t.townCode)) },
      yAxis: [
        { type: 'value' as const, name: '件', minInterval: 1 },
        { type: 'value' as const, name: '%', max: 100, min: 0 },
      ],
      series: [
        { name: '收件', type: 'bar' as const, barMaxWidth: 40, data: towns.map((t) => t.received) },
        { name: '受理', type: 'bar' as const, barMaxWidth: 40, data: towns.map((t) => t.accepted) },
        { name: '办结', type: 'bar' as const, barMaxWidth: 40, data: towns.map((t) => t.decided) },
        { name: '按期办结率', type: 'line' as const, yAxisIndex: 1, data: towns.map((t) => (t.onTimeRate === null ? null : Math.round(t.onTimeRate * 1000) / 10)) },
      ],
    }),
    [towns, nameOf],
  );
  return (
    <Card
      title="办件统计"
      extra={
        <Space>
          统计期间
          <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
        </Space>
      }
    >
      {stats.error && <Alert type="error" showIcon title={stats.error} />}
      {towns.length === 0 && !stats.loading ? <Empty description="统计期间内没有办件" /> : <Chart option={option} testId="stats-chart" />}
      <Table<TownStats>
        rowKey="townCode"
        size="small"
        loading={stats.loading}
        dataSource={towns}
        pagination={false}
        locale={{ emptyText: '暂无数据' }}
        columns={[
          { title: '乡镇(街道)', dataIndex: 'townCode', render: (c: string) => label(c) },
          { title: '收件', dataIndex: 'received' },
          { title: '受理', dataIndex: 'accepted' },
          { title: '不予受理', dataIndex: 'notAccepted' },
          { title: '准予许可', dataIndex: 'approved' },
          { title: '办结', dataIndex: 'decided' },
          { title: '按期办结', dataIndex: 'decidedOnTime' },
          { title: '按期办结率', dataIndex: 'onTimeRate', render: (r: number | null) => percent(r) },
          { title: '平均审查用时(工作日)', dataIndex: 'averageWorkingDays', render: (d: number | null) => (d === null ? '—' : d.toFixed(1)) },
          { title: '在办超期', dataIndex: 'overdueOpen' },
        ]}
      />
    </Card>
  );
}
