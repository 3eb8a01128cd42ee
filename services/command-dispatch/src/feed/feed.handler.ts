import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, DashboardQuery, WorkOrderChangesQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { FeedQueries } from './feed-queries';

@Controller()
export class FeedHandler {
  constructor(private readonly feed: FeedQueries) {}

  @Handles(COMMAND_DISPATCH_SUBJECTS.changes)
  changes(@Payload(command(COMMAND_DISPATCH_SUBJECTS.changes)) cmd: Command<WorkOrderChangesQuery>) {
    return this.feed.changes(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.dashboard)
  dashboard(@Payload(command(COMMAND_DISPATCH_SUBJECTS.dashboard)) cmd: Command<DashboardQuery>) {
    return this.feed.dashboard(cmd.actor, cmd.data);
  }
}
