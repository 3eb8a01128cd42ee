#!/usr/bin/env node
import 'reflect-metadata';
import { runOps } from './cli';

// `npx yiti-ops <command>` (package.json's bin), `node dist/tools/ops/main.js` in the image.
runOps(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`yiti-ops: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
