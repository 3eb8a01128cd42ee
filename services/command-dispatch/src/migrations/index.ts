import { CommandDispatchAnalysis1796300200000 } from './1796300200000-analysis';
import { CommandDispatchInitial1796296963219 } from './1796296963219-initial';
import { WorkOrderStepOrder1796300100000 } from './1796300100000-work-order-step-order';
import { WorkOrderListIndexes1796300150000 } from './1796300150000-work-order-list-indexes';
import { SupervisionAddresseesRuleTimersFeedPosition1796331500000 } from './1796331500000-supervision-addressees-rule-timers-feed-position';
import { PendingExtensionIndex1796331800000 } from './1796331800000-pending-extension-index';

/**
 * The command_dispatch schema's own migrations, in order; a landed migration is never edited, only followed
 * by a new one (`<unix ms>-<what>.ts`, class `<What><unix ms>`). The platform's tables (outbox, inbox,
 * dead_letter, audit_log, audit_seal) come first, from PLATFORM_MIGRATIONS (createServiceDataSource).
 */
export const COMMAND_DISPATCH_MIGRATIONS: Function[] = [CommandDispatchInitial1796296963219, WorkOrderStepOrder1796300100000, WorkOrderListIndexes1796300150000, CommandDispatchAnalysis1796300200000, SupervisionAddresseesRuleTimersFeedPosition1796331500000, PendingExtensionIndex1796331800000];
