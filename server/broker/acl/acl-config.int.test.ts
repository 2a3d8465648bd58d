/**
 * Plain ACL administration over real sockets on an ACL-enabled broker: create/update (50), delete (51),
 * versions (52), global white addresses (53) and the whole config (54); every edit lands in the YAML file
 * and the guard applies it at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { signRequest } from '../../client/impl/acl-signer';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { parseJavaJson } from '../../remoting/fastjson';
import { decodeAclConfigBody } from '../../remoting/body/admin-debug';
import { BrokerController } from '../broker-controller';
import { parseBrokerConfig } from '../broker-config';

const log = logger.child({ test: 'acl-config-int' });
const ADMIN = { accessKey: 'RocketMQAdmin', secretKey: '12345678admin' };
let dir: string;
let aclFile: string;
let broker: BrokerController;
let client: RemotingClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-acl-config-'));
  aclFile = path.join(dir, 'plain_acl.yml');
  fs.writeFileSync(
    aclFile,
    ['# admin account', 'accounts:', `  - accessKey: ${ADMIN.accessKey}`, `    secretKey: ${ADMIN.secretKey}`, '    admin: true', '    defaultTopicPerm: PUB|SUB', '    defaultGroupPerm: SUB', ''].join('\n'),
  );
  broker = new BrokerController(
    parseBrokerConfig({ brokerName: 'broker-acl', listenPort: 0, storePathRootDir: path.join(dir, 'store'), aclEnable: true, aclFilePath: aclFile }),
    { log },
  );
  await broker.start();
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (code: number, ext: Record<string, string> = {}, cred: { accessKey: string; secretKey: string } | null = ADMIN) => {
  const cmd = RemotingCommand.request(code, ext);
  return client.invoke(broker.address, cred ? signRequest(cmd, cred) : cmd, 5000);
};
const fileData = () => parseYaml(fs.readFileSync(aclFile, 'utf8'));

describe('plain ACL administration', () => {
  const USER = { accessKey: 'orbitUser1', secretKey: 'orbitSecret1' };

  it('refuses an account it does not know, then knows it once created', async () => {
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, USER)).code).toBe(ResponseCode.SYSTEM_ERROR);
    const r = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, {
      ...USER,
      admin: 'false',
      defaultTopicPerm: 'DENY',
      defaultGroupPerm: 'SUB',
      topicPerms: 'topicA=PUB,topicB=PUB|SUB',
      groupPerms: 'groupA=DENY',
      whiteRemoteAddress: '10.1.1.*',
    });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const data = fileData();
    expect(data.dataVersion[0].counter).toBe(1);
    const acct = data.accounts.find((a: { accessKey: string }) => a.accessKey === USER.accessKey);
    expect(acct).toEqual({ ...USER, whiteRemoteAddress: '10.1.1.*', admin: false, defaultTopicPerm: 'DENY', defaultGroupPerm: 'SUB', topicPerms: ['topicA=PUB', 'topicB=PUB|SUB'], groupPerms: ['groupA=DENY'] });
    // The guard applied it without waiting for its file watch.
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, USER)).code).toBe(ResponseCode.SUCCESS);
  });

  it('updates an account in place, keeping fields not given', async () => {
    const r = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { ...USER, admin: 'true', topicPerms: 'topicC=SUB' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const data = fileData();
    expect(data.dataVersion[0].counter).toBe(2);
    const acct = data.accounts.find((a: { accessKey: string }) => a.accessKey === USER.accessKey);
    expect(acct).toMatchObject({ admin: true, topicPerms: ['topicC=SUB'], groupPerms: ['groupA=DENY'], defaultTopicPerm: 'DENY', whiteRemoteAddress: '10.1.1.*' });
    expect(data.accounts).toHaveLength(2);
  });

  it('rejects a bad account with UPDATE_AND_CREATE_ACL_CONFIG_FAILED and Apache’s message', async () => {
    const short = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'orbitUser2', secretKey: 'short' });
    expect(short.code).toBe(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
    expect(short.remark).toBe('The accessKey=orbitUser2 and secretKey=short cannot be null and length should longer than 6');
    const noSecret = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'orbitUser2' });
    expect(noSecret.remark).toBe('The accessKey=orbitUser2 and secretKey=null cannot be null and length should longer than 6');
    const badPerm = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'orbitUser2', secretKey: 'orbitSecret2', topicPerms: 'topicA=ALL' });
    expect(badPerm.code).toBe(ResponseCode.UPDATE_AND_CREATE_ACL_CONFIG_FAILED);
    expect(badPerm.remark).toMatch(/^Parse resource permission error for topicA=ALL\./);
    const badFormat = await call(RequestCode.UPDATE_AND_CREATE_ACL_CONFIG, { accessKey: 'orbitUser2', secretKey: 'orbitSecret2', groupPerms: 'groupA' });
    expect(badFormat.remark).toMatch(/^Parse Resource format error for groupA\./);
    expect(fileData().accounts).toHaveLength(2);
  });

  it('reports the file versions and the broker (GET_BROKER_CLUSTER_ACL_INFO)', async () => {
    const r = await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO);
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(r.extFields).toMatchObject({ brokerName: 'broker-acl', brokerAddr: broker.address, clusterName: 'DefaultCluster' });
    expect(parseJavaJson(r.extFields!.version)).toMatchObject({ counter: 2 });
    const all = parseJavaJson(r.extFields!.allAclFileVersion);
    expect(all[aclFile]).toMatchObject({ counter: 2 });
    expect(r.body?.length ?? 0).toBe(0);
  });

  it('lists every account and white address (GET_BROKER_CLUSTER_ACL_CONFIG)', async () => {
    const r = await call(RequestCode.GET_BROKER_CLUSTER_ACL_CONFIG);
    expect(r.code).toBe(ResponseCode.SUCCESS);
    const body = decodeAclConfigBody(r.body);
    expect(body.globalWhiteAddrs).toEqual([]);
    expect(body.plainAccessConfigs.map((a) => a.accessKey)).toEqual([ADMIN.accessKey, USER.accessKey]);
    expect(body.plainAccessConfigs[0]).toEqual({ ...ADMIN, admin: true, defaultTopicPerm: 'PUB|SUB', defaultGroupPerm: 'SUB' });
  });

  it('sets the global white addresses, which then need no signature', async () => {
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, null)).code).toBe(ResponseCode.SYSTEM_ERROR);
    const r = await call(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '127.0.0.1,10.10.*.*', aclFileFullPath: '' });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(fileData().globalWhiteRemoteAddresses).toEqual(['127.0.0.1', '10.10.*.*']);
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, null)).code).toBe(ResponseCode.SUCCESS);

    const elsewhere = await call(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '1.2.3.4', aclFileFullPath: path.join(dir, 'other.yml') });
    expect(elsewhere.code).toBe(ResponseCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG_FAILED);
    expect(elsewhere.remark).toBe('The globalWhiteAddresses[1.2.3.4] has been updated failed.');
    const noPath = await call(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '1.2.3.4' });
    expect(noPath.code).toBe(ResponseCode.SYSTEM_ERROR);

    // Back to no white list, for the tests after this one.
    expect((await call(RequestCode.UPDATE_GLOBAL_WHITE_ADDRS_CONFIG, { globalWhiteAddrs: '', aclFileFullPath: aclFile })).code).toBe(ResponseCode.SUCCESS);
    expect(fileData().globalWhiteRemoteAddresses).toEqual(['']);
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, null)).code).toBe(ResponseCode.SYSTEM_ERROR);
  });

  it('deletes an account, which is then refused', async () => {
    const r = await call(RequestCode.DELETE_ACL_CONFIG, { accessKey: USER.accessKey });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(fileData().accounts.map((a: { accessKey: string }) => a.accessKey)).toEqual([ADMIN.accessKey]);
    expect((await call(RequestCode.GET_BROKER_CLUSTER_ACL_INFO, {}, USER)).code).toBe(ResponseCode.SYSTEM_ERROR);
    const again = await call(RequestCode.DELETE_ACL_CONFIG, { accessKey: USER.accessKey });
    expect(again.code).toBe(ResponseCode.DELETE_ACL_CONFIG_FAILED);
    expect(again.remark).toBe(`The accesskey[${USER.accessKey}] corresponding to accessConfig has been deleted failed.`);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
