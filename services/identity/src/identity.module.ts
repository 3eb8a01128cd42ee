import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PlatformModule, createServiceDataSource } from '@yiti/platform';
import { AuthHandler } from './auth/auth.handler';
import { AdmissionEntity, AdmissionStepEntity } from './authority/admission/admission.entity';
import { AdmissionHandler } from './authority/admission/admission.handler';
import { AdmissionService } from './authority/admission/admission.service';
import { CalendarHandler } from './authority/calendar/calendar.handler';
import { CalendarService } from './authority/calendar/calendar.service';
import { HolidayCalendarEntity } from './authority/calendar/holiday-calendar.entity';
import { CatalogHandler } from './authority/catalog/catalog.handler';
import { DutyEntity } from './authority/duties/duty.entity';
import { DutiesService } from './authority/duties/duties.service';
import { CatalogItemEntity, CatalogVersionEntity, CountyCatalogEntity } from './authority/catalog/catalog.entity';
import { CatalogService } from './authority/catalog/catalog.service';
import { DelegationChangeEntity, DelegationEntity } from './authority/delegation/delegation.entity';
import { DelegationHandler } from './authority/delegation/delegation.handler';
import { DelegationService } from './authority/delegation/delegation.service';
import { DispatchedAgencyService } from './authority/staffing/dispatched-agency.service';
import { DispatchedAgencyEntity, SentDownStaffEntity, TownQuotaChangeEntity, TownQuotaEntity } from './authority/staffing/staffing.entity';
import { StaffingHandler } from './authority/staffing/staffing.handler';
import { StaffingService } from './authority/staffing/staffing.service';
import { CertificationService } from './authority/training/certification.service';
import { CertificationEntity, TrainingAttendanceEntity, TrainingSessionEntity } from './authority/training/training.entity';
import { TrainingHandler } from './authority/training/training.handler';
import { TrainingService } from './authority/training/training.service';
import { AuthService } from './auth/auth.service';
import { ChannelCredentialsHandler } from './channel-credentials/channel-credentials.handler';
import { ChannelCredentialsService } from './channel-credentials/channel-credentials.service';
import { SessionEntity } from './auth/session.entity';
import { SessionRevoker } from './auth/session-revoker';
import type { IdentityConfig } from './config';
import { JurisdictionEntity } from './jurisdictions/jurisdiction.entity';
import { JurisdictionsHandler } from './jurisdictions/jurisdictions.handler';
import { JurisdictionsService } from './jurisdictions/jurisdictions.service';
import { IDENTITY_MIGRATIONS } from './migrations';
import { OrganisationEntity } from './organisations/organisation.entity';
import { OrganisationsHandler } from './organisations/organisations.handler';
import { OrganisationsService } from './organisations/organisations.service';
import { UserEntity } from './users/user.entity';
import { UsersHandler } from './users/users.handler';
import { UsersService } from './users/users.service';

export const IDENTITY_SERVICE_NAME = 'identity';
export const IDENTITY_SCHEMA = 'identity';
export const IDENTITY_ENTITIES = [
  JurisdictionEntity,
  OrganisationEntity,
  UserEntity,
  SessionEntity,
  CatalogVersionEntity,
  CatalogItemEntity,
  CountyCatalogEntity,
  DelegationEntity,
  DelegationChangeEntity,
  AdmissionEntity,
  AdmissionStepEntity,
  DutyEntity,
  TrainingSessionEntity,
  TrainingAttendanceEntity,
  CertificationEntity,
  TownQuotaEntity,
  TownQuotaChangeEntity,
  SentDownStaffEntity,
  DispatchedAgencyEntity,
  HolidayCalendarEntity,
];

/** A standalone data source for migrations, seeding and tests. */
export function identityDataSource(config: IdentityConfig) {
  return createServiceDataSource({ url: config.DATABASE_URL, schema: IDENTITY_SCHEMA, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS, poolSize: 2 });
}

@Module({})
export class IdentityModule {
  static register(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        PlatformModule.forService({ serviceName: IDENTITY_SERVICE_NAME, schema: IDENTITY_SCHEMA, config, entities: IDENTITY_ENTITIES, migrations: IDENTITY_MIGRATIONS }),
        JwtModule.register({ secret: createSecretKey(Buffer.from(config.JWT_SECRET)), signOptions: { algorithm: 'HS256', issuer: 'yiti-identity', audience: 'yiti' } }),
      ],
      controllers: [AuthHandler, JurisdictionsHandler, OrganisationsHandler, UsersHandler, CatalogHandler, DelegationHandler, AdmissionHandler, TrainingHandler, StaffingHandler, CalendarHandler, ChannelCredentialsHandler],
      providers: [AuthService, SessionRevoker, JurisdictionsService, OrganisationsService, UsersService, CatalogService, DelegationService, AdmissionService, DutiesService, TrainingService, CertificationService, StaffingService, DispatchedAgencyService, CalendarService, ChannelCredentialsService],
    };
  }
}
