import { Card, Result } from 'antd';

/** 指挥大屏: a placeholder until the command-dispatch service lands (its work orders and live feed). */
export function CommandPage() {
  return (
    <Card title="指挥大屏(骨架)">
      <Result status="info" title="指挥调度服务尚未上线" subTitle="工单实时推送、状态与渠道统计、超期与督办列表、当日工单地图将在指挥调度服务接入后显示。" />
    </Card>
  );
}
