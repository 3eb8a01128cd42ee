import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootstrapService, loadConfig, personalDataProtector, printJson, rotatePersonalDataCommand, runServiceMain } from '@yiti/platform';
import { COMMAND_DISPATCH_SCHEMA, COMMAND_DISPATCH_SERVICE_NAME, CommandDispatchModule, commandDispatchDataSource } from './command-dispatch.module';
import { CommandDispatchConfig } from './config';
import { SlaTimers } from './sla/sla-timers';
import { callerPersonalData } from './work-orders/caller-personal-data';

async function main(): Promise<void> {
  const config = loadConfig(CommandDispatchConfig);
  // serve (default), migrate and the platform's operator commands; the service's own go in `commands`.
  await runServiceMain({
    serviceName: COMMAND_DISPATCH_SERVICE_NAME,
    schema: COMMAND_DISPATCH_SCHEMA,
    config,
    dataSource: () => commandDispatchDataSource(config),
    serve: () => bootstrapService(CommandDispatchModule.register(config), { serviceName: COMMAND_DISPATCH_SERVICE_NAME, config }),
    commands: {
      'rotate-personal-data': rotatePersonalDataCommand(COMMAND_DISPATCH_SERVICE_NAME, () => personalDataProtector(config), callerPersonalData()),
      'sla-scan': {
        usage: 'sla-scan                       fire the due SLA timers once now (what every instance does every SLA_SCAN_MS: due-soon warnings, 督办); prints how many fired and how long the scan took',
        async run() {
          const app = await NestFactory.createApplicationContext(CommandDispatchModule.register(Object.assign(new CommandDispatchConfig(), config, { SLA_SCAN_MS: 0 })), { logger: ['error', 'warn'] });
          try {
            const timers = app.get(SlaTimers);
            const started = process.hrtime.bigint();
            const fired = await timers.scanOnce();
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const [{ open }]: { open: number }[] = await timers.openTimerCount();
            printJson({ service: COMMAND_DISPATCH_SERVICE_NAME, slaScan: { fired, ms: Math.round(ms * 10) / 10, timers: open } });
            return true;
          } finally {
            await app.close();
          }
        },
      },
    },
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
