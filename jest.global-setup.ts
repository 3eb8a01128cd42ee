import { register } from 'tsconfig-paths';
import { compilerOptions } from './tsconfig.base.json';

/** Jest's globalSetup runs outside its module mapper: resolve the @yiti/* aliases here, then set up. */
export default async function globalSetup(): Promise<void> {
  register({ baseUrl: __dirname, paths: compilerOptions.paths });
  const { default: setup } = (await import('./libs/testing/src/global-setup')) as { default: () => Promise<void> };
  await setup();
}
