import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bootstrapService, loadConfig, type ServiceDefinition } from '@yiti/platform';
import { GatewayConfig, createGatewayApp } from '@yiti/gateway-service';
import { IDENTITY_SERVICE } from '@yiti/identity-service';
import { APPROVAL_WINDOW_SERVICE } from '@yiti/approval-window-service';
import { BACKEND_SERVICES } from './services';
import { serviceRole, serviceTestEnv } from './test-env';

/** One service behind the gateway, in this process, on a random port, with the test settings. */
export function startService(service: ServiceDefinition, overrides: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig(service.configClass, serviceTestEnv(serviceRole(service.schema), overrides));
  return bootstrapService(service.module(config), { serviceName: service.name, config });
}

export function startIdentity(overrides: Record<string, string> = {}): Promise<INestApplication> {
  return startService(IDENTITY_SERVICE, overrides);
}

export function startApprovalWindow(overrides: Record<string, string> = {}): Promise<INestApplication> {
  return startService(APPROVAL_WINDOW_SERVICE, overrides);
}

export function startGateway(overrides: Record<string, string> = {}): Promise<INestApplication> {
  return createGatewayApp(loadConfig(GatewayConfig, serviceTestEnv(serviceRole('gateway'), overrides)));
}

/** The gateway and every service behind it, in this process, on random ports. */
export interface RunningPlatform {
  gateway: INestApplication;
  identity: INestApplication;
  approvalWindow: INestApplication;
  /** Every service of BACKEND_SERVICES (identity and approval-window included), by name. */
  services: Record<string, INestApplication>;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export async function startPlatform(overrides: Record<string, string> = {}): Promise<RunningPlatform> {
  const services: Record<string, INestApplication> = {};
  for (const service of BACKEND_SERVICES) services[service.name] = await startService(service, overrides);
  const gateway = await startGateway(overrides);
  return {
    gateway,
    identity: services[IDENTITY_SERVICE.name],
    approvalWindow: services[APPROVAL_WINDOW_SERVICE.name],
    services,
    http: () => request(gateway.getHttpServer()),
    close: async () => {
      await gateway.close();
      for (const app of Object.values(services).reverse()) await app.close();
    },
  };
}
