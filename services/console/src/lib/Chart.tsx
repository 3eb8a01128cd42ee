import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/** An ECharts chart in a div; the option is set anew whenever it changes. Canvas only: nothing loaded from outside. */
export function Chart({ option, height = 320, testId, onClick }: { option: echarts.EChartsOption; height?: number; testId?: string; onClick?: (name: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current);
    chart.current.on('click', (params) => click.current?.(String(params.name)));
    const onResize = () => chart.current?.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
