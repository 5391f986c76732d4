import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', 'dist/', 'coverage/', 'admin-ui/dist/', 'test/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Type-aware rules where a forgotten await loses work: a workflow that does not wait for its
    // activity, an activity or route that answers before its write. Only these folders, to keep
    // `eslint .` fast.
    files: ['workflows/**/*.ts', 'activities/**/*.ts', 'api/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Plain CommonJS scripts run by node directly.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read JSON answers whose shape is what they assert.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no I/O, no activity
    // implementations, only the workflow API and pure domain rules.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflows may only import @temporalio/workflow.' },
          { group: ['knex', 'pg', 'serialport', 'nodemailer', 'fs', 'net', 'node:*'], message: 'No I/O inside workflow code.' },
          { group: ['../../activities/*', '../../activities/**/*'], allowTypeImports: true, message: 'Import activity types only (import type).' },
        ],
      }],
    },
  },
);
