'use strict';
// Docker HEALTHCHECK for the service this container runs: GET /health/live on its HTTP port, or on
// its METRICS_PORT when set (the gateway's /health/* and /metrics then answer there only).
// Node only, the image has no curl. Exit 0 = healthy, 1 = unhealthy.
const http = require('node:http');
const path = require('node:path');

function port() {
  const metrics = process.env.METRICS_PORT;
  if (metrics !== undefined && metrics !== '' && metrics !== '0') return Number(metrics);
  const fromEnv = process.env.HTTP_PORT;
  if (fromEnv !== undefined && fromEnv !== '') return Number(fromEnv);
  // Unset: the service listens on its config class's default (as loadConfig does). Loading the
  // config module is slower, so deployments should set HTTP_PORT (docker-compose.yml does).
  const service = process.env.SERVICE ?? '';
  if (service === '') throw new Error('neither HTTP_PORT nor SERVICE is set');
  require('reflect-metadata'); // as main.ts does, before the decorated classes load
  const config = require(path.join(__dirname, '..', 'dist', 'services', service, 'src', 'config.js'));
  for (const exported of Object.values(config)) {
    if (typeof exported !== 'function') continue;
    const value = new exported().HTTP_PORT;
    if (value !== undefined) return Number(value);
  }
  throw new Error(`no HTTP_PORT default found for service "${service}"`);
}

function host() {
  const configured = process.env.HTTP_HOST ?? '';
  if (configured === '' || configured === '0.0.0.0') return '127.0.0.1';
  if (configured === '::') return '::1';
  return configured;
}

function fail(message) {
  console.error(`healthcheck: ${message}`);
  process.exit(1);
}

let target;
try {
  target = { host: host(), port: port() };
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (!Number.isInteger(target.port) || target.port <= 0) fail(`HTTP_PORT ${target.port} cannot be checked: set a fixed port`);

const request = http.get({ ...target, path: '/health/live', timeout: 4000 }, (response) => {
  response.resume();
  if (response.statusCode === 200) process.exit(0);
  fail(`GET /health/live answered ${response.statusCode}`);
});
request.on('timeout', () => request.destroy(new Error('no answer within 4 s')));
request.on('error', (error) => fail(`GET http://${target.host}:${target.port}/health/live: ${error.message}`));
