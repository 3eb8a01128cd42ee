/**
 * The last step of `npm run build`: tsc compiles only .ts, so the data files the services read
 * beside their code (*.csv, e.g. the sample power catalog) are copied into dist here, where
 * `npm start` and the Docker image run them.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..'); // dist/tools/build → repository root
const isDataFile = (path: string) => path.endsWith('.csv');

cpSync(resolve(REPO_ROOT, 'services'), resolve(REPO_ROOT, 'dist', 'services'), {
  recursive: true,
  filter: (path) => statSync(path).isDirectory() || isDataFile(path),
});

// The commit this build is of, for `yiti-ops version`, GET /api/v1/version and yiti_build_info:
// YITI_COMMIT (the image's build argument: no .git in its context), else git's HEAD, else unknown.
function commitOfThisBuild(): string {
  if (process.env.YITI_COMMIT) return process.env.YITI_COMMIT;
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
writeFileSync(resolve(REPO_ROOT, 'dist', 'build-info.json'), JSON.stringify({ commit: commitOfThisBuild(), builtAt: new Date().toISOString() }) + '\n');

// package.json's bin (`npx yiti-ops`) and the image's /usr/local/bin/yiti-ops run it directly.
chmodSync(resolve(REPO_ROOT, 'dist', 'tools', 'ops', 'main.js'), 0o755);
