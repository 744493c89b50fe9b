import nx from '@nx/eslint-plugin';

/** Packages that tie code to a framework, a driver or I/O. The domain may use none of them. */
const FRAMEWORKS_AND_DRIVERS = [
  '@nestjs/*',
  'express',
  'class-validator',
  'class-transformer',
  'better-sqlite3',
  'pg',
  'kafkajs',
  '@kurrent/*',
  'pino',
  'prom-client',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/coverage', 'bench/results'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Shared build configuration at the root (eslint, webpack) is not a project.
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/webpack\\.app\\.js$'],
          // The hub loads only the KurrentDB entry point on demand; the rest of the library is imported as usual.
          checkDynamicDependenciesExceptions: ['@escalation-hub/event-store'],
          depConstraints: [
            // Pure rules and events: no framework, no driver, no other layer.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: FRAMEWORKS_AND_DRIVERS },
            // Use cases: the domain plus the ports they drive, other use cases they build on (audit on casework),
            // and the platform's config loader for their own settings.
            { sourceTag: 'type:application', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:application', 'type:platform'] },
            // Storage and messaging adapters stay framework-free so any composition can use them.
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra'], bannedExternalImports: ['@nestjs/*', 'express'] },
            // Cross-cutting Nest plumbing (config, logs, health, metrics).
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:infra'] },
            // HTTP controllers and DTOs.
            { sourceTag: 'type:http', onlyDependOnLibsWithTags: ['type:application', 'type:domain', 'type:platform', 'type:infra', 'type:http'] },
            // Shared libraries know nothing of cases, audits or pages: casework gives them its words (roles, settings).
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // Casework never depends on audit: audit reads casework, not the other way round.
            { sourceTag: 'scope:casework', onlyDependOnLibsWithTags: ['scope:casework', 'scope:shared'] },
            { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:casework', 'scope:shared'] },
            // The web interface sits on top of casework and audit; only compositions (scope:hub) use it.
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:audit', 'scope:casework', 'scope:shared'] },
            // What every composition root is built from (storage, bus, background work); never imported by the layers it composes.
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:infra', 'type:platform', 'type:http'],
            },
            // Composition roots may use any library; nothing may import an app.
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:domain', 'type:application', 'type:infra', 'type:platform', 'type:http', 'type:runtime'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Leaving a property out with a rest pattern is how we drop fields from a response.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Test support (builders, contract suites) must never reach production code.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**', '**/testing.ts', 'bench/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@escalation-hub/*/testing'], message: 'Test support is for tests only.' }] }],
    },
  },
  {
    files: ['bench/**/*.ts', '**/*.spec.ts', '**/testing/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
