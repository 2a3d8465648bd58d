import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../grpc/codes';
import type { Message } from '../grpc/proto-types';
import { defaultProxyConfig } from '../proxy-config';
import { buildRemotingMessage, checkTopicType, floorMod, javaStringHash } from './message-build';
import { selectQueue } from './send-service';

const limits = defaultProxyConfig('127.0.0.1:9876');
const msg = (sys: Record<string, unknown> = {}, over: Partial<Message> = {}): Message => ({
  topic: { name: 'T' },
  body: Buffer.from('b'),
  systemProperties: { messageId: 'ID1', ...sys },
  ...over,
});
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as ProxyError).code;
  }
  return 'OK';
};

describe('buildRemotingMessage', () => {
  it('checks a body digest the producer sent (MD5, SHA1, CRC32 hex or decimal) and refuses a mismatch with MESSAGE_CORRUPTED', () => {
    const body = Buffer.from('digest me');
    const md5 = crypto.createHash('md5').update(body).digest('hex');
    const sha1 = crypto.createHash('sha1').update(body).digest('hex').toUpperCase();
    const crc = (zlib as unknown as { crc32: (b: Buffer) => number }).crc32(body) >>> 0;
    for (const d of [{ type: 'MD5', checksum: md5 }, { type: 'SHA1', checksum: sha1 }, { type: 'CRC32', checksum: crc.toString(16) }, { type: 'CRC32', checksum: String(crc) }]) {
      expect(codeOf(() => buildRemotingMessage(msg({ bodyDigest: d }, { body }), 'T', '', limits))).toBe('OK');
    }
    expect(codeOf(() => buildRemotingMessage(msg({ bodyDigest: { type: 'MD5', checksum: 'F'.repeat(32) } }, { body }), 'T', '', limits))).toBe('MESSAGE_CORRUPTED');
  });

  it('stores a GZIP body as zlib under the COMPRESSED flag (what 4.x consumers inflate), and refuses a false GZIP', () => {
    const raw = Buffer.from('hello '.repeat(100));
    const r = buildRemotingMessage(msg({ bodyEncoding: 'GZIP' }, { body: zlib.gzipSync(raw) }), 'T', '', limits);
    expect(r.sysFlag & 0x1).toBe(1);
    expect(zlib.inflateSync(r.body).equals(raw)).toBe(true);
    expect(codeOf(() => buildRemotingMessage(msg({ bodyEncoding: 'GZIP' }, { body: raw }), 'T', '', limits))).toBe('MESSAGE_CORRUPTED');
  });

  it('maps system properties to RocketMQ properties', () => {
    const now = 1_700_000_000_000;
    const r = buildRemotingMessage(
      msg({ tag: 'A', keys: ['k1', 'k2'], messageGroup: 'g', bornTimestamp: { seconds: 1_700_000_000 }, deliveryAttempt: 0, traceContext: 'tc' }, { userProperties: { u: 'v' } }),
      'T',
      '10.0.0.9:5000',
      limits,
      now,
    );
    expect(r.properties).toMatchObject({ u: 'v', TAGS: 'A', KEYS: 'k1 k2', UNIQ_KEY: 'ID1', __SHARDINGKEY: 'g', PGROUP: 'T', TRACE_CONTEXT: 'tc', __BORNHOST: '10.0.0.9:5000', BORN_TIMESTAMP: String(now) });
    expect(r.type).toBe('FIFO');
    const tx = buildRemotingMessage(msg({ messageType: 'TRANSACTION', orphanedTransactionRecoveryDuration: { seconds: 30 } }), 'T', '', limits);
    expect(tx.sysFlag & 0x4).toBe(4);
    expect(tx.properties).toMatchObject({ TRAN_MSG: 'true', CHECK_IMMUNITY_TIME_IN_SECONDS: '30' });
    const delay = buildRemotingMessage(msg({ deliveryTimestamp: { seconds: 1_700_000_010, nanos: 5_000_000 } }), 'T', '', limits, now);
    expect(delay.properties.TIMER_DELIVER_MS).toBe('1700000010005');
    expect(delay.type).toBe('DELAY');
  });

  it('refuses what the 5.x proxy refuses', () => {
    expect(codeOf(() => buildRemotingMessage(msg({}, { body: Buffer.alloc(0) }), 'T', '', limits))).toBe('MESSAGE_BODY_EMPTY');
    expect(codeOf(() => buildRemotingMessage(msg({ messageId: ' ' }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_ID');
    expect(codeOf(() => buildRemotingMessage(msg({ tag: ' ' }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_TAG');
    expect(codeOf(() => buildRemotingMessage(msg({ tag: 'a\u0007' }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_TAG');
    expect(codeOf(() => buildRemotingMessage(msg({ keys: ['a\nb'] }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_KEY');
    expect(codeOf(() => buildRemotingMessage(msg({}, { userProperties: { TAGS: 'x' } }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_PROPERTY_KEY');
    const many = Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`k${i}`, 'v']));
    expect(codeOf(() => buildRemotingMessage(msg({}, { userProperties: many }), 'T', '', limits))).toBe('MESSAGE_PROPERTIES_TOO_LARGE');
    expect(codeOf(() => buildRemotingMessage(msg({}, { userProperties: { big: 'x'.repeat(17 * 1024) } }), 'T', '', limits))).toBe('MESSAGE_PROPERTIES_TOO_LARGE');
    expect(codeOf(() => buildRemotingMessage(msg({ messageGroup: 'é'.repeat(32) }), 'T', '', limits))).toBe('ILLEGAL_MESSAGE_GROUP');
    expect(codeOf(() => buildRemotingMessage(msg({ messageType: 'TRANSACTION', orphanedTransactionRecoveryDuration: { seconds: 3601 } }), 'T', '', limits))).toBe('BAD_REQUEST');
  });

  it('checks the message type against the topic type', () => {
    expect(codeOf(() => checkTopicType('T', 'NORMAL', 'NORMAL'))).toBe('OK');
    expect(codeOf(() => checkTopicType('T', 'MIXED', 'FIFO'))).toBe('OK');
    expect(codeOf(() => checkTopicType('T', 'FIFO', 'NORMAL'))).toBe('MESSAGE_PROPERTY_CONFLICT_WITH_TYPE');
    expect(codeOf(() => checkTopicType('T', 'UNSPECIFIED', 'NORMAL'))).toBe('MESSAGE_PROPERTY_CONFLICT_WITH_TYPE');
  });
});

describe('FIFO queue choice', () => {
  it('hashes the group as Java String.hashCode and floors the modulo', () => {
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(floorMod(-7, 4)).toBe(1);
    const queues = [0, 1, 2, 3].map((queueId) => ({ brokerName: 'a', queueId }));
    expect(selectQueue(queues, 'hello', 0).queueId).toBe(99162322 % 4);
    expect(selectQueue(queues, undefined, 5).queueId).toBe(1);
  });
});
