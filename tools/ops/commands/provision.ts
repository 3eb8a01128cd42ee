import type { OpsContext } from '../context';
import { OpsError } from '../output';

export async function provisionCounty(_ctx: OpsContext, _options: { from: string; dryRun?: boolean; passwords: string }): Promise<void> {
  throw new OpsError('not yet');
}
