import { BaseServiceConfig } from '@yiti/platform';

/** The approval-window service (审批服务一窗口): the base settings only, for now. */
export class ApprovalWindowConfig extends BaseServiceConfig {
  override HTTP_PORT = 3102;
}
