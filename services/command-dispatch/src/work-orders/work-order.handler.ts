import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, IdParam, ListWorkOrdersQuery, RegisterWorkOrderRequest, WorkOrderStepCommand } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { WorkOrderCommands } from './work-order-commands';
import { WorkOrderQueries } from './work-order-queries';

@Controller()
export class WorkOrderHandler {
  constructor(
    private readonly commands: WorkOrderCommands,
    private readonly queries: WorkOrderQueries,
  ) {}

  @Handles(COMMAND_DISPATCH_SUBJECTS.registerWorkOrder)
  register(@Payload(command(COMMAND_DISPATCH_SUBJECTS.registerWorkOrder)) cmd: Command<RegisterWorkOrderRequest>) {
    return this.commands.register(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.takeStep)
  step(@Payload(command(COMMAND_DISPATCH_SUBJECTS.takeStep)) cmd: Command<WorkOrderStepCommand>) {
    return this.commands.step(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.getWorkOrder)
  get(@Payload(command(COMMAND_DISPATCH_SUBJECTS.getWorkOrder)) cmd: Command<IdParam>) {
    return this.queries.get(cmd.actor, cmd.data.id);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.listWorkOrders)
  list(@Payload(command(COMMAND_DISPATCH_SUBJECTS.listWorkOrders)) cmd: Command<ListWorkOrdersQuery>) {
    return this.queries.list(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.history)
  history(@Payload(command(COMMAND_DISPATCH_SUBJECTS.history)) cmd: Command<IdParam>) {
    return this.queries.history(cmd.actor, cmd.data.id);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.subTasks)
  subTasks(@Payload(command(COMMAND_DISPATCH_SUBJECTS.subTasks)) cmd: Command<IdParam>) {
    return this.queries.subTasks(cmd.actor, cmd.data.id);
  }
}
