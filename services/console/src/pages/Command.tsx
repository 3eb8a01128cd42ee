import { useEffect, useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import { api, authorisedFetch, must, type Schemas } from '../api/client';
import { Chart } from '../lib/Chart';
import { useLoad } from '../lib/hooks';
import { followFeed, mergeChanges, toChange, type FeedState, type WorkOrderChange } from '../lib/feed';

const STATUS_LABELS: Record<string, string> = {
  pending_dispatch: '待派遣',
  dispatched: '已派遣',
  returned: '已退单',
  signed: '已签收',
  handling: '处置中',
  parked: '挂账',
  feedback: '已反馈',
  rework: '返工',
  linked: '协调联动',
  closed: '已结案',
  evaluated: '已回访',
  cancelled: '已作废',
};
const CHANNEL_LABELS: Record<string, string> = {
  hotline_12345: '12345热线',
  city_management: '数字城管',
  public_security: '公安',
  work_safety: '安监',
  environment: '环保',
  water: '水利',
  grid_event: '网格事件',
  enforcement: '综合执法',
  approval: '审批服务',
  rule_alert: '研判预警',
  manual: '调度员登记',
};
const CHANGE_LABELS: Record<string, string> = {
  'workorder.created': '受理',
  'workorder.dispatched': '派遣',
  'workorder.status-changed': '流转',
  'workorder.closed': '结案',
  'workorder.supervised': '督办',
  'workorder.due-soon': '即将到期',
};
const STATE_TEXT: Record<FeedState, string> = { connecting: '连接中', open: '实时', reconnecting: '重连中', closed: '已断开' };

const TEXT = '#cfe3ff';
const PANEL: React.CSSProperties = { background: 'rgba(16,42,84,0.85)', border: '1px solid #1f5fa8', borderRadius: 6, padding: 16, color: TEXT, minHeight: 0, overflow: 'hidden' };
const TITLE: React.CSSProperties = { fontSize: 20, fontWeight: 600, color: '#6fc3ff', marginBottom: 10 };

const bar = (entries: Schemas['CountEntry'][], labels: Record<string, string>): EChartsOption => ({
  grid: { left: 110, right: 30, top: 10, bottom: 20 },
  xAxis: { type: 'value', axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: '#1f3f6a' } } },
  yAxis: { type: 'category', data: entries.map((e) => labels[e.key] ?? e.key), axisLabel: { color: TEXT, fontSize: 14 }, inverse: true },
  series: [{ type: 'bar', barMaxWidth: 28, data: entries.map((e) => e.count), itemStyle: { color: '#2f9bff' }, label: { show: true, position: 'right', color: TEXT } }],
});
const pie = (entries: Schemas['CountEntry'][], labels: Record<string, string>): EChartsOption => ({
  tooltip: { trigger: 'item' },
  legend: { bottom: 0, textStyle: { color: TEXT } },
  series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '42%'], data: entries.map((e) => ({ name: labels[e.key] ?? e.key, value: e.count })), label: { color: TEXT, formatter: '{b}: {c}' } }],
});

function Figure({ label, value, tone, testId }: { label: string; value: number | undefined; tone?: string; testId?: string }) {
  return (
    <div style={{ ...PANEL, textAlign: 'center' }} data-testid={testId}>
      <div style={{ fontSize: 18 }}>{label}</div>
      <div style={{ fontSize: 48, fontWeight: 700, color: tone ?? '#ffffff' }}>{value ?? '—'}</div>
    </div>
  );
}

