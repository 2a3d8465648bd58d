/**
 * `apache.rocketmq.v2.Code` (definition.proto) by name, and the error the proxy's handlers throw to answer with one.
 * Logical failures travel in the response's Status with gRPC status OK, as the 5.x proxy answers.
 */
export const Code = {
  OK: 20000,
  MULTIPLE_RESULTS: 30000,
  BAD_REQUEST: 40000,
  ILLEGAL_ACCESS_POINT: 40001,
  ILLEGAL_TOPIC: 40002,
  ILLEGAL_CONSUMER_GROUP: 40003,
  ILLEGAL_MESSAGE_TAG: 40004,
  ILLEGAL_MESSAGE_KEY: 40005,
  ILLEGAL_MESSAGE_GROUP: 40006,
  ILLEGAL_MESSAGE_PROPERTY_KEY: 40007,
  INVALID_TRANSACTION_ID: 40008,
  ILLEGAL_MESSAGE_ID: 40009,
  ILLEGAL_FILTER_EXPRESSION: 40010,
  ILLEGAL_INVISIBLE_TIME: 40011,
  ILLEGAL_DELIVERY_TIME: 40012,
  INVALID_RECEIPT_HANDLE: 40013,
  MESSAGE_PROPERTY_CONFLICT_WITH_TYPE: 40014,
  UNRECOGNIZED_CLIENT_TYPE: 40015,
  MESSAGE_CORRUPTED: 40016,
  CLIENT_ID_REQUIRED: 40017,
  ILLEGAL_POLLING_TIME: 40018,
  ILLEGAL_OFFSET: 40019,
  UNAUTHORIZED: 40100,
  FORBIDDEN: 40300,
  NOT_FOUND: 40400,
  MESSAGE_NOT_FOUND: 40401,
  TOPIC_NOT_FOUND: 40402,
  CONSUMER_GROUP_NOT_FOUND: 40403,
  REQUEST_TIMEOUT: 40800,
  PAYLOAD_TOO_LARGE: 41300,
  MESSAGE_BODY_TOO_LARGE: 41301,
  MESSAGE_BODY_EMPTY: 41302,
  TOO_MANY_REQUESTS: 42900,
  MESSAGE_PROPERTIES_TOO_LARGE: 43101,
  INTERNAL_ERROR: 50000,
  INTERNAL_SERVER_ERROR: 50001,
  HA_NOT_AVAILABLE: 50002,
  NOT_IMPLEMENTED: 50100,
  PROXY_TIMEOUT: 50400,
  MASTER_PERSISTENCE_TIMEOUT: 50401,
  SLAVE_PERSISTENCE_TIMEOUT: 50402,
  UNSUPPORTED: 50500,
} as const;

export type CodeName = keyof typeof Code;

export interface Status {
  code: CodeName;
  message: string;
}

/** A handler's refusal: becomes the response's Status (or, for Telemetry, a gRPC status). */
export class ProxyError extends Error {
  constructor(
    readonly code: CodeName,
    message: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }
}

/** The success Status: the 5.x proxy sets the message to the code's name. */
export function okStatus(): Status {
  return { code: 'OK', message: 'OK' };
}

export function status(code: CodeName, message: string): Status {
  return { code, message };
}

/** The Status for any error a handler threw: its own code for a ProxyError, INTERNAL_SERVER_ERROR otherwise. */
export function statusOf(err: unknown): Status {
  if (err instanceof ProxyError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL_SERVER_ERROR', message: err instanceof Error ? err.message : String(err) };
}

/** 4xxxx codes: the client's fault (Telemetry ends those with INVALID_ARGUMENT, others with INTERNAL). */
export function isClientFault(code: CodeName): boolean {
  const n = Code[code];
  return n >= 40000 && n < 50000;
}
