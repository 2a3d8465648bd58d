/** Errors of the SQL92 filter: an expression that does not compile. */
import { MqError } from '../common/errors';

/**
 * A filter expression that Apache's parser would refuse too. `javaMessage` is the text Apache's broker puts in the
 * CHECK_CLIENT_CONFIG remark for the same mistake (the parser exception's `toString()`), so a Java client prints
 * the same kind of reason against Orbit and Apache.
 */
export class FilterCompileError extends MqError {
  static override readonly kind: string = 'FilterCompileError';

  constructor(
    readonly javaMessage: string,
    readonly expression: string,
  ) {
    super('FILTER_COMPILE', `Invalid MessageSelector: ${javaMessage.replace(/^[\w.]+: /, '')}`);
  }
}

export const parseException = (msg: string): string => `org.apache.rocketmq.filter.parser.ParseException: ${msg}`;
export const lexicalError = (msg: string): string => `org.apache.rocketmq.filter.parser.TokenMgrError: ${msg}`;
export const runtimeException = (msg: string): string => `java.lang.RuntimeException: ${msg}`;
