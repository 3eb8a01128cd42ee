import type { ServiceDefinition } from '@yiti/platform';
import { APPROVAL_WINDOW_SERVICE } from '@yiti/approval-window-service';
import { IDENTITY_SERVICE } from '@yiti/identity-service';
import { ENFORCEMENT_SERVICE } from '@yiti/enforcement-service';
import { GRID_SERVICE } from '@yiti/grid-service';
import { COMMAND_DISPATCH_SERVICE } from '@yiti/command-dispatch-service';

/**
 * Every service behind the gateway, in start order (identity first: the others ask it). The test
 * harness starts them all, the global setup migrates them all, the deployment specs check each has
 * its compose service and Kubernetes manifest. `npx nx g @yiti/tools:service <name>` adds one import
 * and one entry here.
 */
export const BACKEND_SERVICES: ServiceDefinition[] = [IDENTITY_SERVICE, APPROVAL_WINDOW_SERVICE, GRID_SERVICE, ENFORCEMENT_SERVICE, COMMAND_DISPATCH_SERVICE];
