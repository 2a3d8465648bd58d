import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../../common/errors';
import { logger } from '../../common/logger';
import { encodeHeartbeatData } from '../../remoting/body/heartbeat';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ipOf, parseAccessRequest } from './access-resource';
import { AclGuard, aclLocations } from './acl-guard';
import { addAclText, emptyAclConfig, type PlainAclConfig } from './plain-acl-config';
import { validateAccess } from './plain-access-validator';
import { AclError, checkPermission, parsePerm, parseResourcePerms, Perm } from './permission';
import { addressMatcher, expandIPv6 } from './remote-address';
import { calSignature, signatureContent } from './signature';

/** The client side, written here from the spec (the broker may not import the SDK's signer). */
function signRequest(cmd: RemotingCommand, cred: { accessKey: string; secretKey: string }): RemotingCommand {
  const ext: Record<string, string> = { ...(cmd.extFields ?? {}), AccessKey: cred.accessKey };
  delete ext.Signature;
  ext.Signature = calSignature(signatureContent(ext, cmd.body), cred.secretKey);
  cmd.extFields = ext;
  return cmd;
}

describe('permission', () => {
  it('parses perm text as Apache', () => {
    expect(parsePerm('PUB')).toBe(Perm.PUB);
    expect(parsePerm(' SUB ')).toBe(Perm.SUB);
    expect(parsePerm('PUB|SUB')).toBe(Perm.PUB | Perm.SUB);
    expect(parsePerm('SUB|PUB')).toBe(Perm.PUB | Perm.SUB);
    expect(parsePerm('DENY')).toBe(Perm.DENY);
    expect(parsePerm('pub')).toBe(Perm.DENY);
    expect(parsePerm(undefined)).toBe(Perm.DENY);
  });

  it('checks needed against owned', () => {
    expect(checkPermission(Perm.PUB, Perm.PUB | Perm.SUB)).toBe(true);
    expect(checkPermission(Perm.SUB, Perm.PUB)).toBe(false);
    expect(checkPermission(Perm.PUB, Perm.DENY | Perm.PUB)).toBe(false);
    expect(checkPermission(Perm.ANY, Perm.SUB)).toBe(true);
    expect(checkPermission(Perm.ANY, Perm.DENY)).toBe(false);
  });

  it('parses resource perms; groups become retry topics', () => {
    const m = new Map<string, number>();
    parseResourcePerms(m, true, ['topicA=DENY', 'topicB = PUB|SUB']);
    parseResourcePerms(m, false, ['groupA=SUB']);
    expect([...m]).toEqual([
      ['topicA', Perm.DENY],
      ['topicB', Perm.PUB | Perm.SUB],
      ['%RETRY%groupA', Perm.SUB],
    ]);
    expect(() => parseResourcePerms(m, true, ['a=b=c'])).toThrow(AclError);
    expect(() => parseResourcePerms(m, false, ['nothing'])).toThrow('Parse resource permission failed for group:nothing');
  });
});

describe('white-list address patterns', () => {
  const cases: [string, string, boolean][] = [
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', '127.0.0.2', false],
    ['*', '10.1.2.3', true],
    ['*.*.*.*', '10.1.2.3', true],
    ['192.168.0.*', '192.168.0.77', true],
    ['192.168.0.*', '192.168.1.77', false],
    ['192.168.1-10.*', '192.168.5.1', true],
    ['192.168.1-10.*', '192.168.11.1', false],
    ['10.*.*.*', '10.200.3.4', true],
    ['10.*.*.*', '11.200.3.4', false],
    ['192.168.0.10-20', '192.168.0.15', true],
    ['192.168.0.10-20', '192.168.0.21', false],
    ['192.168.1.{1,2,3}', '192.168.1.2', true],
    ['192.168.1.{1,2,3}', '192.168.1.4', false],
    ['10.0.0.1,10.0.0.2', '10.0.0.2', true],
    ['10.0.0.1,10.0.0.2', '10.0.0.3', false],
    ['::1', '0:0:0:0:0:0:0:1', true],
    ['1050::ac5:{1,2}', '1050:0:0:0:0:0:ac5:2', true],
    ['1050:0:0:0:5:600:300c:*', '1050::5:600:300c:326b', true],
    ['1050:0:0:0:5:600:300c:*', '1050::5:600:300d:326b', false],
    ['', '127.0.0.1', false],
  ];
  it.each(cases)('%s vs %s → %s', (pattern, ip, want) => {
    expect(addressMatcher(pattern)(ip)).toBe(want);
  });

  it('refuses malformed patterns', () => {
    expect(() => addressMatcher('192.168.1.1,2,3')).toThrow(AclError);
    expect(() => addressMatcher('not-an-ip')).toThrow(AclError);
    expect(() => addressMatcher('192.168.0.20-10')).toThrow(AclError);
    expect(() => addressMatcher('1.2.3')).toThrow(AclError);
  });

  it('expands IPv6 like AclUtils.expandIP', () => {
    expect(expandIPv6('::1', 8)).toBe('0000:0000:0000:0000:0000:0000:0000:0001');
    expect(expandIPv6('1050::5:600:300c', 7)).toBe('1050:0000:0000:0000:0005:0600:300C');
  });
});

