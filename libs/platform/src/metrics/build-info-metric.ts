import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { buildInfo } from '../ops/build-info';
import { PLATFORM_OPTIONS } from '../service/tokens';
import type { PlatformModuleOptions } from '../service/platform-options';
import { Metrics } from './metrics';

/** `yiti_build_info{service, release, commit} 1`: which build each scraped process runs (join on it in queries). */
@Injectable()
export class BuildInfoMetric {
  constructor(metrics: Metrics, @Inject(PLATFORM_OPTIONS) options: PlatformModuleOptions) {
    const info = buildInfo();
    new Gauge({ name: 'yiti_build_info', help: 'Release and git commit of the running build (always 1)', labelNames: ['service', 'release', 'commit'], registers: [metrics.registry] })
      .labels(options.serviceName, info.release, info.commit)
      .set(1);
  }
}
