import { GatewayInitial1764115400000 } from './1764115400000-gateway-initial';
import { GatewayAttachments1764900000000 } from './1764900000000-gateway-attachments';
import { IdempotencyClaimLease1765000000000 } from './1765000000000-idempotency-claim-lease';
import { SharedRateLimits1765000100000 } from './1765000100000-shared-rate-limits';

export const GATEWAY_MIGRATIONS: Function[] = [GatewayInitial1764115400000, GatewayAttachments1764900000000, IdempotencyClaimLease1765000000000, SharedRateLimits1765000100000];
