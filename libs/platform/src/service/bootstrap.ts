import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { BaseServiceConfig } from '../config/config';
import { Metrics } from '../metrics/metrics';
import { natsConnectionOptions } from '../nats/nats-connection';
import { RpcContextInterceptor } from '../rpc/rpc-context.interceptor';
import { RpcErrorFilter } from '../rpc/rpc-error.filter';

export interface ServiceBootstrapOptions {
  serviceName: string;
  config: BaseServiceConfig;
  /** Serve NATS request–reply in a queue group named after the service. */
  nats?: boolean;
  /** Extra HTTP setup (the gateway's pipes, filters, Swagger) before listening. */
  configureHttp?: (app: INestApplication) => void | Promise<void>;
}

/** Starts one service: its NATS handlers (queue group = service name) and its HTTP port. */
export async function bootstrapService(rootModule: unknown, options: ServiceBootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule as never, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  if (options.nats !== false) {
    const microservice = app.connectMicroservice<MicroserviceOptions>({
      transport: Transport.NATS,
      options: { ...natsConnectionOptions(options.config.NATS_URL, options.serviceName), queue: options.serviceName },
    }, { deferInitialization: true });
    microservice.useGlobalFilters(new RpcErrorFilter());
    microservice.useGlobalInterceptors(new RpcContextInterceptor(app.get(Metrics)));
  }
  await options.configureHttp?.(app);
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(options.config.HTTP_PORT, options.config.HTTP_HOST);
  return app;
}
