import { EnforcementInitial1796287289023 } from './1796287289023-initial';
import { PenaltiesAndSupervision1796300000000 } from './1796300000000-penalties-and-supervision';
import { Cases1796310000000 } from './1796310000000-cases';
import { OrdinaryProcedure1796320000000 } from './1796320000000-ordinary-procedure';
import { RandomChecks1796325000000 } from './1796325000000-random-checks';
import { StatisticsIndexes1796326000000 } from './1796326000000-statistics-indexes';

/**
 * The enforcement schema's own migrations, in order; a landed migration is never edited, only followed
 * by a new one (`<unix ms>-<what>.ts`, class `<What><unix ms>`). The platform's tables (outbox, inbox,
 * dead_letter, audit_log, audit_seal) come first, from PLATFORM_MIGRATIONS (createServiceDataSource).
 */
export const ENFORCEMENT_MIGRATIONS: Function[] = [EnforcementInitial1796287289023, PenaltiesAndSupervision1796300000000, Cases1796310000000, OrdinaryProcedure1796320000000, RandomChecks1796325000000, StatisticsIndexes1796326000000];
