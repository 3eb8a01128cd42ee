import { Applications1764633600000 } from './1764633600000-applications';
import { ApplicationTownName1764720000000 } from './1764720000000-application-town-name';
import { DropApplicationStep1764806400000 } from './1764806400000-drop-application-step';
import { ApplicationListOrder1764892800000 } from './1764892800000-application-list-order';
import { ApplicationFidelity1764979200000 } from './1764979200000-application-fidelity';
import { ApplicationReadIndexes1765152000000 } from './1765152000000-application-read-indexes';
import { EnforcementNotices1765238400000 } from '../enforcement-notices/1765238400000-enforcement-notices';
import { DecisionClockIndex1796345600000 } from './1796345600000-decision-clock-index';

/** In order; a landed migration is never edited, only followed by a new one. */
export const APPROVAL_WINDOW_MIGRATIONS: Function[] = [Applications1764633600000, ApplicationTownName1764720000000, DropApplicationStep1764806400000, ApplicationListOrder1764892800000, ApplicationFidelity1764979200000, ApplicationReadIndexes1765152000000, EnforcementNotices1765238400000, DecisionClockIndex1796345600000];
