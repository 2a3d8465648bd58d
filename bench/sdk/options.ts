/** Option helpers shared by `orbit bench producer` and `orbit bench consumer`. */

/** Where the tools connect unless `-n` says otherwise (Apache's tools read NAMESRV_ADDR too). */
export const DEFAULT_NAMESRV = process.env.NAMESRV_ADDR ?? '127.0.0.1:9876';

/** An integer option of at least `min`, or an error naming the option. */
export function intOption(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${v}")`);
  return n;
}
