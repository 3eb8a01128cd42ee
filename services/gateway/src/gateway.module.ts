import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule, type ExecutionContext } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { PlatformModule, createAttachmentStore, createServiceDataSource } from '@yiti/platform';
import { ApplicationAttachmentsController } from './approval/application-attachments.controller';
import { ApplicationsController } from './approval/applications.controller';
import { ATTACHMENT_STORE, Attachments } from './attachments/attachments';
import { AttachmentsController } from './attachments/attachments.controller';
import { AuthGuard } from './auth/auth.guard';
import type { Principal } from './auth/principal';
import { CalendarController } from './authority/calendar.controller';
import { CatalogController } from './authority/catalog.controller';
import { DelegationsController } from './authority/delegations.controller';
import { DutiesController } from './authority/duties.controller';
import { StaffingController } from './authority/staffing.controller';
import { TrainingController } from './authority/training.controller';
import { RevokedSessions } from './auth/revoked-sessions';
import type { GatewayConfig } from './config';
import { ProblemFilter } from './http/problem.filter';
import { RateLimitGuard } from './http/rate-limit.guard';
import { SharedThrottlerStorage } from './http/shared-rate-limit-storage';
import { IdempotencyGuard } from './idempotency/idempotency.guard';
import { AuthController } from './identity/auth.controller';
import { JurisdictionsController } from './identity/jurisdictions.controller';
import { OrganisationsController } from './identity/organisations.controller';
import { UsersController } from './identity/users.controller';
import { GATEWAY_MIGRATIONS } from './migrations';
import { EnforcementStatusController } from './enforcement/enforcement-status.controller';
import { EnforcementController } from './enforcement/enforcement.controller';
import { RandomChecksController } from './enforcement/random-checks.controller';
import { PublicRandomChecksController } from './enforcement/public-random-checks.controller';
import { EnforcementStatisticsController } from './enforcement/enforcement-statistics.controller';
import { EnforcementCasesController } from './enforcement/enforcement-cases.controller';
import { GridStatusController } from './grid/grid-status.controller';
import { GridsController } from './grid/grids.controller';
import { GridEventsController } from './grid/grid-events.controller';
import { PatrolsController } from './grid/patrols.controller';
import { BaseDataController } from './grid/base-data.controller';
import { ChannelCredentials } from './auth/channel-credentials';
import { ChannelTicketsController } from './command-dispatch/channel-tickets.controller';
import { ChannelCredentialsController } from './identity/channel-credentials.controller';
import { WorkOrderStreamController } from './command-dispatch/work-order-stream.controller';
import { WorkOrderFeedSignals } from './command-dispatch/work-order-feed-signals';
import { SupervisionsController } from './command-dispatch/supervisions.controller';
import { PowerReadingsController } from './command-dispatch/power-readings.controller';
import { DispatchTaxonomyController } from './command-dispatch/dispatch-taxonomy.controller';
import { WorkOrdersController } from './command-dispatch/work-orders.controller';
import { CommandDispatchStatusController } from './command-dispatch/command-dispatch-status.controller';
import { AssessmentController } from './command-dispatch/assessment.controller';
import { EarlyWarningController } from './command-dispatch/early-warning.controller';
import { NoticesController } from './command-dispatch/notices.controller';
import { VersionController } from './ops/version.controller';

export const GATEWAY_SERVICE_NAME = 'gateway';
export const GATEWAY_SCHEMA = 'gateway';

export function gatewayDataSource(config: GatewayConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: GATEWAY_SCHEMA, entities: [], migrations: GATEWAY_MIGRATIONS, poolSize: 2 });
}

export const GATEWAY_CONTROLLERS = [
  AuthController,
  JurisdictionsController,
  OrganisationsController,
  UsersController,
  CatalogController,
  DelegationsController,
  DutiesController,
  TrainingController,
  StaffingController,
  CalendarController,
  ApplicationsController,
  AttachmentsController,
  ApplicationAttachmentsController,
  EnforcementStatusController,
  EnforcementController,
  RandomChecksController,
  PublicRandomChecksController,
  EnforcementStatisticsController,
  EnforcementCasesController,
  GridStatusController,
  GridsController,
  GridEventsController,
  PatrolsController,
  BaseDataController,
  CommandDispatchStatusController,
  WorkOrderStreamController,
  SupervisionsController,
  DispatchTaxonomyController,
  WorkOrdersController,
  ChannelTicketsController,
  PowerReadingsController,
  EarlyWarningController,
  AssessmentController,
  NoticesController,
  ChannelCredentialsController,
  VersionController,
];

const LOGIN_ROUTES = /\/auth\/(login|refresh)$/;
const PASSWORD_LOGIN_ROUTE = /\/auth\/login$/;
/** The route pattern Fastify matched (no query string, whatever the letter case); '' when none did. */
const routePattern = (request: { routeOptions?: { url?: string } }) => request.routeOptions?.url ?? '';
const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<{ routeOptions?: { url?: string }; body?: unknown }>();
const loginUsername = (request: { body?: unknown }): string | undefined => {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' && username !== '' ? username.toLowerCase() : undefined;
};

/**
 * Who a request counts against. Signed-in traffic per user: all of a county's clerks often share one
 * NAT address. Public routes (login, refresh) per client address, and password login also per
 * username, from whatever address. AuthGuard runs first, so the principal is known here.
 */
const byUserOrAddress = (request: Record<string, unknown>) => {
  const principal = request.principal as Principal | null | undefined;
  return principal ? `user:${principal.actor.userId}` : `ip:${String(request.ip)}`;
};

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        PlatformModule.forService({
          serviceName: GATEWAY_SERVICE_NAME,
          schema: GATEWAY_SCHEMA,
          config,
          entities: [],
          migrations: GATEWAY_MIGRATIONS,
          relay: false,
        }),
        // A KeyObject: given a string, jsonwebtoken first tries it as a PEM key (≈ 0.9 ms a verify).
        JwtModule.register({ secret: createSecretKey(Buffer.from(config.JWT_SECRET)) }),
        ThrottlerModule.forRootAsync({
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => ({
            storage: new SharedThrottlerStorage(dataSource, config.NATS_SUBJECT_PREFIX, config.RATE_LIMIT_SYNC_MS),
            // The library's key, unhashed (it hashed it with SHA-256 for every request and throttler).
            generateKey: (context, tracker, name) => `${context.getClass().name}-${context.getHandler().name}-${name}-${tracker}`,
            getTracker: byUserOrAddress,
            throttlers: [
              { name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE },
              {
                name: 'login',
                ttl: 60_000,
                limit: config.LOGIN_RATE_LIMIT_PER_MINUTE,
                skipIf: (ctx) => !LOGIN_ROUTES.test(routePattern(requestOf(ctx))),
              },
              {
                name: 'login-username',
                ttl: 60_000,
                limit: config.LOGIN_USERNAME_RATE_LIMIT_PER_MINUTE,
                skipIf: (ctx) => !PASSWORD_LOGIN_ROUTE.test(routePattern(requestOf(ctx))) || loginUsername(requestOf(ctx)) === undefined,
                getTracker: (request) => `username:${loginUsername(request)}`,
              },
            ],
          }),
        }),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        RevokedSessions,
        WorkOrderFeedSignals,
        ChannelCredentials,
        { provide: ATTACHMENT_STORE, useValue: createAttachmentStore(config) },
        Attachments,
        // Authentication first: signed-in requests are limited per user.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        // After authentication (the key is the caller's), before validation; registered as itself too, for its onSend hook.
        IdempotencyGuard,
        { provide: APP_GUARD, useExisting: IdempotencyGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
