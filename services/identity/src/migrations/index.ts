import { IdentityInitial1764115300000 } from './1764115300000-identity-initial';
import { AuthorityCatalogDelegation1764201600000 } from './1764201600000-authority-catalog-delegation';
import { DutiesAdmission1764288000000 } from './1764288000000-duties-admission';
import { TrainingStaffing1764374400000 } from './1764374400000-training-staffing';
import { HolidayCalendar1764460800000 } from './1764460800000-holiday-calendar';
import { DutyResponsibleOrganisation1764547200000 } from './1764547200000-duty-responsible-organisation';
import { ChannelCredentials1796300000000 } from './1796300000000-channel-credentials';
import { DelegationTownItem1796300100000 } from './1796300100000-delegation-town-item';
import { PasswordChangeRequired1796331700000 } from './1796331700000-password-change-required';

/** In order; a landed migration is never edited, only followed by a new one. */
export const IDENTITY_MIGRATIONS: Function[] = [IdentityInitial1764115300000, AuthorityCatalogDelegation1764201600000, DutiesAdmission1764288000000, TrainingStaffing1764374400000, HolidayCalendar1764460800000, DutyResponsibleOrganisation1764547200000, ChannelCredentials1796300000000, DelegationTownItem1796300100000, PasswordChangeRequired1796331700000];
