/** Shared bits of the examples: run-as-script detection, unique names, waiting. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs `main` when the file is executed directly (`npx tsx examples/x.ts [namesrvAddr]`). */
export function runIfMain(meta: ImportMeta, main: (namesrvAddr: string) => Promise<unknown>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(meta.url)) return;
  const namesrv = process.argv[2] ?? process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';
  main(namesrv).then(
    (result) => {
      console.log(JSON.stringify(result, null, 2));
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A topic or group name no earlier run used. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now()}_${Math.floor(Math.random() * 10_000)}`;
}

/** Polls `cond` every 100 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
