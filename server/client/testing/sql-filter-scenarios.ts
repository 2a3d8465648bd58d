/**
 * SQL92 subscriptions end to end through the SDK, shared by server/client/sql-filter.int.test.ts (Orbit, unit run)
 * and interop/ts-client.interop.test.ts (every target, Apache RocketMQ 4.9.7 included). The broker must run with
 * `enablePropertyFilter=true` ({@link SQL_BROKER_CONF}).
 */
import { afterAll, expect, it } from 'vitest';
import { AdminClient } from '../admin/admin-client';
import { encodeJavaBody } from '../../remoting/fastjson';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { FilterCompileError, LitePullConsumer, Producer, PullConsumer, PushConsumer, type MessageExt } from '../index';
import { until } from './sdk-scenarios';

/** SQL92 on; short delay levels so the retry scenario's first redelivery comes after 3 s, not 10 s. */
export const SQL_BROKER_CONF: Record<string, string> = { enablePropertyFilter: 'true', messageDelayLevel: '1s 2s 3s' };

/** Messages with a spread of property values: which of them an expression selects is what the tests check. */
const SAMPLE: { body: string; tags?: string; properties: Record<string, string> }[] = [
  { body: 'eu7', tags: 'TagA', properties: { a: '7', region: 'eu' } },
  { body: 'us9', tags: 'TagB', properties: { a: '9', region: 'us' } },
  { body: 'eu5', tags: 'TagA', properties: { a: '5', region: 'eu' } },
  { body: 'ap8', tags: 'TagA', properties: { a: '8', region: 'ap' } },
  { body: 'noA', tags: 'TagC', properties: { region: 'eu' } },
  { body: 'text', tags: 'TagB', properties: { a: 'many', region: 'us' } },
  { body: 'dec', properties: { a: '6.5', region: 'eu' } },
  { body: 'big', tags: 'TagC', properties: { a: '100', region: 'us' } },
];

