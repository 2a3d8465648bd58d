/** Broker answers and transport failures → gRPC Codes, as the 5.x proxy maps them (§3.1 table). */
import { BrokerError, RemotingTimeoutError } from '../../common/errors';
import { ResponseCode } from '../../remoting/response-code';
import { ProxyError, type CodeName } from '../grpc/codes';

export function codeOfBrokerResponse(responseCode: number): CodeName {
  switch (responseCode) {
    case ResponseCode.SUCCESS:
      return 'OK';
    case ResponseCode.FLUSH_DISK_TIMEOUT:
      return 'MASTER_PERSISTENCE_TIMEOUT';
    case ResponseCode.FLUSH_SLAVE_TIMEOUT:
      return 'SLAVE_PERSISTENCE_TIMEOUT';
    case ResponseCode.SLAVE_NOT_AVAILABLE:
      return 'HA_NOT_AVAILABLE';
    case ResponseCode.SYSTEM_BUSY:
      return 'TOO_MANY_REQUESTS';
    case ResponseCode.REQUEST_CODE_NOT_SUPPORTED:
      return 'NOT_IMPLEMENTED';
    case ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST:
      return 'CONSUMER_GROUP_NOT_FOUND';
    case ResponseCode.NO_PERMISSION:
      return 'UNAUTHORIZED';
    case ResponseCode.TOPIC_NOT_EXIST:
      return 'TOPIC_NOT_FOUND';
    default:
      return 'INTERNAL_SERVER_ERROR';
  }
}

/** Any failure of a broker call as a ProxyError with the mapped code and the broker's remark. */
export function proxyErrorOf(err: unknown): ProxyError {
  if (err instanceof ProxyError) return err;
  if (err instanceof BrokerError) return new ProxyError(codeOfBrokerResponse(err.responseCode), err.message);
  if (err instanceof RemotingTimeoutError) return new ProxyError('PROXY_TIMEOUT', err.message);
  return new ProxyError('INTERNAL_SERVER_ERROR', err instanceof Error ? err.message : String(err));
}
