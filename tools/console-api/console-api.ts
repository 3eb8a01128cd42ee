import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '@yiti/platform';
import { GatewayConfig, buildGatewayOpenApiOffline } from '@yiti/gateway-service';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The console's generated API types, committed beside its client. */
export const CONSOLE_SCHEMA_FILE = join(REPO_ROOT, 'services', 'console', 'src', 'api', 'schema.d.ts');

/**
 * The types openapi-typescript makes of the gateway's OpenAPI document (/docs/openapi.json), built
 * offline: no database, broker or port. The secrets only satisfy the config's checks; nothing is signed.
 */
export async function generateConsoleSchema(): Promise<string> {
  const config = loadConfig(GatewayConfig, { JWT_SECRET: 'x'.repeat(32), AUDIT_MAC_KEY: 'x'.repeat(32), PERSONAL_DATA_KEY: 'x'.repeat(32), LOG_LEVEL: 'silent' });
  const document = await buildGatewayOpenApiOffline(config);
  // The version moves with every release; the types do not depend on it.
  document.info.version = '0.0.0';
  const dir = mkdtempSync(join(tmpdir(), 'yiti-console-api-'));
  try {
    const input = join(dir, 'openapi.json');
    const output = join(dir, 'schema.d.ts');
    writeFileSync(input, JSON.stringify(document));
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), input, '--output', output, '--alphabetize'], { stdio: 'pipe' });
    const header = '/* Generated from the gateway\'s OpenAPI document by `npm run console:api`; do not edit. */\n';
    return header + readFileSync(output, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
