import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ERROR_CATALOG } from '@yiti/contracts';
import { IS_PUBLIC } from '@yiti/platform';

/** The name, version and licence of the deployed package: the nearest package.json above this file (the repository's, or /app's in the image). */
export function packageInfo(from = __dirname): { version: string; license: string } {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; license?: string };
      return { version: pkg.version ?? '0.0.0', license: pkg.license ?? 'UNLICENSED' };
    }
    if (dirname(dir) === dir) return { version: '0.0.0', license: 'UNLICENSED' };
  }
}

/** The errors any route may answer, each as problem+json; documented for every operation. */
const ERROR_RESPONSES: Record<number, string> = {
  400: '请求无效或校验失败 Bad request or validation failed (VALIDATION_FAILED, BAD_REQUEST)',
  401: '未登录或令牌无效 Not authenticated (AUTH_REQUIRED, AUTH_TOKEN_INVALID, AUTH_TOKEN_EXPIRED, …)',
  403: '无权限或超出管辖范围 Role or jurisdiction does not allow it (FORBIDDEN_ROLE, FORBIDDEN_JURISDICTION, …)',
  404: '资源不存在 Not found (NOT_FOUND and the resource-specific codes)',
  409: '状态冲突或幂等键处理中 Conflict: state, duplicate, or IDEMPOTENCY_IN_PROGRESS',
  413: '请求体过大 Payload too large (PAYLOAD_TOO_LARGE)',
  422: '业务规则不允许 A domain rule refused it (IDEMPOTENCY_KEY_REUSED and the domain codes)',
  429: '请求过于频繁 Too many requests (RATE_LIMITED), with Retry-After',
  502: '响应超出消息总线上限 Reply too large for the message bus (REPLY_TOO_LARGE)',
  503: '服务或数据库暂不可用 A service or the database is unavailable (SERVICE_UNAVAILABLE), with Retry-After',
  504: '服务响应超时 Upstream timeout (UPSTREAM_TIMEOUT)',
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem document 错误说明',
  required: ['type', 'title', 'status', 'instance', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:yiti:problem:validation-failed' },
    title: { type: 'string', description: '标题 Title (Chinese and English)' },
    status: { type: 'integer', description: 'HTTP status' },
    detail: { type: 'string', description: '说明 Detail' },
    instance: { type: 'string', description: '请求路径 Request path' },
    code: { type: 'string', description: '稳定的错误码 Stable error code', enum: Object.keys(ERROR_CATALOG) },
    requestId: { type: 'string', description: '请求编号 X-Request-Id' },
    errorId: { type: 'string', description: '错误编号(内部错误) Error id, for internal errors' },
    errors: {
      type: 'array',
      description: '字段错误 Field errors',
      items: { type: 'object', required: ['field', 'messages'], properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/**
 * The gateway's OpenAPI document. Done here for every route rather than per controller: the
 * problem+json error responses, bearer security (none on the public routes: login, refresh), the
 * licence and the package's version.
 */
export function buildOpenApiDocument(app: INestApplication, controllers: Type[]): OpenAPIObject {
  const { version, license } = packageInfo();
  const config = new DocumentBuilder()
    .setTitle('Yiti 一体 — 审批服务综合执法一体化平台 API')
    .setDescription(
      '县级部署的审批服务、综合执法、网格治理、指挥调度一体化平台。所有接口需 Bearer 令牌(登录除外);错误按 RFC 9457 返回 application/problem+json,含稳定的 code 字段。' +
        '\n\nThe approval-service and comprehensive-enforcement platform each county runs. Every route needs a bearer token except login; errors are RFC 9457 problem+json with a stable `code`.',
    )
    .setVersion(version)
    .addBearerAuth()
    .addSecurity('channel', {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: '外部渠道机器凭证(县级管理员签发):Authorization: Channel <id>.<secret>,仅用于 POST /channels/{channel}/tickets 与(电力渠道)POST /channels/power/readings。 An external channel\'s machine credential issued by a county admin, as `Channel <id>.<secret>`; only for POST /channels/{channel}/tickets and, for the power channel, POST /channels/power/readings.',
    })
    .addSecurityRequirements('bearer')
    .build();
  config.info.license = { name: license };
  const document = SwaggerModule.createDocument(app, config);
  const publicOperations = publicOperationIds(controllers);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA } };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation) continue;
      if (publicOperations.has(operation.operationId ?? '')) operation.security = [];
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        // A route's own description of an error (its specific codes) is kept, given the schema.
        const response = (operation.responses[status] ??= { description }) as { content?: Record<string, unknown> };
        response.content ??= { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
      }
    }
  }
  return document;
}

/** Operation ids (Swagger's `<Controller>_<method>`) of the routes marked @Public(). */
function publicOperationIds(controllers: Type[]): Set<string> {
  const ids = new Set<string>();
  for (const controller of controllers) {
    const classPublic = Reflect.getMetadata(IS_PUBLIC, controller) === true;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const method = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (classPublic || Reflect.getMetadata(IS_PUBLIC, method) === true) ids.add(`${controller.name}_${name}`);
    }
  }
  return ids;
}
