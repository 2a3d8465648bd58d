import { describe, expect, it } from 'vitest';
import { Authenticator, parseAuthorization, sign } from './authenticator';
import type { RequestContext } from './request-context';

const ctx = (authorization: string, dateTime = '20240101T000000Z'): RequestContext => ({ clientId: 'c', language: 'JAVA', clientVersion: '', remoteAddr: '', dateTime, authorization });

describe('gRPC ACL', () => {
  it('parses the Java/Node and Go credential forms', () => {
    expect(parseAuthorization('MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature=AB12')).toEqual({ accessKey: 'ak', signature: 'AB12' });
    expect(parseAuthorization('MQv2-HMAC-SHA1 Credential=ak//Rocketmq, SignedHeaders=x-mq-date-time, Signature=ab12')?.accessKey).toBe('ak');
    expect(parseAuthorization('garbage')).toBeUndefined();
  });

  it('accepts a valid signature in either case and refuses the rest', () => {
    const auth = new Authenticator({ ak: 'sk' });
    const sig = sign('sk', '20240101T000000Z');
    expect(() => auth.check(ctx(`MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature=${sig}`))).not.toThrow();
    expect(() => auth.check(ctx(`MQv2-HMAC-SHA1 Credential=ak//Rocketmq, SignedHeaders=x-mq-date-time, Signature=${sig.toLowerCase()}`))).not.toThrow();
    expect(() => auth.check(ctx(`MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature=${sig}`, '20240101T000001Z'))).toThrow(/signature/);
    expect(() => auth.check(ctx(`MQv2-HMAC-SHA1 Credential=other, SignedHeaders=x-mq-date-time, Signature=${sig}`))).toThrow(/no account/);
    expect(() => auth.check(ctx(''))).toThrow(/missing/);
    expect(() => new Authenticator(undefined).check(ctx(''))).not.toThrow();
  });
});
