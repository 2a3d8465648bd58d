/** Building store messages from requests: hosts, tag codes, index keys, property edits. */
import { MessageConst } from '../common/message/message-const';
import { ipToBytes } from '../common/message/message-id';
import { decodeProperties, encodeProperties, type MessageProperties } from '../common/message/properties';
import { tagsCode } from '../common/message/tag-hash';
import { parseHostPort } from '../common/net';
import type { HostAddress, MessageExtBrokerInner } from '../store/message-store';

export function hostAddress(addr: string): HostAddress {
  const { host, port } = parseHostPort(addr);
  return { ip: ipToBytes(host), port };
}

export interface InnerInit {
  topic: string;
  queueId: number;
  flag: number;
  body: Buffer;
  properties: MessageProperties;
  sysFlag: number;
  bornTimestamp: number;
  bornHost: HostAddress;
  storeHost: HostAddress;
  reconsumeTimes: number;
  preparedTransactionOffset?: number;
}

/** A store message whose tag code and index keys follow from its properties. */
export function buildInner(init: InnerInit): MessageExtBrokerInner {
  const p = init.properties;
  const keys = p[MessageConst.KEYS]?.split(' ').filter(Boolean);
  return {
    topic: init.topic,
    queueId: init.queueId,
    flag: init.flag,
    body: init.body,
    propertiesString: encodeProperties(p),
    tagsCode: tagsCode(p[MessageConst.TAGS]),
    keys,
    uniqKey: p[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX],
    sysFlag: init.sysFlag,
    bornTimestamp: init.bornTimestamp,
    bornHost: init.bornHost,
    storeHost: init.storeHost,
    reconsumeTimes: init.reconsumeTimes,
    preparedTransactionOffset: init.preparedTransactionOffset ?? 0,
  };
}

export function propertiesOf(inner: MessageExtBrokerInner): MessageProperties {
  return decodeProperties(inner.propertiesString);
}

/** Size of the stored record the store will write for this message (layout in common/message/message-decoder.ts). */
export function storedRecordSize(inner: MessageExtBrokerInner): number {
  const bornHostLen = inner.bornHost.ip.length + 4;
  const storeHostLen = inner.storeHost.ip.length + 4;
  return (
    4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + bornHostLen + 8 + storeHostLen + 4 + 8 +
    4 + inner.body.length +
    1 + Buffer.byteLength(inner.topic) +
    2 + Buffer.byteLength(inner.propertiesString)
  );
}
