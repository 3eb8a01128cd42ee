import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bootstrapService, loadConfig } from '@yiti/platform';
import { GatewayConfig, createGatewayApp } from '@yiti/gateway-service';
import { IDENTITY_SERVICE_NAME, IdentityConfig, IdentityModule } from '@yiti/identity-service';
import { APPROVAL_WINDOW_SERVICE_NAME, ApprovalWindowConfig, ApprovalWindowModule } from '@yiti/approval-window-service';
import { SERVICE_ROLES, serviceTestEnv } from './test-env';

export function startIdentity(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig(IdentityConfig, serviceTestEnv(SERVICE_ROLES.identity, overrides));
  return bootstrapService(IdentityModule.register(config), { serviceName: IDENTITY_SERVICE_NAME, config });
}

export function startApprovalWindow(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig(ApprovalWindowConfig, serviceTestEnv(SERVICE_ROLES.approvalWindow, overrides));
  return bootstrapService(ApprovalWindowModule.register(config), { serviceName: APPROVAL_WINDOW_SERVICE_NAME, config });
}

export function startGateway(overrides: Record<string, string> = {}): Promise<INestApplication> {
  return createGatewayApp(loadConfig(GatewayConfig, serviceTestEnv(SERVICE_ROLES.gateway, overrides)));
}

/** The gateway and every service behind it, in this process, on random ports. */
export interface RunningPlatform {
  gateway: INestApplication;
  identity: INestApplication;
  approvalWindow: INestApplication;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export async function startPlatform(overrides: Record<string, string> = {}): Promise<RunningPlatform> {
  const identity = await startIdentity(overrides);
  const approvalWindow = await startApprovalWindow(overrides);
  const gateway = await startGateway(overrides);
  return {
    gateway,
    identity,
    approvalWindow,
    http: () => request(gateway.getHttpServer()),
    close: async () => {
      await gateway.close();
      await approvalWindow.close();
      await identity.close();
    },
  };
}
