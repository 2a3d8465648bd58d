/**
 * Works around a grpc-js (1.14.7) server bug: it turns the `grpc-timeout` header into milliseconds with `| 0`, so a
 * deadline longer than about 24.8 days wraps into a negative or tiny number and the call ends at once with
 * DEADLINE_EXCEEDED. The Java 5.x client opens its Telemetry stream with a 365-day deadline ("31535999M"), so without
 * this no Java client could start. A deadline that does not fit in a 32-bit timer is treated as none (the server
 * never ends the call for time; the client still does).
 */
import { createRequire } from 'node:module';

const MAX_TIMER_MS = 2 ** 31 - 1;
const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

type TimeoutHandler = (this: unknown, header: unknown) => void;

let installed = false;

/** Returns whether the patch is in place (false if grpc-js's internals moved: then calls keep grpc-js's behaviour). */
export function installDeadlineFix(): boolean {
  if (installed) return true;
  const require = createRequire(import.meta.url);
  const mod = require('@grpc/grpc-js/build/src/server-interceptors.js') as { BaseServerInterceptingCall?: { prototype: { handleTimeoutHeader?: TimeoutHandler } } };
  const proto = mod.BaseServerInterceptingCall?.prototype;
  const original = proto?.handleTimeoutHeader;
  if (!proto || typeof original !== 'function') return false;
  proto.handleTimeoutHeader = function (this: unknown, header: unknown) {
    const m = /(\d{1,8})\s*([HMSmun])/.exec(String(header));
    if (m && Number(m[1]) * (UNIT_MS[m[2]] ?? 0) > MAX_TIMER_MS) return;
    original.call(this, header);
  };
  installed = true;
  return true;
}
