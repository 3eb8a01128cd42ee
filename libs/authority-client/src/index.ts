export * from './system-actor';
export * from './held-items';
export * from './calendar-source';
export * from './authority-client';
export * from './authority-events';
export * from './authority-client.module';
