import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GRID_SUBJECTS, GridCodeParam, IdParam, ImportGridsRequest, ImportHouseholdsRequest, ListHouseholdsQuery, ListGridEventsQuery, ListGridsQuery, LocatePointQuery, ReportGridEventRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { GridCommands } from './grids/grid-commands';
import { GridQueries } from './grids/grid-queries';
import { GridEvents } from './events/grid-events';
import { Households } from './households/households';

@Controller()
export class GridHandler {
  constructor(
    private readonly commands: GridCommands,
    private readonly queries: GridQueries,
    private readonly events: GridEvents,
    private readonly households: Households,
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

  @Handles(GRID_SUBJECTS.importHouseholds)
  importHouseholds(@Payload(command(GRID_SUBJECTS.importHouseholds)) cmd: Command<ImportHouseholdsRequest>) {
    return this.households.startImport(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getHouseholdImport)
  getHouseholdImport(@Payload(command(GRID_SUBJECTS.getHouseholdImport)) cmd: Command<IdParam>) {
    return this.households.getImport(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.listHouseholds)
  listHouseholds(@Payload(command(GRID_SUBJECTS.listHouseholds)) cmd: Command<ListHouseholdsQuery>) {
    return this.households.list(cmd.actor, cmd.data);
  }
}
