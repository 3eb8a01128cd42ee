export * from './test-env';
export * from './poll';
export * from './harness';
export * from './fixtures';
export * from './nats-server';
export * from './platform-fixtures';
export * from './services';
export * from './tcp-proxy';
