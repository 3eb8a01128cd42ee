export const COMMAND_DISPATCH_SERVICE_NAME = 'command-dispatch';
export const COMMAND_DISPATCH_SCHEMA = 'command_dispatch';
