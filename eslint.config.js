// Lint that keeps the shape (README, "Architecture"): typescript-eslint's recommended rules, and
// which folder may import what. Folder-level import cycles are checked by scripts/folder-cycles.mjs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// 'conversation!notices': the conversation layer except its notices (the words of what the
// domain recorded), which the delivery in jobs/ and the CLI use to put a notice into words.
const folderRegex = (name) => {
  const [base, except] = name.split('!');
  return `(^|/)${base}/${except ? `(?!${except}/)` : ''}`;
};
/** Imports a folder may not use, beyond the platform clients that stay in their channel. */
const restricted = (...folders) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'telegraf', message: 'telegraf belongs in src/channels/telegram/ only.' },
        { name: 'axios', message: 'The Zalo HTTP client belongs in src/channels/zalo/ only.' },
      ],
      patterns: folders.map((f) => ({
        regex: folderRegex(f),
        message: `This layer may not import from ${f.split('!')[0]}/ (README, "Architecture").`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  // The layers (src only; tests and benchmarks compose whatever they need).
  // schema.ts gathers the modules' tables for drizzle: the one file of shared/ that looks up.
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/shared/db/schema.ts'],
    rules: restricted('modules', 'conversation', 'channels', 'server', 'cli', 'jobs', 'texts', 'forms', 'config'),
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    // Use cases record what happened (results, notices as data); the words are the conversation layer's.
    rules: restricted('texts', 'conversation', 'channels', 'server', 'cli', 'jobs', 'forms', 'config'),
  },
  {
    files: ['src/texts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restricted('conversation', 'channels', 'server', 'cli', 'jobs', 'forms'),
  },
  { files: ['src/forms/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('conversation', 'channels', 'server', 'cli', 'jobs') },
  { files: ['src/conversation/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('channels', 'server', 'cli', 'jobs', 'forms') },
  { files: ['src/jobs/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('channels', 'server', 'cli', 'conversation!notices') },
  { files: ['src/server/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('channels', 'cli') },
  // The CLI is an edge like app.ts: it may build a channel (invite links, the Zalo token install).
  { files: ['src/cli/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('server', 'conversation!notices') },
  // A feature's declaration composes its layers (flows, jobs, routes) like app.ts, but no platform client.
  { files: ['src/features/**/*.ts'], ignores: ['**/*.test.ts'], rules: restricted('channels', 'cli') },
  {
    files: ['src/channels/zalo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'telegraf', message: 'telegraf belongs in src/channels/telegram/ only.' }] }],
    },
  },
  {
    files: ['src/channels/telegram/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'axios', message: 'The Zalo HTTP client belongs in src/channels/zalo/ only.' }] },
      ],
    },
  },
);
