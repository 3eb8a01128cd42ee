import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RANDOM_CHECK_SUBJECTS,
  type CreateCheckItemRequest,
  type CreateDrawRequest,
  type DrawIdParam,
  type EnrolInspectorRequest,
  type ImportCheckEntitiesRequest,
  type ListAssignmentsCommand,
  type ListCheckEntitiesQuery,
  type ListCheckItemsQuery,
  type ListDrawsQuery,
  type ListInspectorsQuery,
  type PublicDrawParam,
  type PublicDrawsQuery,
  type PublicResultsQuery,
  type RecordCheckResultCommand,
} from '@yiti/contracts';
import { anonymousCommand, command, Handles, type AnonymousCommand, type Command } from '@yiti/platform';
import { RandomChecks } from './random-checks';

@Controller()
export class RandomChecksHandler {
  constructor(private readonly checks: RandomChecks) {}

  @Handles(RANDOM_CHECK_SUBJECTS.createItem)
  createItem(@Payload(command(RANDOM_CHECK_SUBJECTS.createItem)) cmd: Command<CreateCheckItemRequest>) {
    return this.checks.createItem(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.listItems)
  listItems(@Payload(command(RANDOM_CHECK_SUBJECTS.listItems)) cmd: Command<ListCheckItemsQuery>) {
    return this.checks.listItems(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.importEntities)
  importEntities(@Payload(command(RANDOM_CHECK_SUBJECTS.importEntities)) cmd: Command<ImportCheckEntitiesRequest>) {
    return this.checks.importEntities(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.listEntities)
  listEntities(@Payload(command(RANDOM_CHECK_SUBJECTS.listEntities)) cmd: Command<ListCheckEntitiesQuery>) {
    return this.checks.listEntities(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.enrolInspector)
  enrolInspector(@Payload(command(RANDOM_CHECK_SUBJECTS.enrolInspector)) cmd: Command<EnrolInspectorRequest>) {
    return this.checks.enrolInspector(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.listInspectors)
  listInspectors(@Payload(command(RANDOM_CHECK_SUBJECTS.listInspectors)) cmd: Command<ListInspectorsQuery>) {
    return this.checks.listInspectors(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.draw)
  draw(@Payload(command(RANDOM_CHECK_SUBJECTS.draw)) cmd: Command<CreateDrawRequest>) {
    return this.checks.draw(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.listDraws)
  listDraws(@Payload(command(RANDOM_CHECK_SUBJECTS.listDraws)) cmd: Command<ListDrawsQuery>) {
    return this.checks.listDraws(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.getDraw)
  getDraw(@Payload(command(RANDOM_CHECK_SUBJECTS.getDraw)) cmd: Command<DrawIdParam>) {
    return this.checks.getDraw(cmd.actor, cmd.data.drawId);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.getSnapshot)
  getSnapshot(@Payload(command(RANDOM_CHECK_SUBJECTS.getSnapshot)) cmd: Command<DrawIdParam>) {
    return this.checks.getSnapshot(cmd.actor, cmd.data.drawId);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.listAssignments)
  listAssignments(@Payload(command(RANDOM_CHECK_SUBJECTS.listAssignments)) cmd: Command<ListAssignmentsCommand>) {
    return this.checks.listAssignments(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.recordResult)
  recordResult(@Payload(command(RANDOM_CHECK_SUBJECTS.recordResult)) cmd: Command<RecordCheckResultCommand>) {
    return this.checks.recordResult(cmd.actor, cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.publicDraws)
  publicDraws(@Payload(anonymousCommand(RANDOM_CHECK_SUBJECTS.publicDraws)) cmd: AnonymousCommand<PublicDrawsQuery>) {
    return this.checks.publicDraws(cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.publicResults)
  publicResults(@Payload(anonymousCommand(RANDOM_CHECK_SUBJECTS.publicResults)) cmd: AnonymousCommand<PublicResultsQuery>) {
    return this.checks.publicResults(cmd.data);
  }

  @Handles(RANDOM_CHECK_SUBJECTS.verifyDraw)
  verifyDraw(@Payload(anonymousCommand(RANDOM_CHECK_SUBJECTS.verifyDraw)) cmd: AnonymousCommand<PublicDrawParam>) {
    return this.checks.verify(cmd.data.drawId);
  }
}