describe('signature content', () => {
  it('sorts by key (upper case first), skips Signature, appends the body', () => {
    const content = signatureContent({ b: 'T', a: 'g1', AccessKey: 'RocketMQ', Signature: 'x' }, Buffer.from('hello'));
    expect(content.toString()).toBe('RocketMQg1Thello');
    // openssl: printf 'RocketMQg1Thello' | openssl dgst -sha1 -hmac 12345678 -binary | base64
    expect(calSignature(content, '12345678')).toBe('vIasG16BTgXObjcloGXEL3dVoAA=');
  });
});

const ACL_YML = `
globalWhiteRemoteAddresses:
  - 10.10.103.*
accounts:
  - accessKey: RocketMQ
    secretKey: 12345678
    whiteRemoteAddress:
    admin: false
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - topicA=DENY
      - topicB=PUB|SUB
      - topicC=SUB
    groupPerms:
      - groupA=DENY
      - groupB=PUB|SUB
  - accessKey: rocketmq2
    secretKey: 12345678
    whiteRemoteAddress: 192.168.1.*
    admin: true
`;

function config(text = ACL_YML): PlainAclConfig {
  const c = emptyAclConfig();
  addAclText(c, text, 'test.yml');
  return c;
}

const USER = { accessKey: 'RocketMQ', secretKey: '12345678' };
const ADMIN = { accessKey: 'rocketmq2', secretKey: '12345678' };

function decide(cmd: RemotingCommand, ip = '127.0.0.1', cfg = config()): string {
  try {
    validateAccess(cfg, parseAccessRequest(cmd, `${ip}:40000`));
    return 'ok';
  } catch (err) {
    if (err instanceof AclError) return err.message;
    throw err;
  }
}

const send = (topic: string, group = 'pg') =>
  RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, { a: group, b: topic, c: 'TBW102', d: '4', e: '0' }, Buffer.from('body'));
const pull = (topic: string, group: string) =>
  RemotingCommand.request(RequestCode.PULL_MESSAGE, { consumerGroup: group, topic, queueId: '0', queueOffset: '0' });

describe('resource extraction', () => {
  it('per request code', () => {
    const r = (cmd: RemotingCommand) => [...parseAccessRequest(cmd, '1.2.3.4:5').resources];
    expect(r(send('T'))).toEqual([['T', Perm.PUB]]);
    expect(r(send('%RETRY%g', 'g'))).toEqual([['%RETRY%g', Perm.SUB]]);
    expect(r(RemotingCommand.request(RequestCode.SEND_MESSAGE, { producerGroup: 'p', topic: 'T' }))).toEqual([['T', Perm.PUB]]);
    expect(r(pull('T', 'g'))).toEqual([
      ['T', Perm.SUB],
      ['%RETRY%g', Perm.SUB],
    ]);
    expect(r(RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, { group: 'g', offset: '1' }))).toEqual([['%RETRY%g', Perm.SUB]]);
    expect(r(RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: 'g', topic: 'T' }))).toEqual([
      ['%RETRY%g', Perm.SUB],
      ['T', Perm.SUB],
    ]);
    expect(r(RemotingCommand.request(RequestCode.GET_CONSUMER_LIST_BY_GROUP, { consumerGroup: 'g' }))).toEqual([['%RETRY%g', Perm.SUB]]);
    expect(r(RemotingCommand.request(RequestCode.UNREGISTER_CLIENT, { clientID: 'c', producerGroup: 'p' }))).toEqual([]);
    expect(r(RemotingCommand.request(RequestCode.QUERY_CONSUMER_OFFSET, { consumerGroup: 'g', topic: 'T' }))).toEqual([]);
    const hb = encodeHeartbeatData({
      clientID: 'c',
      producerDataSet: [{ groupName: 'p' }],
      consumerDataSet: [
        {
          groupName: 'g',
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
          unitMode: false,
          subscriptionDataSet: [
            { topic: 'T', subString: '*', tagsSet: [], codeSet: [], subVersion: 1, expressionType: 'TAG', classFilterMode: false },
            { topic: '%RETRY%g', subString: '*', tagsSet: [], codeSet: [], subVersion: 1, expressionType: 'TAG', classFilterMode: false },
          ],
        },
      ],
    });
    expect(r(RemotingCommand.request(RequestCode.HEART_BEAT, {}, hb))).toEqual([
      ['%RETRY%g', Perm.SUB],
      ['T', Perm.SUB],
    ]);
  });

  it('takes the IP from host:port', () => {
    expect(ipOf('127.0.0.1:1234')).toBe('127.0.0.1');
    expect(ipOf('::1:1234')).toBe('::1');
  });
});

