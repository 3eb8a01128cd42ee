import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AUTHORITY_SUBJECTS, CountyCodeParam, CreateCatalogVersionRequest, IdParam, ImportCatalogItemsCommand, ListCatalogItemsQuery, SetCountyCatalogCommand } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { parseCatalogCsv } from './catalog-csv';
import { CatalogService } from './catalog.service';

@Controller()
export class CatalogHandler {
  constructor(private readonly catalog: CatalogService) {}

  @Handles(AUTHORITY_SUBJECTS.listCatalogVersions)
  listVersions(@Payload(command(AUTHORITY_SUBJECTS.listCatalogVersions)) _: Command<unknown>) {
    return this.catalog.listVersions();
  }

  @Handles(AUTHORITY_SUBJECTS.createCatalogVersion)
  createVersion(@Payload(command(AUTHORITY_SUBJECTS.createCatalogVersion)) cmd: Command<CreateCatalogVersionRequest>) {
    return this.catalog.createVersion(cmd.actor, cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.importCatalogItems)
  importItems(@Payload(command(AUTHORITY_SUBJECTS.importCatalogItems)) cmd: Command<ImportCatalogItemsCommand>) {
    return this.catalog.importItems(cmd.actor, cmd.data, parseCatalogCsv);
  }

  @Handles(AUTHORITY_SUBJECTS.listCatalogItems)
  listItems(@Payload(command(AUTHORITY_SUBJECTS.listCatalogItems)) cmd: Command<ListCatalogItemsQuery>) {
    return this.catalog.listItems(cmd.data);
  }

  @Handles(AUTHORITY_SUBJECTS.getCatalogItem)
  getItem(@Payload(command(AUTHORITY_SUBJECTS.getCatalogItem)) cmd: Command<IdParam>) {
    return this.catalog.getItem(cmd.data.id);
  }

  @Handles(AUTHORITY_SUBJECTS.setCountyCatalog)
  setCountyCatalog(@Payload(command(AUTHORITY_SUBJECTS.setCountyCatalog)) cmd: Command<SetCountyCatalogCommand>) {
    return this.catalog.setCountyCatalog(cmd.actor, cmd.data.countyCode, cmd.data.versionId);
  }

  @Handles(AUTHORITY_SUBJECTS.getCountyCatalog)
  getCountyCatalog(@Payload(command(AUTHORITY_SUBJECTS.getCountyCatalog)) cmd: Command<CountyCodeParam>) {
    return this.catalog.getCountyCatalog(cmd.actor, cmd.data.countyCode);
  }
}
