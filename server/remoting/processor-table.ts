/**
 * Request code → processor. Shared by the server and the client (which receives the broker's callbacks).
 * Unknown codes get REQUEST_CODE_NOT_SUPPORTED; a processor that throws gets SYSTEM_ERROR (or the code of a
 * BrokerError it threw) with the message as remark, so one bad request never hurts the connection.
 */
import { BrokerError } from '../common/errors';
import type { LogSink } from '../common/log-sink';
import { HeaderError } from './header/define-header';
import { JavaJsonError } from './fastjson';
import { RemotingCommand } from './remoting-command';
import type { RemotingChannel } from './remoting-channel';
import { ResponseCode } from './response-code';

export interface RequestProcessor {
  /** Return a response, or null for none (oneway requests never get one regardless). */
  handle(req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand | null> | RemotingCommand | null;
}

export class ProcessorTable {
  private readonly table = new Map<number, RequestProcessor>();
  private fallback: RequestProcessor | undefined;

  constructor(private readonly log: LogSink) {}

  register(codes: number | readonly number[], processor: RequestProcessor): void {
    for (const c of Array.isArray(codes) ? codes : [codes]) this.table.set(c, processor);
  }

  registerDefault(processor: RequestProcessor): void {
    this.fallback = processor;
  }

  supportedCodes(): number[] {
    return [...this.table.keys()].sort((a, b) => a - b);
  }

  readonly dispatch = async (req: RemotingCommand, channel: RemotingChannel): Promise<RemotingCommand | null> => {
    const processor = this.table.get(req.code) ?? this.fallback;
    if (!processor) {
      return RemotingCommand.responseTo(req, ResponseCode.REQUEST_CODE_NOT_SUPPORTED, ` request type ${req.code} not supported`);
    }
    try {
      const res = await processor.handle(req, channel);
      if (!res) return null;
      res.opaque = req.opaque;
      res.flag |= 1;
      res.serializeType = req.serializeType;
      return res;
    } catch (err) {
      if (err instanceof BrokerError) return RemotingCommand.responseTo(req, err.responseCode, err.remark);
      if (err instanceof HeaderError || err instanceof JavaJsonError) {
        return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, err.message);
      }
      this.log.error({ err, code: req.code, remote: channel.remoteAddr }, 'processor failed');
      return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `internal error: ${(err as Error).message ?? err}`);
    }
  };
}
