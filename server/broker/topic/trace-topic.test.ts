import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { parseBrokerConfig } from '../broker-config';
import { TopicConfigManager } from './topic-config-manager';
import { isSystemTopic } from './topic-validator';

const manager = (conf: Record<string, string>) =>
  new TopicConfigManager(parseBrokerConfig({ storePathRootDir: path.join(os.tmpdir(), 'orbit-trace-topic-unused'), ...conf }), 18, logger.child({ test: 'trace-topic' }));

describe('traceTopicEnable (Apache TopicConfigManager)', () => {
  it('is off by default: no trace topic in the table', () => {
    expect(manager({}).get('RMQ_SYS_TRACE_TOPIC')).toBeUndefined();
  });

  it('creates RMQ_SYS_TRACE_TOPIC with one read and one write queue when on', () => {
    expect(manager({ traceTopicEnable: 'true' }).get('RMQ_SYS_TRACE_TOPIC')).toMatchObject({ readQueueNums: 1, writeQueueNums: 1, perm: 6 });
  });

  it('creates the msgTraceTopicName instead and counts it a system topic', () => {
    const m = manager({ traceTopicEnable: 'true', msgTraceTopicName: 'MY_TRACE' });
    expect(m.get('MY_TRACE')).toMatchObject({ readQueueNums: 1, writeQueueNums: 1 });
    expect(m.get('RMQ_SYS_TRACE_TOPIC')).toBeUndefined();
    expect(isSystemTopic('MY_TRACE')).toBe(true);
  });
});
