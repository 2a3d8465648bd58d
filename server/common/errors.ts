/**
 * The one error family of Orbit. Every fault carries a stable string `code` (for logs and API answers),
 * whether retrying could help, and the underlying cause.
 */
export class MqError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** Transport faults: connection refused or closed, timeouts, malformed frames. */
export class RemotingError extends MqError {}

export class RemotingTimeoutError extends RemotingError {
  constructor(message: string, cause?: unknown) {
    super('REMOTING_TIMEOUT', message, { retriable: true, cause });
  }
}

export class RemotingConnectError extends RemotingError {
  constructor(message: string, cause?: unknown) {
    super('REMOTING_CONNECT', message, { retriable: true, cause });
  }
}

/** A frame that breaks the protocol. The connection that sent it is closed. */
export class RemotingFrameError extends RemotingError {
  constructor(message: string) {
    super('REMOTING_BAD_FRAME', message);
  }
}

/** A broker or name server answered with a non-success response code. */
export class BrokerError extends MqError {
  readonly responseCode: number;
  readonly remark: string | undefined;

  constructor(responseCode: number, remark: string | undefined, options: { retriable?: boolean } = {}) {
    super(`RESPONSE_${responseCode}`, `response code ${responseCode}${remark ? `: ${remark}` : ''}`, options);
    this.responseCode = responseCode;
    this.remark = remark;
  }
}

/** Misuse of the client SDK or a client-side failure (no route, bad argument). */
export class ClientError extends MqError {}

/** The on-disk store found bytes it cannot trust. */
export class StoreCorruptError extends MqError {
  constructor(message: string, cause?: unknown) {
    super('STORE_CORRUPT', message, { cause });
  }
}

/** Raised by the console back end; route handlers turn it into an HTTP answer with this status. */
export class ConsoleError extends MqError {
  readonly httpStatus: number;

  constructor(httpStatus: number, code: string, message: string, cause?: unknown) {
    super(code, message, { cause });
    this.httpStatus = httpStatus;
  }
}

/** Bad configuration or command-line input. */
export class ConfigError extends MqError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
  }
}
