/** A popped retry record as the consumer sees it: under its original topic, carrying its receipt (POP_CK). */
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage } from '../../common/message/message-decoder';
import { encodeRecord, prepareRecord } from '../../store/record-codec';
import { buildInner, hostAddress } from '../message-inner';

export function asOriginalTopic(rec: Buffer, topic: string, popCk: string): Buffer {
  const m = decodeMessage(rec, 0, { inflate: false });
  const props = { ...m.properties };
  if (!props[MessageConst.POP_CK]) props[MessageConst.POP_CK] = popCk;
  const inner = buildInner({
    topic,
    queueId: m.queueId,
    flag: m.flag,
    body: m.body,
    properties: props,
    sysFlag: m.sysFlag,
    bornTimestamp: m.bornTimestamp,
    bornHost: hostAddress(m.bornHost),
    storeHost: hostAddress(m.storeHost),
    reconsumeTimes: m.reconsumeTimes,
    preparedTransactionOffset: m.preparedTransactionOffset,
  });
  const p = prepareRecord(inner, Buffer.from(topic, 'utf8'), false);
  const out = Buffer.alloc(p.size);
  encodeRecord(out, 0, p, m.queueOffset, m.commitLogOffset, m.storeTimestamp);
  return out;
}
