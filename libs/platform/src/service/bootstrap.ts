import { Logger as NestLogger, type INestApplication, type NestApplicationOptions } from '@nestjs/common';
import { NestFactory, type AbstractHttpAdapter } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { BaseServiceConfig } from '../config/config';
import { Metrics } from '../metrics/metrics';
import { natsConnectionOptions } from '../nats/nats-connection';
import { NamespacedNatsServer } from '../nats/namespaced-nats-server';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';
import { startTracing } from '../tracing/tracing';

export interface ServiceBootstrapOptions {
  serviceName: string;
  config: BaseServiceConfig;
  /** Serve NATS request–reply in a queue group named after the service. */
  nats?: boolean;
  /**
   * The HTTP adapter to serve with; without it Nest's default (Express), which is enough for the
   * health and metrics port of a service behind NATS. The gateway passes a FastifyAdapter.
   */
  httpAdapter?: () => AbstractHttpAdapter;
  /** Extra HTTP setup (the gateway's pipes, filters, Swagger) before listening. */
  configureHttp?: (app: INestApplication) => void | Promise<void>;
}

let strayErrorHandlersInstalled = false;

/**
 * An error no request path caught (an unhandled rejection or exception) is logged and the process
 * keeps serving: one bad request must not end every other one. Node's default would exit. Once per
 * process (the specs start several services in one).
 */
export function keepServingOnStrayErrors(): void {
  if (strayErrorHandlersInstalled) return;
  strayErrorHandlersInstalled = true;
  const logger = new NestLogger('Process');
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection; the process keeps serving'));
  process.on('uncaughtException', (err) => logger.error({ err }, 'uncaught exception; the process keeps serving'));
}

/** Starts one service: its NATS handlers (queue group = service name) and its HTTP port. */
export async function bootstrapService(rootModule: unknown, options: ServiceBootstrapOptions): Promise<INestApplication> {
  startTracing(options.serviceName, options.config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const appOptions: NestApplicationOptions = { bufferLogs: true, abortOnError: false };
  const adapter = options.httpAdapter?.();
  const app = adapter ? await NestFactory.create(rootModule as never, adapter, appOptions) : await NestFactory.create(rootModule as never, appOptions);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  keepServingOnStrayErrors();
  if (options.nats !== false) {
    const server = new NamespacedNatsServer(
      { ...natsConnectionOptions(options.config.NATS_URL, options.serviceName), queue: options.serviceName },
      options.config.NATS_SUBJECT_PREFIX,
      app.get(Metrics),
    );
    const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { deferInitialization: true });
    microservice.useGlobalFilters(new RpcErrorFilter());
  }
  await options.configureHttp?.(app);
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(options.config.HTTP_PORT, options.config.HTTP_HOST);
  return app;
}
