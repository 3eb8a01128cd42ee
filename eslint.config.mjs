import { readFileSync } from 'node:fs';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/**
 * Module boundaries (Nx tags):
 *  - type:contracts depends on nothing internal;
 *  - type:platform depends only on contracts;
 *  - type:client (libraries that ask a service, e.g. authority-client) on contracts and platform;
 *  - type:service depends only on libraries, never on another service;
 *  - type:testing and type:tool may use anything (they start services in tests and benchmarks);
 *  - type:app (the web console, in the browser) depends on nothing internal: it talks to the gateway
 *    over HTTP through types generated from the OpenAPI document.
 */
export const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:client', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:client'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:client', 'type:service', 'type:testing'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:client', 'type:service', 'type:testing'] },
];

/** The services' test aliases (@yiti/<name>-service), as tsconfig.base.json declares them. */
const SERVICE_ALIASES = Object.keys(JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8')).compilerOptions.paths).filter((alias) => alias.endsWith('-service'));

const RELATIVE_CROSS_PROJECT = { group: ['../../*/src/*', '../../../libs/*', '../../../services/*'], message: 'Import other projects by their @yiti/* alias, never by a relative path.' };

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/coverage', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        // Services are Nx applications; only the test harness and tools may load them, by these aliases.
        { enforceBuildableLibDependency: false, allow: SERVICE_ALIASES, banTransitiveDependencies: false, depConstraints },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [RELATIVE_CROSS_PROJECT] }],
    },
  },
  {
    // The web console (browser code, JSX): its own tsconfig (DOM, bundler resolution); generated types are not linted.
    files: ['services/console/**/*.ts', 'services/console/**/*.tsx', 'services/console/**/*.mts'],
    languageOptions: {
      parserOptions: { project: ['./services/console/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  { ignores: ['services/console/src/api/schema.d.ts'] },
  {
    // The @yiti/*-service aliases exist for tests and tools; services and libraries never use them.
    files: ['services/**/*.ts', 'libs/contracts/**/*.ts', 'libs/platform/**/*.ts', 'libs/authority-client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [RELATIVE_CROSS_PROJECT, { group: ['@yiti/*-service'], message: 'A service never imports another service: talk over NATS through @yiti/contracts subjects.' }] }],
    },
  },
];
