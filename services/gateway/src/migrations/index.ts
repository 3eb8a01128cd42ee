import { GatewayInitial1764115400000 } from './1764115400000-gateway-initial';

export const GATEWAY_MIGRATIONS: Function[] = [GatewayInitial1764115400000];
