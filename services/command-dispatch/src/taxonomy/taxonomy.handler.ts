import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { COMMAND_DISPATCH_SUBJECTS, CountyParam, SaveCategoryRequest, SaveDispatchSettingsRequest } from '@yiti/contracts';
import { command, type Command, Handles } from '@yiti/platform';
import { TaxonomyAdmin } from './taxonomy-admin';

@Controller()
export class TaxonomyHandler {
  constructor(private readonly taxonomy: TaxonomyAdmin) {}

  @Handles(COMMAND_DISPATCH_SUBJECTS.listCategories)
  list(@Payload(command(COMMAND_DISPATCH_SUBJECTS.listCategories)) cmd: Command<CountyParam>) {
    return this.taxonomy.list(cmd.actor, cmd.data.countyCode);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.saveCategory)
  save(@Payload(command(COMMAND_DISPATCH_SUBJECTS.saveCategory)) cmd: Command<SaveCategoryRequest>) {
    return this.taxonomy.save(cmd.actor, cmd.data);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.getSettings)
  getSettings(@Payload(command(COMMAND_DISPATCH_SUBJECTS.getSettings)) cmd: Command<CountyParam>) {
    return this.taxonomy.getSettings(cmd.actor, cmd.data.countyCode);
  }

  @Handles(COMMAND_DISPATCH_SUBJECTS.saveSettings)
  saveSettings(@Payload(command(COMMAND_DISPATCH_SUBJECTS.saveSettings)) cmd: Command<SaveDispatchSettingsRequest>) {
    return this.taxonomy.saveSettings(cmd.actor, cmd.data);
  }
}
