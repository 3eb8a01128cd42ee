import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { APPROVAL_SUBJECTS, ApplicationStatisticsQuery, ApplicationStepCommand, DeadlinesQuery, IdParam, ListApplicationsQuery, NoticeParams, RegisterApplicationRequest, UnroutedApplicationsQuery } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { ApplicationCommands } from './application-commands';
import { ApplicationQueries } from './application-queries';

@Controller()
export class ApplicationHandler {
  constructor(
    private readonly commands: ApplicationCommands,
    private readonly queries: ApplicationQueries,
  ) {}

  @Handles(APPROVAL_SUBJECTS.registerApplication)
  register(@Payload(command(APPROVAL_SUBJECTS.registerApplication)) cmd: Command<RegisterApplicationRequest>) {
    return this.commands.register(cmd.actor, cmd.data);
  }

  @Handles(APPROVAL_SUBJECTS.takeStep)
  step(@Payload(command(APPROVAL_SUBJECTS.takeStep)) cmd: Command<ApplicationStepCommand>) {
    return this.commands.step(cmd.actor, cmd.data);
  }

  @Handles(APPROVAL_SUBJECTS.getApplication)
  get(@Payload(command(APPROVAL_SUBJECTS.getApplication)) cmd: Command<IdParam>) {
    return this.queries.get(cmd.actor, cmd.data.id);
  }

  @Handles(APPROVAL_SUBJECTS.listApplications)
  list(@Payload(command(APPROVAL_SUBJECTS.listApplications)) cmd: Command<ListApplicationsQuery>) {
    return this.queries.list(cmd.actor, cmd.data);
  }

  @Handles(APPROVAL_SUBJECTS.listUnrouted)
  unrouted(@Payload(command(APPROVAL_SUBJECTS.listUnrouted)) cmd: Command<UnroutedApplicationsQuery>) {
    return this.queries.unrouted(cmd.actor, cmd.data);
  }

  @Handles(APPROVAL_SUBJECTS.listNotices)
  notices(@Payload(command(APPROVAL_SUBJECTS.listNotices)) cmd: Command<IdParam>) {
    return this.queries.notices(cmd.actor, cmd.data.id);
  }

  @Handles(APPROVAL_SUBJECTS.printNotice)
  printNotice(@Payload(command(APPROVAL_SUBJECTS.printNotice)) cmd: Command<NoticeParams>) {
    return this.queries.printNotice(cmd.actor, cmd.data.id, cmd.data.noticeId);
  }

  @Handles(APPROVAL_SUBJECTS.history)
  history(@Payload(command(APPROVAL_SUBJECTS.history)) cmd: Command<IdParam>) {
    return this.queries.history(cmd.actor, cmd.data.id);
  }

  @Handles(APPROVAL_SUBJECTS.deadlines)
  deadlines(@Payload(command(APPROVAL_SUBJECTS.deadlines)) cmd: Command<DeadlinesQuery>) {
    return this.queries.deadlines(cmd.actor, cmd.data);
  }

  @Handles(APPROVAL_SUBJECTS.statistics)
  statistics(@Payload(command(APPROVAL_SUBJECTS.statistics)) cmd: Command<ApplicationStatisticsQuery>) {
    return this.queries.statistics(cmd.actor, cmd.data);
  }
}
