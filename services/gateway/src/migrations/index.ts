import { GatewayInitial1764115400000 } from './1764115400000-gateway-initial';
import { GatewayAttachments1764900000000 } from './1764900000000-gateway-attachments';

export const GATEWAY_MIGRATIONS: Function[] = [GatewayInitial1764115400000, GatewayAttachments1764900000000];
