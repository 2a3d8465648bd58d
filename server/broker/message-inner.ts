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
  const tags = p[MessageConst.TAGS];
  const keys = p[MessageConst.KEYS];
  const uniqKey = p[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX];
  return innerOf(init, init.flag, init.body, encodeProperties(p), tags, keys, uniqKey, init.preparedTransactionOffset ?? 0);
}

/** Everything of a store message but its body, flag and properties (what the messages of a batch share). */
export type InnerFields = Omit<InnerInit, 'flag' | 'body' | 'properties' | 'preparedTransactionOffset'>;

/** The properties a store message is indexed by, in the order buildInnerFromString takes their values. */
export const INDEXED_PROPERTIES = [MessageConst.TAGS, MessageConst.KEYS, MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] as const;

/**
 * A store message from its final property string and the values of INDEXED_PROPERTIES in it (PropertyOverlay
 * finds them while building the string).
 */
export function buildInnerFromString(
  init: InnerFields,
  flag: number,
  body: Buffer,
  propertiesString: string,
  indexed: readonly (string | undefined)[],
): MessageExtBrokerInner {
  return innerOf(init, flag, body, propertiesString, indexed[0], indexed[1], indexed[2], 0);
}

function innerOf(
  init: InnerFields,
  flag: number,
  body: Buffer,
  propertiesString: string,
  tags: string | undefined,
  keys: string | undefined,
  uniqKey: string | undefined,
  preparedTransactionOffset: number,
): MessageExtBrokerInner {
  return {
    topic: init.topic,
    queueId: init.queueId,
    flag,
    body,
    propertiesString,
    tagsCode: tagsCode(tags),
    keys: keys?.split(' ').filter(Boolean),
    uniqKey,
    sysFlag: init.sysFlag,
    bornTimestamp: init.bornTimestamp,
    bornHost: init.bornHost,
    storeHost: init.storeHost,
    reconsumeTimes: init.reconsumeTimes,
    preparedTransactionOffset,
  };
}

/** The sender's WAIT (true unless it says false): only a SYNC_MASTER asks, and most strings lack the name. */
export function waitStoreMsgOKOf(properties: string | undefined): boolean {
  if (!properties || !properties.includes(MessageConst.WAIT_STORE_MSG_OK)) return true;
  return decodeProperties(properties)[MessageConst.WAIT_STORE_MSG_OK] !== 'false';
}

export function propertiesOf(inner: MessageExtBrokerInner): MessageProperties {
  return decodeProperties(inner.propertiesString);
}
