import { Injectable, type NestMiddleware } from '@nestjs/common';
import { Metrics } from '@yiti/platform';

/** Times every HTTP request by route pattern (not raw URL, to keep label cardinality low). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: Metrics) {}

  use(req: { method: string; baseUrl?: string; route?: { path?: string } }, res: { statusCode: number; on(e: 'finish', f: () => void): void }, next: () => void): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      this.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