export function defineSqlFilterScenarios(namesrvAddr: () => string): void {
  let seq = 0;
  const run = `${process.pid}_${Date.now() % 1_000_000}`;
  const uniq = (p: string) => `${p}_${run}_${++seq}`;
  const cleanups: (() => Promise<unknown>)[] = [];

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
  }, 60_000);

  async function topicWithSample(): Promise<{ topic: string; producer: Producer }> {
    const producer = new Producer({ namesrvAddr: namesrvAddr(), producerGroup: uniq('sqlpg') });
    await producer.start();
    cleanups.push(() => producer.shutdown());
    const topic = uniq('Sql');
    await producer.send({ topic, body: 'warmup', properties: { a: '0' } });
    return { topic, producer };
  }

  async function sendSample(p: Producer, topic: string): Promise<void> {
    for (const m of SAMPLE) await p.send({ topic, ...m });
  }

  const bodies = (msgs: MessageExt[]) => msgs.map((m) => m.body.toString()).filter((b) => b !== 'warmup');

  async function pushReceive(topic: string, sql: string, expected: number, onMessage?: (m: MessageExt) => boolean): Promise<MessageExt[]> {
    const c = new PushConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('sqlcg'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    cleanups.push(() => c.shutdown());
    const got: MessageExt[] = [];
    c.subscribe(topic, { sql });
    c.registerMessageListenerConcurrently((msgs) => {
      for (const m of msgs) if (onMessage && !onMessage(m)) return 'RECONSUME_LATER';
      got.push(...msgs);
      return 'CONSUME_SUCCESS';
    });
    await c.start();
    await until(`${expected} messages for ${sql}`, () => bodies(got).length >= expected, 20_000);
    // Anything else would have arrived with them: give stragglers a moment to prove there are none.
    await new Promise((r) => setTimeout(r, 1500));
    return got;
  }

  it('a push consumer with an SQL92 selector receives exactly the matching messages', async () => {
    const { topic, producer } = await topicWithSample();
    const receiving = pushReceive(topic, "a > 5 AND region IN ('eu', 'us')", 3);
    await sendSample(producer, topic);
    // Java's rules: against the Integer 5 the property is read with Integer.valueOf, so '6.5' and 'many' throw (no
    // match, not an error); 'noA' has no a (NULL); ap is not in the list.
    expect(bodies(await receiving).sort()).toEqual(['big', 'eu7', 'us9']);
  }, 40_000);

  it('TAGS, IS NULL, BETWEEN and NOT select as in Apache', async () => {
    const { topic, producer } = await topicWithSample();
    const tagsOrNull = pushReceive(topic, "TAGS = 'TagC' OR a IS NULL", 2);
    const between = pushReceive(topic, "a BETWEEN 5.0 AND 8.0 AND NOT (region = 'ap')", 3);
    await sendSample(producer, topic);
    expect(bodies(await tagsOrNull).sort()).toEqual(['big', 'noA']);
    // Double bounds read the property with Double.valueOf, so '6.5' is in range (with 5 AND 8 it would not be).
    expect(bodies(await between).sort()).toEqual(['dec', 'eu5', 'eu7']);
  }, 40_000);

  it('a retried message is redelivered to the SQL92 subscriber', async () => {
    const { topic, producer } = await topicWithSample();
    let failed = false;
    const receiving = pushReceive(topic, "region = 'ap'", 1, (m) => {
      if (failed || m.body.toString() !== 'ap8') return true;
      failed = true;
      return false;
    });
    await sendSample(producer, topic);
    const got = await receiving;
    expect(failed).toBe(true);
    expect(bodies(got)).toEqual(['ap8']);
    expect(got[0].reconsumeTimes).toBe(1);
  }, 60_000);

  it('lite pull and pull consumers filter with SQL92 on the broker', async () => {
    const { topic, producer } = await topicWithSample();
    await sendSample(producer, topic);
    const lite = new LitePullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('sqllite'), consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET' });
    lite.subscribe(topic, { sql: "region = 'us'" });
    await lite.start();
    cleanups.push(() => lite.shutdown());
    const fromLite: string[] = [];
    await until('us messages by lite pull', async () => {
      fromLite.push(...bodies(await lite.poll(500)));
      return fromLite.length >= 3;
    }, 20_000);
    expect(fromLite.sort()).toEqual(['big', 'text', 'us9']);

    const pull = new PullConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('sqlpull') });
    await pull.start();
    cleanups.push(() => pull.shutdown());
    const got: MessageExt[] = [];
    let noMatch = 0;
    for (const mq of await pull.fetchSubscribeMessageQueues(topic)) {
      let offset = 0;
      for (let i = 0; i < 20; i++) {
        const r = await pull.pull(mq, { sql: 'a >= 9' }, offset, 32);
        if (r.pullStatus === 'NO_MATCHED_MSG') noMatch++;
        got.push(...r.msgFoundList);
        if (r.pullStatus === 'NO_NEW_MSG' || r.nextBeginOffset === offset) break;
        offset = r.nextBeginOffset;
      }
    }
    expect(bodies(got).sort()).toEqual(['big', 'us9']);
    // Queues holding only non-matching messages answer NO_MATCHED_MSG and move on past them.
    expect(noMatch).toBeGreaterThan(0);
  }, 40_000);

  it('a bad selector fails subscribe() locally, and the broker refuses it with its parser reason', async () => {
    const { topic } = await topicWithSample();
    const c = new PushConsumer({ namesrvAddr: namesrvAddr(), consumerGroup: uniq('sqlbad') });
    expect(() => c.subscribe(topic, { sql: 'a > ' })).toThrow(FilterCompileError);
    // What the Java client sends before it starts (checkClientInBroker), with a selector that does not compile.
    const admin = new AdminClient({ namesrvAddr: namesrvAddr() });
    cleanups.push(() => admin.shutdown());
    const route = await admin.getTopicRoute(topic);
    const addr = route.brokerDatas[0].brokerAddrs['0'];
    const check = (expression: string) =>
      admin.invoke(
        addr,
        RemotingCommand.request(
          RequestCode.CHECK_CLIENT_CONFIG,
          undefined,
          encodeJavaBody({
            clientId: 'sql-check',
            group: 'sql-check',
            subscriptionData: { topic, subString: expression, expressionType: 'SQL92', tagsSet: [], codeSet: [], subVersion: Date.now(), classFilterMode: false },
          }),
        ),
      );
    const bad = await check('a = = 1');
    expect(bad.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(bad.remark).toMatch(/org\.apache\.rocketmq\.filter\.parser\.ParseException: Encountered/);
    const typed = await check("a > 'x'");
    expect(typed.code).toBe(ResponseCode.SUBSCRIPTION_PARSE_FAILED);
    expect(typed.remark).toMatch(/cannot be compared/);
    expect((await check('a > 5')).code).toBe(ResponseCode.SUCCESS);
  }, 30_000);
}
