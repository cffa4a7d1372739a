import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * One `no-restricted-imports` rule per folder of src/: what it may not import (sibling folders, or
 * one module), and whether Node's built-ins are off limits (they are for code run in a browser).
 */
function boundaries(folders) {
  return Object.entries(folders).map(([files, { forbidden, node }]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((other) => ({
              group: [other.endsWith('.js') ? `**/${other}` : `**/${other}/*`],
              message: `${files} may not import ${other}: each folder of src/ is one side (see docs/contributing.md).`,
            })),
            ...(node
              ? []
              : [
                  {
                    group: ['node:*'],
                    message: 'Code that runs in a browser may not import Node built-ins.',
                  },
                ]),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist', 'coverage', 'reports', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts', 'test/element/**/*.ts', 'demo/**/*.ts'],
    extends: [lit.configs['flat/recommended'], wc.configs['flat/recommended']],
    languageOptions: { globals: globals.browser },
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
  },
  // Who runs the code decides what it may use. The folder says it: src/element runs in the shop's
  // browser, src/host in the hosted page, src/server on the merchant's server (no DOM), and
  // src/shared in all of them; adapters wrap the element for frameworks.
  ...boundaries({
    'src/shared/**/*.ts': { forbidden: ['element', 'host', 'server', 'adapters'], node: false },
    'src/element/**/*.ts': { forbidden: ['host', 'server', 'adapters'], node: false },
    'src/host/**/*.ts': { forbidden: ['element', 'server', 'adapters'], node: false },
    'src/adapters/**/*.ts': { forbidden: ['host', 'server'], node: false },
    'src/server/**/*.ts': {
      forbidden: ['element', 'host', 'adapters', 'shared/pinned-window.js'],
      node: true,
    },
  }),
  {
    // The server side runs on Node, Deno, Bun and edge workers: no DOM globals.
    files: ['src/server/**/*.ts', 'src/server.ts'],
    languageOptions: { globals: globals['shared-node-browser'] },
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'location', 'navigator', 'customElements'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '*.config.ts', 'test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // In a test a wrong null fails the test anyway; asserting it away keeps tests readable.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // @open-wc's waitUntil gives up after 1 s and stops polling while a manual clock holds the
    // timers: the element tests wait with their own (test/element/wait.ts).
    files: ['test/element/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@open-wc/testing',
              importNames: ['waitUntil'],
              message: "Use waitUntil from './wait.js' (test/element/wait.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    // Replies read from real HTTP are checked by the assertions, not by types.
    files: ['test/sandbox/**/*.ts', 'test/merchant/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
