import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { APPROVAL_SUBJECTS, ApplicationStatisticsQuery, ApplicationStepCommand, DeadlinesQuery, IdParam, ListApplicationsQuery, NoticeParams, RegisterApplicationRequest } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { ApplicationService } from './application.service';

@Controller()
export class ApplicationHandler {
  constructor(private readonly applications: ApplicationService) {}

  @MessagePattern(APPROVAL_SUBJECTS.registerApplication)
  register(@Payload(command(RegisterApplicationRequest)) cmd: Command<RegisterApplicationRequest>) {
    return this.applications.register(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.takeStep)
  step(@Payload(command(ApplicationStepCommand)) cmd: Command<ApplicationStepCommand>) {
    return this.applications.step(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.getApplication)
  get(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.applications.get(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.listApplications)
  list(@Payload(command(ListApplicationsQuery)) cmd: Command<ListApplicationsQuery>) {
    return this.applications.list(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.listNotices)
  notices(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.applications.notices(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.printNotice)
  printNotice(@Payload(command(NoticeParams)) cmd: Command<NoticeParams>) {
    return this.applications.printNotice(cmd.actor, cmd.data.id, cmd.data.noticeId);
  }

  @MessagePattern(APPROVAL_SUBJECTS.history)
  history(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.applications.history(cmd.actor, cmd.data.id);
  }

  @MessagePattern(APPROVAL_SUBJECTS.deadlines)
  deadlines(@Payload(command(DeadlinesQuery)) cmd: Command<DeadlinesQuery>) {
    return this.applications.deadlines(cmd.actor, cmd.data);
  }

  @MessagePattern(APPROVAL_SUBJECTS.statistics)
  statistics(@Payload(command(ApplicationStatisticsQuery)) cmd: Command<ApplicationStatisticsQuery>) {
    return this.applications.statistics(cmd.actor, cmd.data);
  }
}
