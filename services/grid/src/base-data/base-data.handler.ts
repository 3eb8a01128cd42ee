import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { GRID_SUBJECTS, IdParam, ListByGridQuery, ListEnterprisesQuery, ListHouseholdsQuery, ListResidentsQuery, ListVacantHouseholdsQuery, RegisterBuildingRequest, RegisterEnterpriseRequest, RegisterHouseholdRequest, RegisterResidentRequest, SearchResidentsRequest, StartBaseDataImportRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { Households } from '../households/households';
import { BaseDataImports } from '../imports/base-data-imports';
import { Enterprises } from './enterprises';
import { Residents } from './residents';

/** 基础信息: residents, households, enterprises and places, buildings, and their CSV imports. */
@Controller()
export class BaseDataHandler {
  constructor(
    private readonly imports: BaseDataImports,
    private readonly households: Households,
    private readonly residents: Residents,
    private readonly enterprises: Enterprises,
  ) {}

  @Handles(GRID_SUBJECTS.startImport)
  startImport(@Payload(command(GRID_SUBJECTS.startImport)) cmd: Command<StartBaseDataImportRequest>) {
    return this.imports.start(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getImport)
  getImport(@Payload(command(GRID_SUBJECTS.getImport)) cmd: Command<IdParam>) {
    return this.imports.get(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.registerHousehold)
  registerHousehold(@Payload(command(GRID_SUBJECTS.registerHousehold)) cmd: Command<RegisterHouseholdRequest>) {
    return this.households.register(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listHouseholds)
  listHouseholds(@Payload(command(GRID_SUBJECTS.listHouseholds)) cmd: Command<ListHouseholdsQuery>) {
    return this.households.list(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.vacantHouseholds)
  vacantHouseholds(@Payload(command(GRID_SUBJECTS.vacantHouseholds)) cmd: Command<ListVacantHouseholdsQuery>) {
    return this.households.vacant(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.registerResident)
  registerResident(@Payload(command(GRID_SUBJECTS.registerResident)) cmd: Command<RegisterResidentRequest>) {
    return this.residents.register(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listResidents)
  listResidents(@Payload(command(GRID_SUBJECTS.listResidents)) cmd: Command<ListResidentsQuery>) {
    return this.residents.list(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getResident)
  getResident(@Payload(command(GRID_SUBJECTS.getResident)) cmd: Command<IdParam>) {
    return this.residents.get(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.searchResidents)
  searchResidents(@Payload(command(GRID_SUBJECTS.searchResidents)) cmd: Command<SearchResidentsRequest>) {
    return this.residents.search(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.registerEnterprise)
  registerEnterprise(@Payload(command(GRID_SUBJECTS.registerEnterprise)) cmd: Command<RegisterEnterpriseRequest>) {
    return this.enterprises.register(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listEnterprises)
  listEnterprises(@Payload(command(GRID_SUBJECTS.listEnterprises)) cmd: Command<ListEnterprisesQuery>) {
    return this.enterprises.list(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.getEnterprise)
  getEnterprise(@Payload(command(GRID_SUBJECTS.getEnterprise)) cmd: Command<IdParam>) {
    return this.enterprises.get(cmd.actor, cmd.data.id);
  }

  @Handles(GRID_SUBJECTS.registerBuilding)
  registerBuilding(@Payload(command(GRID_SUBJECTS.registerBuilding)) cmd: Command<RegisterBuildingRequest>) {
    return this.enterprises.registerBuilding(cmd.actor, cmd.data);
  }

  @Handles(GRID_SUBJECTS.listBuildings)
  listBuildings(@Payload(command(GRID_SUBJECTS.listBuildings)) cmd: Command<ListByGridQuery>) {
    return this.enterprises.listBuildings(cmd.actor, cmd.data);
  }
}
