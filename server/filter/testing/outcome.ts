/**
 * A filter's outcome in the terms of the Apache oracle (interop/filter/FilterOracle.java), and the comparison of
 * Orbit's with Apache's. The comparison allows exactly the documented differences: Orbit refuses trailing text
 * that Apache ignores, and a ParseException's "Was expecting one of" list is not compared (Orbit names one level
 * of what would fit; JavaCC lists every token of every alternative), and Orbit knows RocketMQ 5.x's CONTAINS,
 * STARTSWITH and ENDSWITH, which 4.9.7 reads as identifiers.
 */
import { FilterCompileError } from '../errors';
import { evaluate } from '../evaluate';
import { parseSelector } from '../parser';

export type EvalResult = 'TRUE' | 'FALSE' | 'NULL' | 'EXCEPTION' | 'OTHER';
export type FilterOutcome = { error: string } | { complete: boolean; results: EvalResult[] };

export function orbitOutcome(expr: string, propSets: Record<string, string>[]): FilterOutcome {
  let root;
  try {
    root = parseSelector(expr);
  } catch (err) {
    if (err instanceof FilterCompileError) return { error: err.javaMessage };
    throw err;
  }
  const results = propSets.map((props): EvalResult => {
    try {
      const v = evaluate(root, (n) => (Object.hasOwn(props, n) ? props[n] : undefined));
      return v === null ? 'NULL' : v === true ? 'TRUE' : v === false ? 'FALSE' : 'OTHER';
    } catch {
      return 'EXCEPTION';
    }
  });
  return { complete: true, results };
}

const firstLine = (s: string) => s.split('\n')[0];

const FIVE_X_OPERATORS = /\b(CONTAINS|STARTSWITH|ENDSWITH)\b/i;

/** Undefined when the outcomes agree (up to the documented differences), else what differs. */
export function outcomeMismatch(orbit: FilterOutcome, apache: FilterOutcome, expr = ''): string | undefined {
  if (FIVE_X_OPERATORS.test(expr) && !('error' in orbit)) return undefined;
  if ('error' in apache) {
    if (!('error' in orbit)) return `Apache refuses (${firstLine(apache.error)}), Orbit accepts`;
    const a = apache.error.includes('ParseException: Encountered') ? firstLine(apache.error) : apache.error;
    const o = orbit.error.includes('ParseException: Encountered') ? firstLine(orbit.error) : orbit.error;
    return a === o ? undefined : `refusals differ: Apache "${a}", Orbit "${o}"`;
  }
  if (!apache.complete) {
    // Apache stopped before the end of the text; Orbit must refuse it.
    return 'error' in orbit ? undefined : 'Apache ignores trailing text, Orbit does not refuse it';
  }
  if ('error' in orbit) return `Orbit refuses (${firstLine(orbit.error)}), Apache accepts`;
  for (let i = 0; i < apache.results.length; i++) {
    if (apache.results[i] !== orbit.results[i]) return `property set ${i}: Apache ${apache.results[i]}, Orbit ${orbit.results[i]}`;
  }
  return undefined;
}
