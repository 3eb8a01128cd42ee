import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { CONSOLE_SCHEMA_FILE, generateConsoleSchema } from './console-api';

/**
 * The console's typed client cannot drift from the API: its committed types must be exactly what
 * the gateway's current OpenAPI document generates. `npm run console:api` rewrites them.
 */
describe('the console API types', () => {
  it('match the gateway\'s OpenAPI document (run npm run console:api when the API changed)', async () => {
    const generated = await generateConsoleSchema();
    if (process.env.UPDATE_CONSOLE_API === '1') writeFileSync(CONSOLE_SCHEMA_FILE, generated);
    expect(existsSync(CONSOLE_SCHEMA_FILE)).toBe(true);
    expect(readFileSync(CONSOLE_SCHEMA_FILE, 'utf8')).toBe(generated);
    expect(generated).toContain('"/api/v1/applications"');
  }, 60_000);
});
