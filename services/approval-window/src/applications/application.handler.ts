import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { APPROVAL_SUBJECTS, ApplicationStatisticsQuery, ApplicationStepCommand, DeadlinesQuery, IdParam, ListApplicationsQuery, NoticeParams, RegisterApplicationRequest } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { ApplicationCommands } from './application-commands';
import { ApplicationQueries } from './application-queries';

@Controller()
export class ApplicationHandler {
  constructor(
    private readonly commands: ApplicationCommands,
    private readonly queries: ApplicationQueries,
  ) {}

  @MessagePattern(APPROVAL_SUBJECTS.registerApplication)
  register(@Payload(command(RegisterApplicationRequest)) cmd: Command<RegisterApplicationRequest>) {
    return this.commands.register(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.takeStep)
  step(@Payload(command(ApplicationStepCommand)) cmd: Command<ApplicationStepCommand>) {
    return this.commands.step(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.getApplication)
  get(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.queries.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.listApplications)
  list(@Payload(command(ListApplicationsQuery)) cmd: Command<ListApplicationsQuery>) {
    return this.queries.list(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.listNotices)
  notices(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.queries.notices(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.printNotice)
  printNotice(@Payload(command(NoticeParams)) cmd: Command<NoticeParams>) {
    return this.queries.printNotice(cmd.actor, cmd.data.id, cmd.data.noticeId);
  }

  @MessagePattern(APPROVAL_SUBJECTS.history)
  history(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.queries.history(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.deadlines)
  deadlines(@Payload(command(DeadlinesQuery)) cmd: Command<DeadlinesQuery>) {
    return this.queries.deadlines(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.statistics)
  statistics(@Payload(command(ApplicationStatisticsQuery)) cmd: Command<ApplicationStatisticsQuery>) {
    return this.queries.statistics(cmd.actor, cmd.data);
  }
}
