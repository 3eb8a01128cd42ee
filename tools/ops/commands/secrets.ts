import type { OpsContext } from '../context';
import { OpsError } from '../output';

export async function rotateSecret(_ctx: OpsContext, _kind: string, _options: { apply?: boolean }): Promise<void> {
  throw new OpsError('not yet');
}
