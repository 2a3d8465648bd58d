/**
 * Stands in for the `orbit` verbs the installed orbit-mq package leaves out (scripts/orbit-package/tsup.config.ts
 * swaps it in for server/cli/console-main.ts and bench/index.ts): the console needs the Next.js build and app of a
 * repository checkout, and the benchmarks need the interop harness. Both say so instead of a module-not-found trace.
 */
function notPackaged(verb: string, instead: string): never {
  process.stderr.write(
    `orbit ${verb}: not part of the installed orbit-mq package (${instead}).\n` +
      `The installed package runs: orbit namesrv, orbit broker, orbit admin, orbit console hash-password.\n`,
  );
  process.exit(2);
}

export async function runConsoleCommand(): Promise<void> {
  notPackaged('console', 'it serves the Next.js build of a repository checkout: there, `npm ci && npm start`');
}

export async function runBench(): Promise<void> {
  notPackaged('bench', 'the benchmarks run from a repository checkout: `npm run bench -- <suite>`');
}