describe('decision (Apache order and messages)', () => {
  it('refuses a request without an access key', () => {
    expect(decide(send('topicB'))).toBe('No accessKey is configured');
    expect(decide(RemotingCommand.request(RequestCode.HEART_BEAT))).toBe('No accessKey is configured');
  });
  it('lets a global white address through without a key', () => {
    expect(decide(send('topicA'), '10.10.103.7')).toBe('ok');
  });
  it('refuses an unknown key and a wrong signature', () => {
    expect(decide(signRequest(send('topicB'), { accessKey: 'nobody1', secretKey: '12345678' }))).toBe('No acl config for nobody1');
    expect(decide(signRequest(send('topicB'), { accessKey: 'RocketMQ', secretKey: 'wrong-secret' }))).toBe(
      'Check signature failed for accessKey=RocketMQ',
    );
    const tampered = signRequest(send('topicB'), USER);
    tampered.body = Buffer.from('other');
    expect(decide(tampered)).toBe('Check signature failed for accessKey=RocketMQ');
  });
  it('checks topic and group perms with defaults', () => {
    expect(decide(signRequest(send('topicB'), USER))).toBe('ok');
    expect(decide(signRequest(send('topicA'), USER))).toBe('No default permission for topic:topicA');
    expect(decide(signRequest(send('topicC'), USER))).toBe('No default permission for topic:topicC');
    expect(decide(signRequest(send('other'), USER))).toBe('No default permission for topic:other');
    expect(decide(signRequest(pull('topicB', 'groupB'), USER))).toBe('ok');
    expect(decide(signRequest(pull('topicC', 'anyGroup'), USER))).toBe('ok'); // defaultGroupPerm SUB
    expect(decide(signRequest(pull('topicB', 'groupA'), USER))).toBe('No default permission for group:groupA');
  });
  it('admin codes need admin; an admin without perms may do anything', () => {
    const create = RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: 'X' });
    expect(decide(signRequest(create, USER))).toBe('Need admin permission for request code=17, but accessKey=RocketMQ is not');
    expect(decide(signRequest(RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, { topic: 'X' }), ADMIN))).toBe('ok');
    expect(decide(signRequest(send('topicA'), ADMIN))).toBe('ok');
  });
  it("an account's white address skips the signature", () => {
    expect(decide(signRequest(send('topicA'), { accessKey: 'rocketmq2', secretKey: 'wrong-secret' }), '192.168.1.9')).toBe('ok');
  });
  it('trace topic PUB is always allowed', () => {
    expect(decide(signRequest(send('RMQ_SYS_TRACE_TOPIC'), USER))).toBe('ok');
  });
  it('refuses short keys in the file', () => {
    expect(() => config('accounts:\n  - accessKey: short\n    secretKey: 12345678\n')).toThrow(/length should longer than 6/);
  });
});

describe('AclGuard', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('locates the file as Apache (ROCKETMQ_HOME/conf/plain_acl.yml) or by aclFilePath', () => {
    expect(aclLocations({}, { ROCKETMQ_HOME: '/opt/rmq' }).file).toBe('/opt/rmq/conf/plain_acl.yml');
    expect(aclLocations({ aclFilePath: '/etc/acl.yml' }, {}).file).toBe('/etc/acl.yml');
    expect(() => aclLocations({}, {})).toThrow(/aclEnable=true needs/);
  });

  it('answers SYSTEM_ERROR with the AclException remark, and reloads a changed file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-acl-'));
    dirs.push(dir);
    const file = path.join(dir, 'plain_acl.yml');
    fs.writeFileSync(file, ACL_YML);
    const guard = new AclGuard({ file }, logger);
    guard.load();
    const inner = { handle: () => RemotingCommand.responseTo(send('x'), 0) };
    const wrapped = guard.guard(inner);
    const ch = { remoteAddr: '127.0.0.1:5555' } as never;
    let err: unknown;
    try {
      await wrapped.handle(signRequest(send('topicA'), USER), ch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BrokerError);
    expect((err as BrokerError).responseCode).toBe(1);
    expect((err as BrokerError).remark).toBe('org.apache.rocketmq.acl.common.AclException: No default permission for topic:topicA');
    expect((await wrapped.handle(signRequest(send('topicB'), USER), ch))?.code).toBe(0);

    fs.writeFileSync(file, ACL_YML.replace('topicA=DENY', 'topicA=PUB'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(guard.reloadIfChanged()).toBe(true);
    expect((await wrapped.handle(signRequest(send('topicA'), USER), ch))?.code).toBe(0);

    // A broken file keeps the previous configuration.
    fs.writeFileSync(file, 'accounts:\n  - accessKey: x\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(guard.reloadIfChanged()).toBe(false);
    expect((await wrapped.handle(signRequest(send('topicA'), USER), ch))?.code).toBe(0);
  });
});
