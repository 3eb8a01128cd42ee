export const ENFORCEMENT_SERVICE_NAME = 'enforcement';
export const ENFORCEMENT_SCHEMA = 'enforcement';
