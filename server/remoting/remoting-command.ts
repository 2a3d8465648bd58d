import { ORBIT_WIRE_VERSION } from './version';

export const SerializeType = { JSON: 0, ROCKETMQ: 1 } as const;
export type SerializeTypeValue = (typeof SerializeType)[keyof typeof SerializeType];

/** flag bits of a command */
export const RPC_RESPONSE = 0x1;
export const RPC_ONEWAY = 0x2;

export type ExtFields = Record<string, string>;

/**
 * One remoting command: a request or a response. `extFields` holds the typed header flattened to strings,
 * as Java's RemotingCommand does; header modules in ./header turn it into typed objects.
 */
export class RemotingCommand {
  code: number;
  language: string;
  version: number;
  opaque: number;
  flag: number;
  remark: string | undefined;
  extFields: ExtFields | undefined;
  body: Buffer | undefined;
  /** How this command was (or will be) serialized on the wire. */
  serializeType: SerializeTypeValue;

  constructor(init: Partial<RemotingCommand> & { code: number }) {
    this.code = init.code;
    this.language = init.language ?? 'JAVA';
    this.version = init.version ?? ORBIT_WIRE_VERSION;
    this.opaque = init.opaque ?? 0;
    this.flag = init.flag ?? 0;
    this.remark = init.remark;
    this.extFields = init.extFields;
    this.body = init.body;
    this.serializeType = init.serializeType ?? SerializeType.JSON;
  }

  get isResponse(): boolean {
    return (this.flag & RPC_RESPONSE) !== 0;
  }

  get isOneway(): boolean {
    return (this.flag & RPC_ONEWAY) !== 0;
  }

  static request(code: number, extFields?: ExtFields, body?: Buffer): RemotingCommand {
    return new RemotingCommand({ code, extFields, body });
  }

  /** A response to `req`: same opaque and serialize type, response flag set. */
  static responseTo(
    req: RemotingCommand,
    code: number,
    remark?: string,
    extFields?: ExtFields,
    body?: Buffer,
  ): RemotingCommand {
    return new RemotingCommand({
      code,
      remark,
      extFields,
      body,
      opaque: req.opaque,
      flag: RPC_RESPONSE,
      serializeType: req.serializeType,
    });
  }
}
