/**
 * The last step of `npm run build`: tsc compiles only .ts, so the data files the services read
 * beside their code (*.csv, e.g. the sample power catalog) are copied into dist here, where
 * `npm start` and the Docker image run them.
 */
import { cpSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..'); // dist/tools/build → repository root
const isDataFile = (path: string) => path.endsWith('.csv');

cpSync(resolve(REPO_ROOT, 'services'), resolve(REPO_ROOT, 'dist', 'services'), {
  recursive: true,
  filter: (path) => statSync(path).isDirectory() || isDataFile(path),
});
