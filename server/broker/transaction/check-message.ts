/**
 * The record a producer's check-back listener receives: the half message with its real topic and queue
 * put back, as Apache re-encodes it before CHECK_TRANSACTION_STATE (clients read `msg.getTopic()`).
 * Layout in common/message/message-decoder.ts; only queueId, the topic and totalSize change.
 */
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import { decodeProperties } from '../../common/message/properties';

const QUEUE_ID_POS = 12;
const BORN_HOST_POS = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8;

export function recordForCheck(record: Buffer): Buffer {
  const sysFlag = record.readInt32BE(36);
  let pos = BORN_HOST_POS + ((sysFlag & MessageSysFlag.BORNHOST_V6_FLAG) !== 0 ? 20 : 8) + 8;
  pos += (sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG) !== 0 ? 20 : 8;
  pos += 4 + 8;
  const bodyLen = record.readInt32BE(pos);
  pos += 4 + bodyLen;
  const topicStart = pos;
  const topicLen = record.readUInt8(pos);
  const propsStart = topicStart + 1 + topicLen;
  const propLen = record.readInt16BE(propsStart);
  const props = decodeProperties(record.toString('utf8', propsStart + 2, propsStart + 2 + propLen));
  const realTopic = props[MessageConst.REAL_TOPIC];
  if (!realTopic) return record;
  const topic = Buffer.from(realTopic, 'utf8');
  const out = Buffer.concat([record.subarray(0, topicStart), Buffer.from([topic.length]), topic, record.subarray(propsStart)]);
  out.writeInt32BE(out.length, 0);
  out.writeInt32BE(Number(props[MessageConst.REAL_QUEUE_ID] ?? 0), QUEUE_ID_POS);
  return out;
}
