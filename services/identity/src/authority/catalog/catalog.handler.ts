import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, CountyCodeParam, CreateCatalogVersionRequest, IdParam, ImportCatalogItemsCommand, ListCatalogItemsQuery, SetCountyCatalogCommand } from '@yiti/contracts';
import { command, type Command } from '@yiti/platform';
import { parseCatalogCsv } from './catalog-csv';
import { CatalogService } from './catalog.service';

@Controller()
export class CatalogHandler {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(AUTHORITY_SUBJECTS.listCatalogVersions)
  listVersions(@Payload(command(null)) _: Command<unknown>) {
    return this.catalog.listVersions();
  }

  @MessagePattern(AUTHORITY_SUBJECTS.createCatalogVersion)
  createVersion(@Payload(command(CreateCatalogVersionRequest)) cmd: Command<CreateCatalogVersionRequest>) {
    return this.catalog.createVersion(cmd.actor, cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.importCatalogItems)
  importItems(@Payload(command(ImportCatalogItemsCommand)) cmd: Command<ImportCatalogItemsCommand>) {
    return this.catalog.importItems(cmd.actor, cmd.data, parseCatalogCsv);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.listCatalogItems)
  listItems(@Payload(command(ListCatalogItemsQuery)) cmd: Command<ListCatalogItemsQuery>) {
    return this.catalog.listItems(cmd.data);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getCatalogItem)
  getItem(@Payload(command(IdParam)) cmd: Command<IdParam>) {
    return this.catalog.getItem(cmd.data.id);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.setCountyCatalog)
  setCountyCatalog(@Payload(command(SetCountyCatalogCommand)) cmd: Command<SetCountyCatalogCommand>) {
    return this.catalog.setCountyCatalog(cmd.actor, cmd.data.countyCode, cmd.data.versionId);
  }

  @MessagePattern(AUTHORITY_SUBJECTS.getCountyCatalog)
  getCountyCatalog(@Payload(command(CountyCodeParam)) cmd: Command<CountyCodeParam>) {
    return this.catalog.getCountyCatalog(cmd.actor, cmd.data.countyCode);
  }
}
