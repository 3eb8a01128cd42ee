import { PersonalDataServiceConfig, withAttachmentStore } from '@yiti/platform';

/**
 * The grid service. Residents' ID numbers and phones are personal data (PERSONAL_DATA_KEY …); CSV
 * imports read the files the gateway stored, so the service names the same attachment store.
 */
export class GridConfig extends withAttachmentStore(PersonalDataServiceConfig) {
  override HTTP_PORT = 3103;
}
