// Lint rules that guard the architecture: Nx module boundaries between apps and libs, and the
// determinism boundary of `workflows/` (no Node built-ins, no I/O clients, no clocks or randomness).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', '.tools/**', '.nx/**', 'infra/**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@nx/enforce-module-boundaries': ['error', {
        allow: [],
        depConstraints: [
          { sourceTag: 'type:deterministic', onlyDependOnLibsWithTags: ['type:deterministic'] },
          { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          { sourceTag: 'scope:workflows', onlyDependOnLibsWithTags: ['scope:shared'] },
          { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
          { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared'] },
          { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:workflows'] },
          { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:workflows'] },
        ],
      }],
    },
  },
  {
    // Workflow code replays from history: everything it does must be deterministic.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: process.cwd() } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-imports': ['error', {
        paths: [...builtinModules.filter((m) => !['assert', 'url', 'util'].includes(m)), ...builtinModules.map((m) => `node:${m}`),
          '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'typeorm', 'pg', '@sendflow/persistence', '@sendflow/platform', '@sendflow/documents']
          .map((name) => ({ name, message: 'Workflow code must be deterministic: do this in an activity.' })),
      }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the clock local activity (now()).' },
        { object: 'Math', property: 'random', message: 'Use uuid4() from @temporalio/workflow, or an activity.' }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process'],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'new Date() reads the clock: use the clock local activity.' }],
    },
  },
  {
    // One DTO factory, so every schema reaches OpenAPI in the 3.0 nullable form (apps/api/src/common/zod-dto.ts).
    files: ['apps/api/**/*.ts'],
    ignores: ['apps/api/src/common/zod-dto.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'nestjs-zod', importNames: ['createZodDto'], message: 'Use createZodDto from apps/api/src/common/zod-dto (OpenAPI 3.0 nullable form).' }],
      }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
