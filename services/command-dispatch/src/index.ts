/** What tests and tools may use of the command-dispatch service (services never import each other). */
import type { ServiceDefinition } from '@yiti/platform';
import { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME, CommandDispatchModule, commandDispatchDataSource } from './command-dispatch.module';
import { CommandDispatchConfig } from './config';

export { CommandDispatchConfig } from './config';
export { SlaTimers } from './sla/sla-timers';
export { RuleTimers } from './early-warning/rule-timers';
export { callerPersonalData } from './work-orders/caller-personal-data';
export { WorkOrderIntake, type InternalWorkOrderInput } from './work-orders/work-order-intake';
export { CommandDispatchModule, COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME, commandDispatchDataSource } from './command-dispatch.module';

/** The command-dispatch service as the test harness, global setup and tools start and migrate it. */
export const COMMAND_DISPATCH_SERVICE: ServiceDefinition<CommandDispatchConfig> = {
  name: COMMAND_DISPATCH_SERVICE_NAME,
  schema: COMMAND_DISPATCH_SCHEMA,
  configClass: CommandDispatchConfig,
  module: (config) => CommandDispatchModule.register(config),
  dataSource: commandDispatchDataSource,
};
