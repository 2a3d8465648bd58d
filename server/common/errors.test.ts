import { describe, expect, it } from 'vitest';
import { BrokerError, ClientError, MqError, RemotingConnectError, RemotingError, RemotingTimeoutError } from './errors';

describe('MqError family', () => {
  it('answers instanceof by kind, along the class chain', () => {
    const e = new RemotingTimeoutError('slow');
    expect(e instanceof RemotingTimeoutError).toBe(true);
    expect(e instanceof RemotingError).toBe(true);
    expect(e instanceof MqError).toBe(true);
    expect(e instanceof Error).toBe(true);
    expect(e instanceof RemotingConnectError).toBe(false);
    expect(e instanceof BrokerError).toBe(false);
    expect(new ClientError('X', 'y') instanceof RemotingError).toBe(false);
  });

  it('recognises an error made by another copy of the module (Next bundles it twice)', () => {
    // What a second bundle's BrokerError instance looks like: a different class carrying the same kinds.
    const kinds = Symbol.for('orbit.mq-error.kinds');
    const foreign = Object.assign(new Error('response code 17: no route'), { responseCode: 17, remark: 'no route' });
    Object.defineProperty(foreign, kinds, { value: ['BrokerError', 'MqError'] });
    expect(foreign instanceof BrokerError).toBe(true);
    expect(foreign instanceof MqError).toBe(true);
    expect(foreign instanceof RemotingError).toBe(false);
  });

  it('leaves subclasses without their own kind to the ordinary check', () => {
    class LocalError extends MqError {}
    expect(new MqError('A', 'b') instanceof LocalError).toBe(false);
    expect(new LocalError('A', 'b') instanceof LocalError).toBe(true);
    expect(new LocalError('A', 'b') instanceof MqError).toBe(true);
  });
});
