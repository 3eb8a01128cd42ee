import { GridInitial1796288658202 } from './1796288658202-initial';
import { Households1796300000000 } from './1796300000000-households';
import { BaseData1796400000000 } from './1796400000000-base-data';
import { GridEventWorkOrder1796500000000 } from './1796500000000-grid-event-work-order';
import { Patrols1796600000000 } from './1796600000000-patrols';

/**
 * The grid schema's own migrations, in order; a landed migration is never edited, only followed
 * by a new one (`<unix ms>-<what>.ts`, class `<What><unix ms>`). The platform's tables (outbox, inbox,
 * dead_letter, audit_log, audit_seal) come first, from PLATFORM_MIGRATIONS (createServiceDataSource).
 */
export const GRID_MIGRATIONS: Function[] = [GridInitial1796288658202, Households1796300000000, BaseData1796400000000, GridEventWorkOrder1796500000000, Patrols1796600000000];
