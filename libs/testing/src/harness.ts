import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bootstrapService, loadConfig } from '@yiti/platform';
import { GatewayConfig, createGatewayApp } from '@yiti/gateway-service';
import { IDENTITY_SERVICE_NAME, IdentityConfig, IdentityModule } from '@yiti/identity-service';
import { testEnv } from './test-env';

export function startIdentity(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const config = loadConfig(IdentityConfig, testEnv(overrides));
  return bootstrapService(IdentityModule.register(config), { serviceName: IDENTITY_SERVICE_NAME, config });
}

export function startGateway(overrides: Record<string, string> = {}): Promise<INestApplication> {
  return createGatewayApp(loadConfig(GatewayConfig, testEnv(overrides)));
}

/** The gateway and every service behind it, in this process, on random ports. */
export interface RunningPlatform {
  gateway: INestApplication;
  identity: INestApplication;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export async function startPlatform(overrides: Record<string, string> = {}): Promise<RunningPlatform> {
  const identity = await startIdentity(overrides);
  const gateway = await startGateway(overrides);
  return {
    gateway,
    identity,
    http: () => request(gateway.getHttpServer()),
    close: async () => {
      await gateway.close();
      await identity.close();
    },
  };
}
