import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Import boundaries from ../shared/conventions.md: each layer names what it may not reach.
const layer = (files, patterns, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: patterns.map((group) => ({ group: [group], message, allowTypeImports: false })) },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**', '.next/**', 'next-env.d.ts', 'interop/java/**', 'test-results/**',
      'playwright-report/**', '**/dist/**', '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', performance: 'readonly', queueMicrotask: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  layer(['server/common/**'], ['**/ha/**', '**/filter/**', '**/remoting/**', '**/store/**', '**/namesrv/**', '**/broker/**', '**/client/**', '**/console/**', '**/cli/**'],
    'server/common is the bottom layer: it imports nothing else of Orbit'),
  layer(['server/remoting/**', 'server/store/**'], ['**/ha/**', '**/namesrv/**', '**/broker/**', '**/client/**', '**/console/**', '**/cli/**'],
    'remoting and store use only server/common'),
  layer(['server/ha/**'], ['**/remoting/**', '**/filter/**', '**/namesrv/**', '**/broker/**', '**/client/**', '**/console/**', '**/cli/**',
    '**/store/commit-log', '**/store/default-message-store', '**/store/replica-log', '**/store/dispatcher'],
    'replication reaches the store through its contract (message-store.ts) only'),
  layer(['server/remoting/**'], ['**/store/**'], 'remoting does not know the store'),
  layer(['server/filter/**'], ['**/remoting/**', '**/store/**', '**/namesrv/**', '**/broker/**', '**/client/**', '**/console/**', '**/cli/**'],
    'the SQL92 filter uses only server/common: broker and clients both evaluate it'),
  layer(['server/remoting/**', 'server/store/**'], ['**/filter/**'], 'the wire and the store do not evaluate filters'),
  layer(['server/store/**'], ['**/remoting/**'], 'the store does not know the wire'),
  layer(['server/namesrv/**'], ['**/ha/**', '**/store/**', '**/broker/**', '**/client/**', '**/console/**', '**/cli/**'],
    'namesrv uses only remoting and common'),
  layer(['server/broker/**'], ['**/namesrv/**', '**/client/**', '**/console/**', '**/cli/**'],
    'broker uses remoting and store'),
  layer(['server/client/**'], ['**/ha/**', '**/store/**', '**/namesrv/**', '**/broker/**', '**/console/**', '**/cli/**'],
    'the client SDK speaks the wire only'),
  layer(['server/console/**'], ['**/ha/**', '**/store/**', '**/namesrv/**', '**/broker/**', '**/cli/**'],
    'the console reaches clusters only through the admin client'),
  layer(['server/proxy/**'], ['**/ha/**', '**/store/**', '**/namesrv/**', '**/broker/**', '**/console/**', '**/cli/**'],
    'the gRPC proxy reaches brokers and name servers over remoting only (server/remoting, server/client)'),
  layer(['server/common/**', 'server/remoting/**', 'server/store/**', 'server/ha/**', 'server/filter/**', 'server/namesrv/**', 'server/broker/**', 'server/client/**', 'server/console/**'],
    ['**/proxy/**'], 'only the CLI puts the gRPC proxy together with the rest'),
  layer(['app/**', 'lib/**'], ['**/server/store/**', '**/server/namesrv/**', '**/server/broker/**', '**/server/remoting/**', '**/server/client/**', '**/server/cli/**', '@/server/store/**', '@/server/namesrv/**', '@/server/broker/**', '@/server/remoting/**', '@/server/client/**', '@/server/cli/**'],
    'app/ and lib/ reach the cluster only through server/console'),
  layer(['lib/**'], ['**/server/**', '@/server/**'], 'lib/ runs in the browser too: no server code'),
  layer(['components/**'], ['**/server/**', '@/server/**'], 'components never import server code'),
  // Integration tests (and the support they share under server/ha/testing/) put a cluster together, as the CLI
  // does; the layers above bind production code only.
  { files: ['server/**/*.int.test.ts', 'server/ha/testing/**', 'server/proxy/testing/**'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
);
