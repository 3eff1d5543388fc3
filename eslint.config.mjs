// Lint: TypeScript rules plus Nx module boundaries that keep the hexagon honest.
import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', '**/cdk.out/**', '**/.instalake/**', '**/.reports/**'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:domain'] },
            // Driving adapters (HTTP, the Bedrock action group): translate a protocol into use-case calls.
            { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:domain'] },
            // Factories that assemble adapters and use cases, one per capability, for every app and benchmark.
            { sourceTag: 'type:composition', onlyDependOnLibsWithTags: ['type:domain', 'type:adapter'] },
            // Build settings shared by the CDK app and the bundle smoke tests.
            { sourceTag: 'type:build', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:adapter',
                'type:transport',
                'type:composition',
                'type:build',
                'scope:sample-data',
              ],
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:transport', 'type:build'] },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:adapter',
                'type:transport',
                'type:composition',
                'type:build',
                'type:tool',
              ],
            },
          ],
          banTransitiveDependencies: false,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Each app's composition root and handlers stay small: wiring and protocol only, the logic lives in the libs.
    files: ['apps/*/src/composition.ts', 'apps/*/src/*-handler.ts'],
    rules: { 'max-lines': ['error', { max: 99, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Domain libraries stay pure: no AWS SDK, no DuckDB, no filesystem, no environment, no HTTP, no validation
    // framework (request and config validation live at the edges).
    files: ['libs/{errors,lake-schema,ingestion,query-guard,trends,knowledge,agent,semantic}/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'http',
            'node:http',
            'https',
            'node:https',
            'class-validator',
            'class-transformer',
          ],
          patterns: ['@aws-sdk/*', '@duckdb/*', '@smithy/*'],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Domain code never reads the environment; apps pass config in.' },
      ],
    },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