function OrderTable({ orders, testId, empty }: { orders: Schemas['WorkOrderView'][] | undefined; testId: string; empty: string }) {
  return (
    <table data-testid={testId} style={{ width: '100%', fontSize: 15, borderCollapse: 'collapse' }}>
      <tbody>
        {(orders ?? []).map((o) => (
          <tr key={o.id} style={{ borderBottom: '1px solid #1f3f6a' }}>
            <td style={{ padding: '4px 6px', fontFamily: 'monospace' }}>{o.orderNo}</td>
            <td style={{ padding: '4px 6px' }}>{o.categoryName}</td>
            <td style={{ padding: '4px 6px' }}>{CHANNEL_LABELS[o.channel] ?? o.channel}</td>
            <td style={{ padding: '4px 6px' }}>{STATUS_LABELS[o.status] ?? o.status}</td>
          </tr>
        ))}
        {orders?.length === 0 && (
          <tr>
            <td style={{ padding: 6, opacity: 0.7 }}>{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** 指挥大屏: the command-centre screen (1920×1080): live work-order feed, counts by status and channel, overdue orders. */
export function CommandPage({ onExit }: { onExit: () => void }) {
  const [changes, setChanges] = useState<WorkOrderChange[]>([]);
  const [state, setState] = useState<FeedState>('connecting');
  const [tick, setTick] = useState(0);
  const dashboard = useLoad(() => must(api.GET('/api/v1/dispatch-dashboard', {})), [tick]);
  const overdue = useLoad(() => must(api.GET('/api/v1/work-orders', { params: { query: { overdue: 'true', pageSize: 10 } } })), [tick]);
  const queue = useLoad(() => must(api.GET('/api/v1/work-orders', { params: { query: { status: 'pending_dispatch', pageSize: 10 } } })), [tick]);

  useEffect(() => {
    let refresh: ReturnType<typeof setTimeout> | undefined;
    const feed = followFeed({
      url: `${window.location.origin}/api/v1/work-orders/stream`,
      fetch: authorisedFetch,
      onState: setState,
      onEvent: (event) => {
        const change = toChange(event);
        if (!change) return;
        setChanges((list) => mergeChanges(list, [change]));
        // The figures follow the feed, at most once a second.
        refresh ??= setTimeout(() => {
          refresh = undefined;
          setTick((t) => t + 1);
        }, 1000);
      },
    });
    const every = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => {
      feed.stop();
      clearInterval(every);
      if (refresh) clearTimeout(refresh);
    };
  }, []);

  const d = dashboard.data;
  const count = (key: string) => d?.byStatus.find((e) => e.key === key)?.count ?? 0;
  const open = d ? d.byStatus.filter((e) => !['closed', 'evaluated', 'cancelled'].includes(e.key)).reduce((n, e) => n + e.count, 0) : undefined;
  const statusOption = useMemo(() => bar(d?.byStatus ?? [], STATUS_LABELS), [d]);
  const channelOption = useMemo(() => pie(d?.todayByChannel ?? [], CHANNEL_LABELS), [d]);
  const categoryOption = useMemo(() => bar((d?.openByCategory ?? []).slice(0, 8), {}), [d]);

  return (
    <div data-testid="command-centre" style={{ width: 1920, height: 1080, boxSizing: 'border-box', padding: 20, background: 'radial-gradient(ellipse at top, #0b2a5b 0%, #04142e 70%)', color: TEXT, display: 'grid', gridTemplateRows: '70px 150px 1fr 1fr', gridTemplateColumns: '1fr 1fr 1fr', gap: 16, fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif' }}>
      <div style={{ gridColumn: '1 / 4', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <div style={{ fontSize: 34, fontWeight: 700, color: '#ffffff', letterSpacing: 4 }}>指挥调度一中心 · 指挥大屏</div>
        <div style={{ fontSize: 18 }}>
          <span data-testid="feed-state" style={{ color: state === 'open' ? '#52e08a' : '#ffb347', marginRight: 24 }}>
            ● {STATE_TEXT[state]}
          </span>
          统计时间 {d ? new Date(d.asOf).toLocaleString('zh-CN', { hour12: false }) : '—'}
          <a onClick={onExit} style={{ marginLeft: 24, color: '#6fc3ff', cursor: 'pointer' }}>
            退出大屏
          </a>
        </div>
      </div>
      <div style={{ gridColumn: '1 / 4', display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 16 }}>
        <Figure label="在办工单" value={open} />
        <Figure label="待派遣(调度员队列)" value={d?.pendingDispatch} tone="#ffd166" />
        <Figure label="超期在办" value={d?.overdue} tone="#ff6b6b" />
        <Figure label="今日督办" value={d?.supervisedToday ?? 0} tone="#ff9f43" />
        <Figure label="今日受理" testId="figure-today" value={d ? d.todayByChannel.reduce((n, e) => n + e.count, 0) : undefined} tone="#52e08a" />
      </div>
      <div style={{ ...PANEL, gridRow: '3 / 5' }}>
        <div style={TITLE}>工单实时动态</div>
        <div data-testid="feed" style={{ display: 'flex', flexDirection: 'column', gap: 6, fontSize: 16 }}>
          {changes.length === 0 && <div style={{ opacity: 0.7 }}>等待新的工单变化……</div>}
          {changes.slice(0, 22).map((c) => (
            <div key={c.changeId} data-testid="feed-item" style={{ display: 'grid', gridTemplateColumns: '70px 80px 1fr 110px', gap: 8, padding: '4px 8px', background: c.type === 'workorder.created' ? 'rgba(47,155,255,0.18)' : 'transparent', borderLeft: `3px solid ${c.urgency === 'urgent' ? '#ff6b6b' : '#2f9bff'}` }}>
              <span style={{ opacity: 0.8 }}>{c.at ? new Date(c.at).toLocaleTimeString('zh-CN', { hour12: false }) : ''}</span>
              <span style={{ color: '#6fc3ff' }}>{CHANGE_LABELS[c.type] ?? c.type}</span>
              <span style={{ fontFamily: 'monospace' }}>{c.orderNo}</span>
              <span>{CHANNEL_LABELS[c.channel] ?? c.channel}</span>
            </div>
          ))}
        </div>
      </div>
      <div style={PANEL}>
        <div style={TITLE}>工单状态分布</div>
        <Chart option={statusOption} height={330} testId="chart-status" />
      </div>
      <div style={PANEL}>
        <div style={TITLE}>今日受理渠道</div>
        <Chart option={channelOption} height={330} testId="chart-channel" />
      </div>
      <div style={PANEL}>
        <div style={TITLE}>超期在办 {d ? `(${d.overdue})` : ''}</div>
        <OrderTable orders={overdue.data?.items} testId="overdue" empty="暂无超期工单" />
      </div>
      <div style={PANEL}>
        <div style={TITLE}>调度员队列 · 在办分类 {count('pending_dispatch') ? `(${count('pending_dispatch')})` : ''}</div>
        {queue.data && queue.data.items.length > 0 ? <OrderTable orders={queue.data.items} testId="queue" empty="" /> : <Chart option={categoryOption} height={330} testId="chart-category" />}
      </div>
    </div>
  );
}
