import { useMemo, useState } from 'react';
import { Alert, Card, Col, Descriptions, Empty, Row, Table, Tabs, Tag } from 'antd';
import * as echarts from 'echarts';
import { api, must, type Schemas } from '../api/client';
import { useLoad } from '../lib/hooks';
import { Chart } from '../lib/Chart';
import { gridFeatureCollection } from '../lib/geo';
import type { SessionUser } from '../lib/session';

const FLAG_LABELS: Record<string, string> = { vacant: '空置', left_behind_elderly: '留守老人', low_income: '低收入' };

/** 网格: the town's grids drawn from the platform's own GeoJSON (no map tiles), households per grid, events. */
export function GridPage({ user }: { user: SessionUser }) {
  const town = user.jurisdictionCode.length >= 9 ? user.jurisdictionCode.slice(0, 9) : undefined;
  const grids = useLoad(() => must(api.GET('/api/v1/grids', { params: { query: { townCode: town, pageSize: 100 } } })), [town]);
  const events = useLoad(() => must(api.GET('/api/v1/grid-events', { params: { query: { pageSize: 50 } } })), []);
  const [selected, setSelected] = useState<string>();
  const [hhPage, setHhPage] = useState(1);
  const households = useLoad(
    () => (selected ? must(api.GET('/api/v1/households', { params: { query: { gridCode: selected, page: hhPage, pageSize: 10 } } })) : Promise.resolve(undefined)),
    [selected, hhPage],
  );
  const items = grids.data?.items ?? [];
  const mapName = `grids-${town ?? user.jurisdictionCode}`;
  const grid = items.find((g) => g.code === selected);
  const selectedName = grid?.name;
  const selectByName = (name: string) => {
    const hit = items.find((g) => g.name === name);
    if (!hit) return;
    setSelected(hit.code);
    setHhPage(1);
  };
  const option = useMemo(() => {
    if (items.length === 0) return {};
    echarts.registerMap(mapName, gridFeatureCollection(items) as never);
    return {
      tooltip: { trigger: 'item' as const },
      geo: { map: mapName, roam: true, regions: selectedName ? [{ name: selectedName, itemStyle: { areaColor: '#f5b7b1' } }] : [], label: { show: true, fontSize: 11, formatter: (p: { name: string }) => p.name.replace('(示例数据)', '') }, itemStyle: { areaColor: '#fdf2e9', borderColor: '#b71c1c' }, emphasis: { itemStyle: { areaColor: '#f5b7b1' } }, selectedMode: 'single' as const },
      series: [
        { type: 'scatter' as const, coordinateSystem: 'geo', symbolSize: 9, itemStyle: { color: '#1f618d' }, name: '网格事件', data: (events.data?.items ?? []).map((e) => ({ name: e.categoryLabel, value: [e.lng, e.lat] })) },
      ],
    };
  }, [items, events.data, mapName, selectedName]);
  return (
    <Row gutter={16}>
      <Col span={14}>
        <Card title="网格地图">
          {grids.error && <Alert type="error" showIcon title={grids.error} />}
          {items.length === 0 && !grids.loading ? <Empty description="本辖区暂无网格" /> : <Chart option={option} height={420} testId="grid-map" onClick={selectByName} />}
          <Table<Schemas['GridView']>
            size="small"
            rowKey="code"
            loading={grids.loading}
            dataSource={items}
            pagination={false}
            onRow={(g) => ({ onClick: () => (setSelected(g.code), setHhPage(1)), style: { cursor: 'pointer' } })}
            rowClassName={(g) => (g.code === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '网格', dataIndex: 'name' },
              { title: '类型', dataIndex: 'typeLabel', width: 110 },
              { title: '专职网格员', render: (_: unknown, g) => g.fullTimeWorkerIds.length, width: 100 },
              { title: '党支部', render: (_: unknown, g) => g.partyBranch?.name ?? '—' },
            ]}
          />
        </Card>
      </Col>
      <Col span={10}>
        <Card>
          <Tabs
            items={[
              {
                key: 'households',
                label: '住户',
                children: !grid ? (
                  <Empty description="在左侧选择一个网格" />
                ) : (
                  <>
                    <Descriptions size="small" column={1}>
                      <Descriptions.Item label="网格">{grid.name}</Descriptions.Item>
                      <Descriptions.Item label="党支部">{grid.partyBranch?.name ?? '—'}</Descriptions.Item>
                    </Descriptions>
                    <Table<Schemas['HouseholdView']>
                      size="small"
                      rowKey="id"
                      loading={households.loading}
                      dataSource={households.data?.items ?? []}
                      locale={{ emptyText: '暂无住户' }}
                      pagination={{ current: hhPage, pageSize: 10, total: households.data?.total ?? 0, onChange: setHhPage }}
                      columns={[
                        { title: '地址(脱敏)', dataIndex: 'address' },
                        { title: '人数', dataIndex: 'members', width: 60 },
                        { title: '标记', dataIndex: 'flags', render: (f: string[]) => f.map((x) => <Tag key={x}>{FLAG_LABELS[x] ?? x}</Tag>) },
                      ]}
                    />
                  </>
                ),
              },
              {
                key: 'events',
                label: `事件 ${events.data?.total ?? 0}`,
                children: (
                  <Table<Schemas['GridEventView']>
                    size="small"
                    rowKey="id"
                    loading={events.loading}
                    dataSource={events.data?.items ?? []}
                    locale={{ emptyText: '暂无上报事件' }}
                    pagination={false}
                    columns={[
                      { title: '类别', dataIndex: 'categoryLabel' },
                      { title: '网格', dataIndex: 'gridName' },
                      { title: '上报时间', dataIndex: 'reportedAt', render: (t: string) => new Date(t).toLocaleString('zh-CN', { hour12: false }) },
                    ]}
                  />
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
