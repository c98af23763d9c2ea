// ESLint (flat config): eslint's and typescript-eslint's recommended rules, type-checked against
// tsconfig.test.json, plus a few rules that guard this action. Formatting is Prettier's alone
// (.prettierrc.json); none of the rules here is about layout.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** `@actions/core` functions that write to the job log or fail the step: only src/common/log.ts calls them. */
const LOG_FUNCTIONS = ['info', 'warning', 'error', 'debug', 'notice', 'setFailed', 'group', 'startGroup', 'endGroup']
const LOG_ONLY = 'Log through src/common/log.ts: it makes every line safe (no runner commands, no line breaks).'

export default defineConfig(
  globalIgnores([
    'dist/',
    'test-results/',
    'coverage/',
    'scratch/',
    'docs/',
    'test/golden/',
    'test/contract/recorded/'
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // One program for every TypeScript file (src, test, bench, scripts): faster than one per tsconfig.
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
      globals: globals.node
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Prettier wraps code at 120 columns but never splits a string; comments are wrapped by hand.
      // (max-len is frozen in ESLint 10, kept until 11: then @stylistic/max-len takes the same options.)
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }
      ],
      eqeqeq: ['error', 'always'],
      // A `let` that a closure reads before its one assignment (src/http/send.ts `message`) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `typeof import('…')` in a cast or type argument is fine; a value import used only as a type is not.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      // `_name` marks a parameter or binding that is there on purpose (tsc's noUnused* agree).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }
      ]
    }
  },

  // Plain JavaScript (this file, bench contenders, the network guard): not in the TypeScript program.
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked]
  },

  // The action: everything it says goes through src/common/log.ts, which writes with @actions/core only.
  {
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/common/log.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // import { info } from '@actions/core' (`import * as core` is fine: core.getInput, core.setOutput …)
          selector: `ImportDeclaration[source.value='@actions/core'] > ImportSpecifier[imported.name=/^(${LOG_FUNCTIONS.join('|')})$/]`,
          message: LOG_ONLY
        },
        {
          // core.info(…), core.setFailed(…) …
          selector: `MemberExpression[object.name='core'][property.name=/^(${LOG_FUNCTIONS.join('|')})$/]`,
          message: LOG_ONLY
        },
        {
          // process.stdout.write(…): the runner would obey a `::command::` in it
          selector: "MemberExpression[object.object.name='process'][object.property.name=/^std(out|err)$/]",
          message: LOG_ONLY
        }
      ]
    }
  },

  // Tests, the emulator, scripts and the benchmark: fixtures, JSON bodies and assertions on them.
  {
    files: ['test/**', 'scripts/**', 'bench/**', 'vitest.config.ts'],
    rules: {
      // JSON.parse of an answer, then expect(body.properties…): typing every body would add nothing.
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Stand-ins implement async interfaces without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // The emulator stringifies cells it knows to be scalars.
      '@typescript-eslint/no-base-to-string': 'off'
    }
  }
)
