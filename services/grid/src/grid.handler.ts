import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AppendPatrolPointsRequest, GRID_SUBJECTS, GridCodeParam, IdParam, ImportGridsRequest, ListGridEventsQuery, ListGridsQuery, ListPatrolsQuery, LocatePointQuery, ReportGridEventRequest, StartPatrolRequest, UserIdParam } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { GridCommands } from './grids/grid-commands';
import { GridQueries } from './grids/grid-queries';
import { GridEvents } from './events/grid-events';
import { Patrols } from './patrols/patrols';

@Controller()
export class GridHandler {
  constructor(
    private readonly commands: GridCommands,
    private readonly queries: GridQueries,
    private readonly events: GridEvents,
    private readonly patrols: Patrols,
  ) {}

  @Handles(GRID_SUBJECTS.importGrids)
  importGrids(@Payload(command(GRID_SUBJECTS.importGrids)) cmd: Command<ImportGridsRequest>) {
    return this.commands.importGrids(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listGrids)
  listGrids(@Payload(command(GRID_SUBJECTS.listGrids)) cmd: Command<ListGridsQuery>) {
    return this.queries.list(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getGrid)
  getGrid(@Payload(command(GRID_SUBJECTS.getGrid)) cmd: Command<GridCodeParam>) {
    return this.queries.get(cmd.actor, cmd.data.code);
  }

  @Handles(GRID_SUBJECTS.locate)
  locate(@Payload(command(GRID_SUBJECTS.locate)) cmd: Command<LocatePointQuery>) {
    return this.queries.locate(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.reportEvent)
  report(@Payload(command(GRID_SUBJECTS.reportEvent)) cmd: Command<ReportGridEventRequest>) {
    return this.events.report(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listEvents)
  listEvents(@Payload(command(GRID_SUBJECTS.listEvents)) cmd: Command<ListGridEventsQuery>) {
    return this.events.list(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getEvent)
  getEvent(@Payload(command(GRID_SUBJECTS.getEvent)) cmd: Command<IdParam>) {
    return this.events.get(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.gridSummary)
  summary(@Payload(command(GRID_SUBJECTS.gridSummary)) cmd: Command<GridCodeParam>) {
    return this.queries.summary(cmd.actor, cmd.data.code);
  }

  @Handles(GRID_SUBJECTS.workerWorkload)
  workload(@Payload(command(GRID_SUBJECTS.workerWorkload)) cmd: Command<UserIdParam>) {
    return this.queries.workload(cmd.actor, cmd.data.userId);
  }

  @Handles(GRID_SUBJECTS.startPatrol)
  startPatrol(@Payload(command(GRID_SUBJECTS.startPatrol)) cmd: Command<StartPatrolRequest>) {
    return this.patrols.start(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.appendPatrolPoints)
  appendPatrolPoints(@Payload(command(GRID_SUBJECTS.appendPatrolPoints)) cmd: Command<AppendPatrolPointsRequest>) {
    return this.patrols.append(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.endPatrol)
  endPatrol(@Payload(command(GRID_SUBJECTS.endPatrol)) cmd: Command<IdParam>) {
    return this.patrols.end(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.getPatrol)
  getPatrol(@Payload(command(GRID_SUBJECTS.getPatrol)) cmd: Command<IdParam>) {
    return this.patrols.get(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.listPatrols)
  listPatrols(@Payload(command(GRID_SUBJECTS.listPatrols)) cmd: Command<ListPatrolsQuery>) {
    return this.patrols.list(cmd.actor, cmd.data);
  }
}
