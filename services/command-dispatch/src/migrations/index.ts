import { CommandDispatchInitial1796296963219 } from './1796296963219-initial';
import { WorkOrderStepOrder1796300100000 } from './1796300100000-work-order-step-order';

/**
 * The command_dispatch schema's own migrations, in order; a landed migration is never edited, only followed
 * by a new one (`<unix ms>-<what>.ts`, class `<What><unix ms>`). The platform's tables (outbox, inbox,
 * dead_letter, audit_log, audit_seal) come first, from PLATFORM_MIGRATIONS (createServiceDataSource).
 */
export const COMMAND_DISPATCH_MIGRATIONS: Function[] = [CommandDispatchInitial1796296963219, WorkOrderStepOrder1796300100000];
