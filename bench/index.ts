/** `npm run bench -- <suite> [args]`: benchmarks print figures; they are not tests. */
export async function runBench(suite: string, args: string[]): Promise<void> {
  switch (suite) {
    case 'store': {
      const mod = await import('./store/store-bench');
      await mod.runStoreBench(args);
      return;
    }
    default:
      process.stderr.write(`orbit bench: unknown suite "${suite}" (available: store)\n`);
      process.exitCode = 2;
  }
}
