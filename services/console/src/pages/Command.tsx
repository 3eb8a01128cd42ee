import { useEffect, useMemo, useState } from 'react';
import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts';
import { api, authorisedFetch, must, type Schemas } from '../api/client';
import { Chart } from '../lib/Chart';
import { useLoad } from '../lib/hooks';
import { CHANNEL_LABELS, WORK_ORDER_STATUS_LABELS as STATUS_LABELS, labelOf } from '../lib/labels';
import { gridFeatureCollection } from '../lib/geo';
import { monthSoFar, rateText, todaysOrderPoints, withCategoryNames, type OrderPoint } from '../lib/screen';
import type { SessionUser } from '../lib/session';
import { followFeed, mergeChanges, toChange, type FeedState, type WorkOrderChange } from '../lib/feed';

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
            <td style={{ padding: '4px 6px', fontFamily: 'monospace', fontSize: 13 }}>{o.orderNo}</td>
            <td style={{ padding: '4px 6px', maxWidth: 130, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{o.categoryName}</td>
            <td style={{ padding: '4px 6px', whiteSpace: 'nowrap' }}>{o.unitName ? String(o.unitName).slice(0, 8) : STATUS_LABELS[o.status] ?? o.status}</td>
            <td style={{ padding: '4px 6px', whiteSpace: 'nowrap', color: o.supervisionCount > 0 ? '#ff9f43' : TEXT }}>{o.supervisionCount > 0 ? `督办 ${o.supervisionCount} 次` : '未督办'}</td>
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

/** 督办单: the newest automatic 督办 notices of the jurisdiction, whom they went to and whether they were acknowledged. */
function SupervisionTable({ rows }: { rows: Schemas['SupervisionView'][] | undefined }) {
  const cell: React.CSSProperties = { padding: '4px 6px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' };
  return (
    <table data-testid="supervisions" style={{ width: '100%', fontSize: 15, borderCollapse: 'collapse', tableLayout: 'fixed' }}>
      <tbody>
        {(rows ?? []).map((r) => (
          <tr key={r.id} style={{ borderBottom: '1px solid #1f3f6a' }}>
            <td style={{ ...cell, width: 64, opacity: 0.8 }}>{new Date(r.issuedAt).toLocaleTimeString('zh-CN', { hour12: false, hour: '2-digit', minute: '2-digit' })}</td>
            <td style={{ ...cell, fontFamily: 'monospace', fontSize: 13 }} title={r.orderNo}>{r.orderNo.replace(/^GD\d{6}-/, '')}</td>
            <td style={{ ...cell, width: 96, color: '#ff9f43' }}>第{r.round}次·{r.levelLabel}</td>
            <td style={cell}>{r.unitName ? String(r.unitName) : '未派单位'}</td>
            <td style={{ ...cell, width: 56, color: r.acknowledgedAt ? '#52e08a' : '#ffb347' }}>{r.acknowledgedAt ? '已签收' : '待签收'}</td>
          </tr>
        ))}
        {rows?.length === 0 && (
          <tr>
            <td style={{ padding: 6, opacity: 0.7 }}>暂无督办</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** 考核排名: the towns this month, ranked by on-time closure. */
function Ranking({ rows }: { rows: Schemas['IndicatorRow'][] | undefined }) {
  const cell: React.CSSProperties = { padding: '4px 6px', whiteSpace: 'nowrap' };
  return (
    <table data-testid="ranking" style={{ width: '100%', fontSize: 15, borderCollapse: 'collapse' }}>
      <thead>
        <tr style={{ color: '#6fc3ff', textAlign: 'left' }}>
          <th style={cell}>名次</th>
          <th style={cell}>乡镇(街道)</th>
          <th style={cell}>按期结案率</th>
          <th style={cell}>满意率</th>
          <th style={cell}>应结案</th>
        </tr>
      </thead>
      <tbody>
        {(rows ?? []).map((r) => (
          <tr key={r.key} style={{ borderBottom: '1px solid #1f3f6a' }}>
            <td style={{ ...cell, color: r.rank <= 3 ? '#ffd166' : TEXT, fontWeight: 700 }}>{r.rank}</td>
            <td style={cell}>{r.name.replace('(示例数据)', '')}</td>
            <td style={cell}>{rateText(r.values.onTimeClosureRate)}</td>
            <td style={cell}>{rateText(r.values.satisfactionRate)}</td>
            <td style={cell}>{r.counts.dueToClose}</td>
          </tr>
        ))}
        {rows?.length === 0 && (
          <tr>
            <td colSpan={5} style={{ padding: 6, opacity: 0.7 }}>本月暂无考核数据</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** 今日工单地图: the county's grids drawn from the platform's GeoJSON (no tiles), today's orders on them. */
function orderMap(grids: Schemas['GridView'][], points: OrderPoint[], mapName: string): EChartsOption {
  const series = [
    { type: 'effectScatter' as const, name: '今日工单', symbolSize: 12, rippleEffect: { scale: 3 }, data: points.map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.overdue ? '#ff6b6b' : p.urgent ? '#ffb347' : '#52e08a' } })) },
  ];
  const shapes = gridFeatureCollection(grids);
  if (shapes.features.length > 0) {
    echarts.registerMap(mapName, shapes as never);
    return {
      tooltip: { trigger: 'item' },
      geo: { map: mapName, roam: true, label: { show: false }, itemStyle: { areaColor: '#123a6e', borderColor: '#3d8bd9' }, emphasis: { itemStyle: { areaColor: '#1c5194' }, label: { show: true, color: '#fff' } } },
      series: series.map((s) => ({ ...s, coordinateSystem: 'geo' })),
    };
  }
  // No grid boundaries in this county: the points on plain longitude/latitude, with a margin around them.
  const pad = (v: { min: number; max: number }, side: 1 | -1) => {
    const margin = Math.max((v.max - v.min) * 0.15, 0.01);
    return side < 0 ? v.min - margin : v.max + margin;
  };
  return {
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', scale: true, min: (v) => pad(v, -1), max: (v) => pad(v, 1), axisLabel: { show: false }, axisLine: { show: false }, splitLine: { lineStyle: { color: '#1f3f6a', type: 'dashed' } } },
    yAxis: { type: 'value', scale: true, min: (v) => pad(v, -1), max: (v) => pad(v, 1), axisLabel: { show: false }, axisLine: { show: false }, splitLine: { lineStyle: { color: '#1f3f6a', type: 'dashed' } } },
    grid: { left: 10, right: 10, top: 10, bottom: 30 },
    graphic: [{ type: 'text', left: 'center', bottom: 4, style: { text: '本县暂无网格边界,按经纬度标注', fill: '#6f8fb8', fontSize: 14 } }],
    series,
  };
}

/** 指挥大屏: the command-centre screen (1920×1080): live feed, figures, the map of today's orders, overdue and 督办, categories, rankings. */
export function CommandPage({ user, onExit }: { user: SessionUser; onExit: () => void }) {
  const county = user.jurisdictionCode.slice(0, 6);
  const [changes, setChanges] = useState<WorkOrderChange[]>([]);
  const [state, setState] = useState<FeedState>('connecting');
  const [tick, setTick] = useState(0);
  const dashboard = useLoad(() => must(api.GET('/api/v1/dispatch-dashboard', {})), [tick]);
  const overdue = useLoad(() => must(api.GET('/api/v1/work-orders', { params: { query: { overdue: 'true', pageSize: 5 } } })), [tick]);
  const supervisions = useLoad(() => must(api.GET('/api/v1/supervisions', { params: { query: { pageSize: 4 } } })), [tick]);
  const newest = useLoad(() => must(api.GET('/api/v1/work-orders', { params: { query: { pageSize: 100 } } })), [tick]);
  const categories = useLoad(() => must(api.GET('/api/v1/counties/{countyCode}/dispatch/categories', { params: { path: { countyCode: county } } })), [county]);
  const grids = useLoad(() => must(api.GET('/api/v1/grids', { params: { query: { pageSize: 100 } } })), []);
  const period = monthSoFar(new Date());
  const ranking = useLoad(() => must(api.GET('/api/v1/assessment/indicators', { params: { query: { ...period, groupBy: 'town', rankBy: 'onTimeClosureRate', pageSize: 8 } } })), [tick - (tick % 5)]);

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
  const open = d ? d.byStatus.filter((e) => !['closed', 'evaluated', 'cancelled'].includes(e.key)).reduce((n, e) => n + e.count, 0) : undefined;
  const statusOption = useMemo(() => bar(d?.byStatus ?? [], STATUS_LABELS), [d]);
  const channelOption = useMemo(() => pie(d?.todayByChannel ?? [], CHANNEL_LABELS), [d]);
  const named = useMemo(() => withCategoryNames((d?.openByCategory ?? []).slice(0, 8), categories.data ?? []), [d, categories.data]);
  const categoryOption = useMemo(() => bar(named.map((e) => ({ key: e.name, count: e.count })), {}), [named]);
  const points = useMemo(() => todaysOrderPoints((newest.data?.items ?? []) as Parameters<typeof todaysOrderPoints>[0], new Date()), [newest.data]);
  const mapOption = useMemo(() => orderMap(grids.data?.items ?? [], points, `command-${county}`), [grids.data, points, county]);

  return (
    <div data-testid="command-centre" style={{ width: 1920, height: 1080, boxSizing: 'border-box', padding: 20, background: 'radial-gradient(ellipse at top, #0b2a5b 0%, #04142e 70%)', color: TEXT, display: 'grid', gridTemplateRows: '60px 130px minmax(0, 1fr) minmax(0, 1fr)', gridTemplateColumns: '1fr 1.25fr 1fr 1fr', gap: 16, fontFamily: 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, sans-serif' }}>
      <div style={{ gridColumn: '1 / 5', display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
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
      <div style={{ gridColumn: '1 / 5', display: 'grid', gridTemplateColumns: 'repeat(5, 1fr)', gap: 16 }}>
        <Figure label="在办工单" value={open} />
        <Figure label="待派遣(调度员队列)" value={d?.pendingDispatch} tone="#ffd166" />
        <Figure label="超期在办" value={d?.overdue} tone="#ff6b6b" />
        <Figure label="今日督办" value={d?.supervisedToday ?? 0} tone="#ff9f43" />
        <Figure label="今日受理" testId="figure-today" value={d ? d.todayByChannel.reduce((n, e) => n + e.count, 0) : undefined} tone="#52e08a" />
      </div>
      <div style={{ ...PANEL, gridColumn: 1, gridRow: 3 }}>
        <div style={TITLE}>工单实时动态</div>
        <div data-testid="feed" style={{ display: 'flex', flexDirection: 'column', gap: 6, fontSize: 16 }}>
          {changes.length === 0 && <div style={{ opacity: 0.7 }}>等待新的工单变化……</div>}
          {changes.slice(0, 8).map((c) => (
            <div key={c.changeId} data-testid="feed-item" style={{ display: 'grid', gridTemplateColumns: '70px 56px 1fr 96px', gap: 8, padding: '4px 8px', background: c.type === 'workorder.created' ? 'rgba(47,155,255,0.18)' : 'transparent', borderLeft: `3px solid ${c.urgency === 'urgent' ? '#ff6b6b' : '#2f9bff'}` }}>
              <span style={{ opacity: 0.8 }}>{c.at ? new Date(c.at).toLocaleTimeString('zh-CN', { hour12: false }) : ''}</span>
              <span style={{ color: '#6fc3ff' }}>{CHANGE_LABELS[c.type] ?? c.type}</span>
              <span style={{ fontFamily: 'monospace', fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={c.orderNo}>
                {c.orderNo.replace(/^GD\d{6}-/, '')}
              </span>
              <span>{labelOf(CHANNEL_LABELS, c.channel)}</span>
            </div>
          ))}
        </div>
      </div>
      <div style={{ ...PANEL, gridColumn: 2, gridRow: '3 / 5' }}>
        <div style={TITLE}>
          今日工单地图 <span style={{ fontSize: 15, color: TEXT, fontWeight: 400 }}>（{points.length} 件有位置；<span style={{ color: '#52e08a' }}>●</span> 一般 <span style={{ color: '#ffb347' }}>●</span> 紧急 <span style={{ color: '#ff6b6b' }}>●</span> 超期）</span>
        </div>
        <Chart option={mapOption} height={720} testId="order-map" />
      </div>
      <div style={{ ...PANEL, gridColumn: 3, gridRow: 3 }}>
        <div style={TITLE}>工单状态分布</div>
        <Chart option={statusOption} height={330} testId="chart-status" />
      </div>
      <div style={{ ...PANEL, gridColumn: 4, gridRow: 3 }}>
        <div style={TITLE}>在办工单分类 TOP8</div>
        <Chart option={categoryOption} height={330} testId="chart-category" />
      </div>
      <div style={{ ...PANEL, gridColumn: 1, gridRow: 4 }}>
        <div style={TITLE}>今日受理渠道</div>
        <Chart option={channelOption} height={330} testId="chart-channel" />
      </div>
      <div style={{ ...PANEL, gridColumn: 3, gridRow: 4 }}>
        <div style={TITLE}>超期与督办 {d ? `(超期 ${d.overdue},今日督办 ${d.supervisedToday ?? 0})` : ''}</div>
        <OrderTable orders={overdue.data?.items} testId="overdue" empty="暂无超期工单" />
        <div style={{ ...TITLE, fontSize: 17, margin: '10px 0 4px' }}>督办单</div>
        {supervisions.error ? <div style={{ opacity: 0.7 }}>{supervisions.error}</div> : <SupervisionTable rows={supervisions.data?.items} />}
      </div>
      <div style={{ ...PANEL, gridColumn: 4, gridRow: 4 }}>
        <div style={TITLE}>
          考核排名 · 本月 <span style={{ fontSize: 14, color: TEXT, fontWeight: 400 }}>按期结案率</span>
        </div>
        {ranking.error ? <div style={{ opacity: 0.7 }}>{ranking.error}</div> : <Ranking rows={ranking.data?.items} />}
      </div>
    </div>
  );
}
