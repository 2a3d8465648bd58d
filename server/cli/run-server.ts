/** Shared life cycle of the CLI's long-running verbs: ready line, clean stop on signals, clear failure. */
import { logger } from '../common/logger';

export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Starts a server and keeps the process alive until SIGINT/SIGTERM. Signal handlers go in before start so
 * that a signal arriving right after the ready line still stops cleanly.
 */
export async function runUntilSignal(name: string, start: () => Promise<Stoppable>): Promise<void> {
  let running: Promise<Stoppable | undefined> | undefined = undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      const r = await running;
      await r?.stop();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`orbit ${name}: error while stopping: ${(err as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  running = start().catch((err) => {
    process.stderr.write(`orbit ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
  await running;
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`bad port "${value}": expected 0..65535`);
  return n;
}
