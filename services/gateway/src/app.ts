import { ValidationPipe, type INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Metrics, bootstrapService, validationException } from '@yiti/platform';
import type { GatewayConfig } from './config';
import { GATEWAY_SERVICE_NAME, GatewayModule } from './gateway.module';
import { useAttachmentUploads } from './attachments/multipart';
import { IdempotencyGuard } from './idempotency/idempotency.guard';
import { createGatewayAdapter, useGatewayBodyParsers, useGatewayRequestHooks } from './http/fastify-http';
import { useHostileInputChecks } from './http/hostile-input';

export const API_PREFIX = 'api/v1';

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Yiti 一体 — 审批服务综合执法一体化平台 API')
    .setDescription(
      '县级部署的审批服务、综合执法、网格治理、指挥调度一体化平台。所有接口需 Bearer 令牌(登录除外);错误按 RFC 9457 返回 application/problem+json,含稳定的 code 字段。' +
        '\n\nThe approval-service and comprehensive-enforcement platform each county runs. Every route needs a bearer token except login; errors are RFC 9457 problem+json with a stable `code`.',
    )
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

function configureHttp(config: GatewayConfig) {
  return async (nestApp: INestApplication) => {
    const app = nestApp as NestFastifyApplication;
    useGatewayBodyParsers(app, config);
    useHostileInputChecks(app);
    await useAttachmentUploads(app, config);
    useGatewayRequestHooks(app, app.get(Metrics));
    app.get(IdempotencyGuard).useOnSendHook(app);
    app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'metrics'] });
    app.useGlobalPipes(
      new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, exceptionFactory: validationException }),
    );
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/openapi.json', customSiteTitle: 'Yiti 一体 API' });
  };
}

/** The gateway: the only HTTP entry. On Fastify: about a fifth less CPU per request than on Express (npm run bench). */
export function createGatewayApp(config: GatewayConfig): Promise<INestApplication> {
  return bootstrapService(GatewayModule.register(config), {
    serviceName: GATEWAY_SERVICE_NAME,
    config,
    nats: false,
    httpAdapter: () => createGatewayAdapter(config),
    configureHttp: configureHttp(config),
  });
}
