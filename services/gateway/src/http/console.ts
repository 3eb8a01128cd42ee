import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The web console (services/console), built by Vite into static files, served by the gateway at `/`
 * on the same origin as the API, under the gateway's strict CSP (script-src 'self': the build has no
 * inline script). The console routes in the URL's fragment (`/#/window`), so no path needs a
 * fallback to index.html: every file is one route, found once at start.
 */

/** dist/console of the repository or image: the nearest folder above the gateway's code that has one. */
export function defaultConsoleDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'console');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    // Running from dist/services/gateway/src: dist/console is a sibling of dist/services.
    if (existsSync(join(dir, 'console', 'index.html')) && existsSync(join(dir, 'services'))) return join(dir, 'console');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The console folder to serve, or undefined when none is built (then `/` leads to /docs). */
export function consoleDir(configured: string): string | undefined {
  if (configured) return existsSync(join(configured, 'index.html')) ? resolve(configured) : undefined;
  return defaultConsoleDir();
}

/**
 * Serves the console's files. Hashed assets may be cached for a year; index.html never (a new
 * release is picked up at the next load). Without a built console, `/` redirects to the API docs.
 */
export async function useConsole(app: NestFastifyApplication, configured: string): Promise<string | undefined> {
  const root = consoleDir(configured);
  if (!root) {
    app.getHttpAdapter().getInstance().get('/', (_request, reply) => reply.redirect('/docs', 302));
    return undefined;
  }
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.getHttpAdapter().getInstance().register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    // Given Fastify's reply (this version of @fastify/static), not Node's response.
    setHeaders: (reply: { header: (name: string, value: string) => unknown }, path: string) => {
      reply.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-store');
    },
  });
  return root;
}
