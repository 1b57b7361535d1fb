import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^rxjs-event-time$': '<rootDir>/src/index.ts',
    '^rxjs-event-time/testing$': '<rootDir>/src/testing/index.ts',
    '^rxjs-event-time/core$': '<rootDir>/src/core.ts',
    '^rxjs-event-time/otel$': '<rootDir>/src/otel/index.ts',
    '^rxjs-event-time/nats$': '<rootDir>/src/nats/index.ts',
  },
};

export default config;
