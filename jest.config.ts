import type { Config } from 'jest';
import { compilerOptions } from './tsconfig.base.json';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/** Every @yiti/* alias of tsconfig.base.json (one list: a new library or service is added there only). */
const moduleNameMapper = Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]));

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc as never },
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['reflect-metadata'],
};

/**
 * unit: pure functions, run in parallel. integration: real PostgreSQL and NATS, one file at a
 * time (every file starts services in a shared queue group), after one global migration.
 */
const config: Config = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools,deploy}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tools,e2e}/**/*.{integration,e2e}-spec.ts'],
      globalSetup: '<rootDir>/jest.global-setup.ts',
    },
  ],
  // A global option (projects cannot set it): integration specs start services and wait on brokers.
  testTimeout: 60_000,
};

export default config;
