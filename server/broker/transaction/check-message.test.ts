import { describe, expect, it } from 'vitest';
import { MessageConst } from '../../common/message/message-const';
import { decodeMessage } from '../../common/message/message-decoder';
import { encodeProperties } from '../../common/message/properties';
import type { MessageExtBrokerInner } from '../../store/message-store';
import { encodeRecord, prepareRecord } from '../../store/record-codec';
import { recordForCheck } from './check-message';

describe('recordForCheck', () => {
  it('puts the real topic and queue back and keeps everything else', () => {
    const props = { [MessageConst.REAL_TOPIC]: 'OrderTopic', [MessageConst.REAL_QUEUE_ID]: '3', [MessageConst.KEYS]: 'k1', color: 'red' };
    const msg: MessageExtBrokerInner = {
      topic: 'RMQ_SYS_TRANS_HALF_TOPIC',
      queueId: 0,
      flag: 7,
      body: Buffer.from('tx body'),
      propertiesString: encodeProperties(props),
      tagsCode: 0,
      sysFlag: 0,
      bornTimestamp: 1000,
      bornHost: { ip: Buffer.from([127, 0, 0, 1]), port: 5000 },
      storeHost: { ip: Buffer.from([127, 0, 0, 1]), port: 10911 },
      reconsumeTimes: 0,
      preparedTransactionOffset: 0,
    };
    const prepared = prepareRecord(msg, Buffer.from(msg.topic), true);
    const rec = Buffer.alloc(prepared.size);
    encodeRecord(rec, 0, prepared, 12, 4096, 2000);
    const m = decodeMessage(recordForCheck(rec));
    expect(m.topic).toBe('OrderTopic');
    expect(m.queueId).toBe(3);
    expect(m.queueOffset).toBe(12);
    expect(m.commitLogOffset).toBe(4096);
    expect(m.body.toString()).toBe('tx body');
    expect(m.flag).toBe(7);
    expect(m.properties.color).toBe('red');
    expect(m.totalSize).toBe(recordForCheck(rec).length);
  });
});
