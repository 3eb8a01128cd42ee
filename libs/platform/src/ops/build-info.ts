import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What release and commit this code is: `yiti-ops version`, `GET /api/v1/version`, the `yiti_build_info` gauge. */
export interface BuildInfo {
  /** package.json's version. */
  release: string;
  /** The git commit: YITI_COMMIT (the image's build argument), else `build-info.json` written by `npm run build`, else `unknown`. */
  commit: string;
}

/** The repository's (or image's) package.json and dist/, found upwards from this file. */
function findUp(from: string, name: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return null;
  }
}

let cached: BuildInfo | null = null;

export function buildInfo(env: NodeJS.ProcessEnv = process.env): BuildInfo {
  if (cached && !env.YITI_COMMIT) return cached;
  const pkgPath = findUp(__dirname, 'package.json');
  const release = pkgPath ? ((JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string }).version ?? 'unknown') : 'unknown';
  let commit = env.YITI_COMMIT || '';
  if (!commit && pkgPath) {
    const file = join(dirname(pkgPath), 'dist', 'build-info.json');
    if (existsSync(file)) commit = (JSON.parse(readFileSync(file, 'utf8')) as { commit?: string }).commit ?? '';
  }
  const info = { release, commit: commit || 'unknown' };
  if (!env.YITI_COMMIT) cached = info;
  return info;
}
