import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Public } from '../service/public.decorator';

/**
 * Event handling, shared by every EventConsumer of the process (a consumer is made with `new`, not
 * injected) and registered in each service's registry: the handler's time by consumer, subject and
 * outcome, and the inbox lag, from the event's arrival in the stream to its handling.
 */
export const EVENT_HANDLING = {
  duration: new Histogram({
    name: 'yiti_event_handler_duration_seconds',
    help: 'Event handling time (inbox row and handler, one transaction) by consumer, subject and outcome',
    labelNames: ['consumer', 'subject', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [],
  }),
  lag: new Histogram({
    name: 'yiti_inbox_lag_seconds',
    help: 'Time from an event stored in JetStream to its handling by a consumer (inbox lag)',
    labelNames: ['consumer'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600],
    registers: [],
  }),
};

/** The process's Prometheus registry and the platform's own instruments. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly rpcDuration = new Histogram({
    name: 'yiti_rpc_duration_seconds',
    help: 'NATS request handling time by subject and outcome',
    labelNames: ['subject', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'yiti_http_request_duration_seconds',
    help: 'HTTP request time by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'yiti_' });
    this.registry.registerMetric(EVENT_HANDLING.duration);
    this.registry.registerMetric(EVENT_HANDLING.lag);
  }
}

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
