/** What tests and tools may use of the gateway (services never import each other). */
export { GatewayConfig } from './config';
export { createGatewayApp, buildGatewayOpenApiOffline, API_PREFIX } from './app';
export { GATEWAY_SCHEMA, GATEWAY_SERVICE_NAME, gatewayDataSource } from './gateway.module';
export { Attachments } from './attachments/attachments';
export { CHANNEL_CREDENTIAL_TTL_MS } from './auth/channel-credentials';
