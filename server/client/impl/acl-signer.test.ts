import { describe, expect, it } from 'vitest';
import { RemotingCommand } from '../../remoting/remoting-command';
import { credentialsOf, signRequest } from './acl-signer';

// Vectors computed with Apache's rocketmq-acl 4.9.2 AclClientRPCHook (a throw-away Java main) and checked with
// `openssl dgst -sha1 -hmac`, not with this code.
describe('signRequest', () => {
  it('matches AclClientRPCHook for ext fields + body', () => {
    // UNREGISTER_CLIENT {clientID: "tä\u0001", consumerGroup: "g1"}, body "hello"
    const cmd = RemotingCommand.request(35, { clientID: 't\u00e4\u0001', consumerGroup: 'g1' }, Buffer.from('hello'));
    signRequest(cmd, { accessKey: 'RocketMQ', secretKey: '12345678' });
    expect(cmd.extFields).toMatchObject({ AccessKey: 'RocketMQ', Signature: 'GoVbW8xmpb9vBh3ri6MGDqKyvNo=' });
  });

  it('matches AclClientRPCHook with a security token and no header/body', () => {
    const cmd = RemotingCommand.request(34);
    signRequest(cmd, { accessKey: 'RocketMQ', secretKey: '12345678', securityToken: 'tok' });
    expect(cmd.extFields).toEqual({ AccessKey: 'RocketMQ', SecurityToken: 'tok', Signature: 'UC/2rY3x5VXidWkT9I/CFl37+4U=' });
  });

  it('re-signing (a retry) replaces the old signature', () => {
    const cmd = RemotingCommand.request(35, { clientID: 't\u00e4\u0001', consumerGroup: 'g1' }, Buffer.from('hello'));
    const cred = { accessKey: 'RocketMQ', secretKey: '12345678' };
    signRequest(cmd, cred);
    signRequest(cmd, cred);
    expect(cmd.extFields?.Signature).toBe('GoVbW8xmpb9vBh3ri6MGDqKyvNo=');
  });

  it('credentialsOf needs both keys', () => {
    expect(credentialsOf({ accessKey: 'a' })).toBeUndefined();
    expect(credentialsOf({ accessKey: 'a', secretKey: 'b' })).toEqual({ accessKey: 'a', secretKey: 'b', securityToken: undefined });
  });
});
