export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
