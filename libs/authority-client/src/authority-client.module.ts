import { Module } from '@nestjs/common';
import { AuthorityClient } from './authority-client';
import { AuthorityEvents } from './authority-events';
import { CalendarSource } from './calendar-source';

/**
 * What every service knows of the authority registry (identity): import it beside the platform
 * module. The service's migrations must create its held-item table (`createHeldItemTable`).
 */
@Module({
  providers: [AuthorityClient, CalendarSource, AuthorityEvents],
  exports: [AuthorityClient, CalendarSource, AuthorityEvents],
})
export class AuthorityClientModule {}
