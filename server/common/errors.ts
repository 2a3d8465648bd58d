/**
 * The one error family of Orbit. Every fault carries a stable string `code` (for logs and API answers),
 * whether retrying could help, and the underlying cause.
 */
const KINDS = Symbol.for('orbit.mq-error.kinds');

export class MqError extends Error {
  /**
   * A stable name per class. Next.js bundles this module more than once in one process (instrumentation and
   * route handlers), so `instanceof` must not depend on which copy of the class made the error: it checks
   * the kinds an error carries. A subclass without its own `kind` falls back to the ordinary check.
   */
  static readonly kind: string = 'MqError';

  static override [Symbol.hasInstance](obj: unknown): boolean {
    if (!Object.hasOwn(this, 'kind')) return Function.prototype[Symbol.hasInstance].call(this, obj);
    const kinds = (obj as { [KINDS]?: unknown } | null | undefined)?.[KINDS];
    return Array.isArray(kinds) ? kinds.includes(this.kind) : Function.prototype[Symbol.hasInstance].call(this, obj);
  }

  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'kind')) kinds.push((c as typeof MqError).kind);
    }
    Object.defineProperty(this, KINDS, { value: kinds, enumerable: false });
  }
}

/** Transport faults: connection refused or closed, timeouts, malformed frames. */
export class RemotingError extends MqError {
  static override readonly kind: string = 'RemotingError';
}

export class RemotingTimeoutError extends RemotingError {
  static override readonly kind: string = 'RemotingTimeoutError';

  constructor(message: string, cause?: unknown) {
    super('REMOTING_TIMEOUT', message, { retriable: true, cause });
  }
}

export class RemotingConnectError extends RemotingError {
  static override readonly kind: string = 'RemotingConnectError';

  constructor(message: string, cause?: unknown) {
    super('REMOTING_CONNECT', message, { retriable: true, cause });
  }
}

/** A frame that breaks the protocol. The connection that sent it is closed. */
export class RemotingFrameError extends RemotingError {
  static override readonly kind: string = 'RemotingFrameError';

  constructor(message: string) {
    super('REMOTING_BAD_FRAME', message);
  }
}

/** A broker or name server answered with a non-success response code. */
export class BrokerError extends MqError {
  static override readonly kind: string = 'BrokerError';

  readonly responseCode: number;
  readonly remark: string | undefined;

  constructor(responseCode: number, remark: string | undefined, options: { retriable?: boolean } = {}) {
    super(`RESPONSE_${responseCode}`, `response code ${responseCode}${remark ? `: ${remark}` : ''}`, options);
    this.responseCode = responseCode;
    this.remark = remark;
  }
}

/** Misuse of the client SDK or a client-side failure (no route, bad argument). */
export class ClientError extends MqError {
  static override readonly kind: string = 'ClientError';
}

/** The on-disk store found bytes it cannot trust. */
export class StoreCorruptError extends MqError {
  static override readonly kind: string = 'StoreCorruptError';

  constructor(message: string, cause?: unknown) {
    super('STORE_CORRUPT', message, { cause });
  }
}

/** Replication: a peer sent bytes this side cannot take (wrong offset, bad frame); the connection is dropped. */
export class ReplicationError extends MqError {
  static override readonly kind: string = 'ReplicationError';

  constructor(code: 'HA_OFFSET_MISMATCH' | 'HA_BAD_FRAME' | 'HA_APPEND_REFUSED' | 'HA_PEER_AHEAD', message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}

/** Raised by the console back end; route handlers turn it into an HTTP answer with this status. */
export class ConsoleError extends MqError {
  static override readonly kind: string = 'ConsoleError';

  readonly httpStatus: number;

  constructor(httpStatus: number, code: string, message: string, cause?: unknown) {
    super(code, message, { cause });
    this.httpStatus = httpStatus;
  }
}

/**
 * A call given an `AbortSignal` was aborted. Shaped like Node's own AbortError (`name` 'AbortError', `code`
 * 'ABORT_ERR') so code written for `fetch` or `events.once` recognises it; `cause` is the signal's reason.
 */
export class AbortError extends MqError {
  static override readonly kind: string = 'AbortError';

  constructor(message = 'The operation was aborted', cause?: unknown) {
    super('ABORT_ERR', message, { cause });
  }
}

/** Bad configuration or command-line input. */
export class ConfigError extends MqError {
  static override readonly kind: string = 'ConfigError';

  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}
